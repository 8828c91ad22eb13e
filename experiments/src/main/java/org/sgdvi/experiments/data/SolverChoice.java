package org.sgdvi.experiments.data;

import org.sgdvi.core.spectrum.SolverKind;

/**
 * {@code --solver}: one of the routes to the spectrum of D ({@link SolverKind}, whose names these are),
 * or the automatic choice.
 */
public enum SolverChoice implements Choices.Named {
    /** Chosen for d, N and the free memory. */
    AUTO(null),
    /** {@link SolverKind#DENSE}. */
    DENSE(SolverKind.DENSE),
    /** {@link SolverKind#GRAM}. */
    GRAM(SolverKind.GRAM),
    /** {@link SolverKind#MATRIX_FREE}. */
    MATRIX_FREE(SolverKind.MATRIX_FREE);

    private final SolverKind kind;

    SolverChoice(SolverKind kind) {
        this.kind = kind;
    }

    /** The solver, or null for the automatic choice. */
    public SolverKind kind() {
        return kind;
    }

    /** The picocli converter (auto, dense, gram or matrix-free, any case). */
    public static final class Converter extends Choices.Converter<SolverChoice> {
        /** For picocli. */
        public Converter() {
            super(SolverChoice.class);
        }
    }
}
