package org.sgdvi.experiments.data;

import org.sgdvi.core.diffusion.Sampling;

/**
 * {@code --sampling} and {@code --d-sampling}: mini-batches drawn with or without replacement
 * (which also fixes the normalization of D, {@link Sampling}).
 */
public enum Replacement implements Choices.Named {
    /** Independent draws. */
    WITH(Sampling.WITH_REPLACEMENT),
    /** b distinct examples per batch. */
    WITHOUT(Sampling.WITHOUT_REPLACEMENT);

    private final Sampling sampling;

    Replacement(Sampling sampling) {
        this.sampling = sampling;
    }

    /** The sampling that fixes D's normalization. */
    public Sampling sampling() {
        return sampling;
    }

    /**
     * The constant named {@code text} ({@code with} or {@code without}, any case).
     *
     * @param what the option or field, for the message
     * @throws IllegalArgumentException naming {@code what} and the accepted names
     */
    public static Replacement parse(String what, String text) {
        return Choices.parse(Replacement.class, what, text);
    }

    /** The picocli converter (with or without, any case). */
    public static final class Converter extends Choices.Converter<Replacement> {
        /** For picocli. */
        public Converter() {
            super(Replacement.class);
        }
    }
}
