package org.sgdvi.experiments.data;

import org.nd4j.linalg.api.buffer.DataType;

/** {@code --dtype}: the type D(x) and its products are accumulated in. */
public enum Precision implements Choices.Named {
    /** float32, as in the paper. */
    FLOAT,
    /** float64. */
    DOUBLE;

    /** The ND4J type. */
    public DataType dataType() {
        return switch (this) {
            case FLOAT -> DataType.FLOAT;
            case DOUBLE -> DataType.DOUBLE;
        };
    }

    /** The picocli converter (float or double, any case). */
    public static final class Converter extends Choices.Converter<Precision> {
        /** For picocli. */
        public Converter() {
            super(Precision.class);
        }
    }
}
