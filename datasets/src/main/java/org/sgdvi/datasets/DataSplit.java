package org.sgdvi.datasets;

import java.util.Objects;

/**
 * A training set, the validation set it is evaluated against, and where both came from.
 * The validation set has the same image shape and number of classes as the training set.
 *
 * @param train      the training examples (the N of the paper's f(x) = (1/N) sum_k f_k(x))
 * @param validation held-out examples
 * @param provenance source files, checksums, transforms and split seed
 */
public record DataSplit(ImageDataset train, ImageDataset validation, DataProvenance provenance) {
    /** Checks that the two sets are compatible. */
    public DataSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(provenance, "provenance");
        if (train.channels() != validation.channels() || train.height() != validation.height()
                || train.width() != validation.width() || train.numClasses() != validation.numClasses()) {
            throw new IllegalArgumentException("train " + train.shapeString() + " and validation "
                    + validation.shapeString() + " differ in shape or number of classes");
        }
    }
}
