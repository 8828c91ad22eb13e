package org.sgdvi.experiments.data;

import org.sgdvi.core.spectrum.SolverKind;

/**
 * {@code --solver}: one of the routes to the spectrum of D ({@link SolverKind}, whose names these are),
 * or the automatic choice.
 */
public enum SolverChoice implements Choices.Named {
    /** Chosen for d, N and the free memory. */
    AUTO,
    /** {@link SolverKind#DENSE}. */
    DENSE,
    /** {@link SolverKind#GRAM}. */
    GRAM,
    /** {@link SolverKind#MATRIX_FREE}. */
    MATRIX_FREE,
    /** {@link SolverKind#DENSE_LANCZOS}. */
    DENSE_LANCZOS;

    /** The solver, or null for the automatic choice. */
    public SolverKind kind() {
        return switch (this) {
            case AUTO -> null;
            case DENSE -> SolverKind.DENSE;
            case GRAM -> SolverKind.GRAM;
            case MATRIX_FREE -> SolverKind.MATRIX_FREE;
            case DENSE_LANCZOS -> SolverKind.DENSE_LANCZOS;
        };
    }

    /** The command-line spelling, which the help shows as a default. */
    @Override
    public String toString() {
        return cliName();
    }

    /** The picocli converter (auto, dense, gram, matrix-free or dense-lanczos, any case). */
    public static final class Converter extends Choices.Converter<SolverChoice> {
        /** For picocli. */
        public Converter() {
            super(SolverChoice.class);
        }
    }
}
