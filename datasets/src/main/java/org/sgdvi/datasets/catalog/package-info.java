/**
 * Named data sets (mnist, mnist7x7, mnist7x7-5class, fashion-mnist, cifar10, cifar100) and the
 * options that derive further sets from them.
 */
package org.sgdvi.datasets.catalog;
