package org.sgdvi.core.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.train.OptimizerSettings;

/**
 * How to build a zoo network.
 *
 * @param numClasses number of output classes; 0 means the spec's default
 * @param widthScale multiplies every convolution's channel count and every hidden dense layer's
 *     width (rounded, at least 1); the output width stays the number of classes. 1 is the paper's
 *     network; tests use smaller values.
 * @param seed seeds the weight initialization
 * @param dataType FLOAT for experiments, DOUBLE for tests that compare numbers
 * @param dropout whether the paper's dropout layers are present
 * @param optimizer the updater and weight decay baked into the configuration
 */
public record ModelOptions(int numClasses, double widthScale, long seed, DataType dataType, boolean dropout,
                           OptimizerSettings optimizer) {

    public ModelOptions {
        if (numClasses < 0 || numClasses == 1) {
            throw new IllegalArgumentException("model options: numClasses = " + numClasses
                    + ", expected 0 (the spec's default) or >= 2");
        }
        if (!(widthScale > 0) || Double.isInfinite(widthScale)) {
            throw new IllegalArgumentException("model options: widthScale = " + widthScale
                    + ", expected a finite number > 0");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("model options: dataType = " + dataType
                    + ", expected FLOAT or DOUBLE");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("model options: optimizer is missing");
        }
    }

    /** Default classes, full width, seed 0, FLOAT, dropout on, {@link OptimizerSettings#paperDefaults()}. */
    public static ModelOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().numClasses(numClasses).widthScale(widthScale).seed(seed).dataType(dataType)
                .dropout(dropout).optimizer(optimizer);
    }

    /** Scales a paper width: max(1, round(base * widthScale)). */
    public int scaled(int base) {
        return Math.max(1, (int) Math.round(base * widthScale));
    }

    /** Builder with the defaults of {@link #defaults()}. */
    public static final class Builder {
        private int numClasses = 0;
        private double widthScale = 1.0;
        private long seed = 0;
        private DataType dataType = DataType.FLOAT;
        private boolean dropout = true;
        private OptimizerSettings optimizer = OptimizerSettings.paperDefaults();

        private Builder() {
        }

        public Builder numClasses(int n) {
            this.numClasses = n;
            return this;
        }

        public Builder widthScale(double s) {
            this.widthScale = s;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder dataType(DataType t) {
            this.dataType = t;
            return this;
        }

        public Builder dropout(boolean on) {
            this.dropout = on;
            return this;
        }

        public Builder optimizer(OptimizerSettings o) {
            this.optimizer = o;
            return this;
        }

        public ModelOptions build() {
            return new ModelOptions(numClasses, widthScale, seed, dataType, dropout, optimizer);
        }
    }
}
