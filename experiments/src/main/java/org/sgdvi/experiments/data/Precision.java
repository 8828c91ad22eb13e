package org.sgdvi.experiments.data;

import org.nd4j.linalg.api.buffer.DataType;

/** {@code --dtype}: the type D(x) and its products are accumulated in. */
public enum Precision implements Choices.Named {
    /** float32, as in the paper. */
    FLOAT(DataType.FLOAT),
    /** float64. */
    DOUBLE(DataType.DOUBLE);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The ND4J type. */
    public DataType dataType() {
        return dataType;
    }

    /** The picocli converter (float or double, any case). */
    public static final class Converter extends Choices.Converter<Precision> {
        /** For picocli. */
        public Converter() {
            super(Precision.class);
        }
    }
}
