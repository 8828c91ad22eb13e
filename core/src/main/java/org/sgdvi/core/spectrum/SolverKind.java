package org.sgdvi.core.spectrum;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The routes to the spectrum of D, by their {@code --solver} names. */
public enum SolverKind {
    /** {@link DenseSymmetricSolver}. */
    DENSE(DenseSymmetricSolver.NAME),
    /** {@link GramSolver}. */
    GRAM(GramSolver.NAME),
    /** {@link MatrixFreeSolver}. */
    MATRIX_FREE(MatrixFreeSolver.NAME),
    /** {@link DenseLanczosSolver}. */
    DENSE_LANCZOS(DenseLanczosSolver.NAME);

    private final String cliName;

    SolverKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name accepted by {@code --solver}. */
    public String cliName() {
        return cliName;
    }

    /** Parses a {@code --solver} name (dense, gram, matrix-free, dense-lanczos; case-insensitive). */
    public static SolverKind parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SolverKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--solver '" + name + "' is not a solver; expected one of "
                + Arrays.stream(values()).map(SolverKind::cliName).collect(Collectors.joining(", ")));
    }
}
