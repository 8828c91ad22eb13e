/**
 * The data layer's types: {@link org.sgdvi.datasets.ImageDataset} (N images, C x H x W, and
 * labels), {@link org.sgdvi.datasets.DataSplit} (train and validation) and
 * {@link org.sgdvi.datasets.DataProvenance} (sources, SHA-256 of every file, transforms, split seed),
 * plus the exceptions of the data layer. The training set is the N examples of the paper's
 * f(x) = (1/N) sum_k f_k(x).
 */
package org.sgdvi.datasets;
