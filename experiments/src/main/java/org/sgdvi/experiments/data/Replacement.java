package org.sgdvi.experiments.data;

import org.sgdvi.core.diffusion.Sampling;

/**
 * {@code --sampling} and {@code --d-sampling}: mini-batches drawn with or without replacement
 * (which also fixes the normalization of D, {@link Sampling}).
 */
public enum Replacement implements Choices.Named {
    /** Independent draws. */
    WITH,
    /** b distinct examples per batch. */
    WITHOUT;

    /** The sampling that fixes D's normalization. */
    public Sampling sampling() {
        return switch (this) {
            case WITH -> Sampling.WITH_REPLACEMENT;
            case WITHOUT -> Sampling.WITHOUT_REPLACEMENT;
        };
    }

    /** The constant whose {@link #sampling()} is {@code s}. */
    public static Replacement of(Sampling s) {
        return s == Sampling.WITH_REPLACEMENT ? WITH : WITHOUT;
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
