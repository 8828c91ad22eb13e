package org.sgdvi.experiments.trajectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.sgdvi.core.io.Npy;
import org.sgdvi.core.trajectory.TrajectoryMatrix;
import org.sgdvi.core.trajectory.TrajectoryStore;

/**
 * A trajectory to analyse and, if known, its per-snapshot gradient norm.
 *
 * @param matrix      the T x d trajectory
 * @param gradNorm    the gradient norm per snapshot (length T), or null
 * @param source      where the trajectory came from (for reports)
 * @param gradSource  where the gradient norm came from, or null
 */
public record TrajectoryInput(TrajectoryMatrix matrix, double[] gradNorm, String source, String gradSource) {

    /** Name of the scalar column of a {@link TrajectoryStore} holding the gradient norm. */
    public static final String GRAD_NORM_COLUMN = "gradNorm";

    /**
     * Loads a T x d float32/float64 .npy (C or Fortran order) or a {@link TrajectoryStore}
     * folder. The gradient norm comes from {@code gradNormFile} (a 1-D .npy) when given,
     * otherwise from the store's {@value #GRAD_NORM_COLUMN} column when the input is a store
     * with that column.
     *
     * @throws IOException naming the file when it is missing or not a valid trajectory
     */
    public static TrajectoryInput load(Path trajectory, Path gradNormFile) throws IOException {
        TrajectoryMatrix matrix;
        double[] gradNorm = null;
        String gradSource = null;
        if (Files.isDirectory(trajectory)) {
            if (!TrajectoryStore.isStore(trajectory)) {
                throw new IOException(trajectory + " is a folder but not a trajectory store (no "
                        + TrajectoryStore.LAYOUT_FILE + "); expected a T x d .npy file or a store folder");
            }
            try (TrajectoryStore store = TrajectoryStore.openReadOnly(trajectory)) {
                matrix = store.readAsMatrix();
                if (gradNormFile == null && store.layout().scalarIndex(GRAD_NORM_COLUMN) >= 0) {
                    gradNorm = store.readScalarColumn(GRAD_NORM_COLUMN);
                    gradSource = trajectory + " (column " + GRAD_NORM_COLUMN + ")";
                }
            }
        } else if (Files.isRegularFile(trajectory)) {
            matrix = TrajectoryMatrix.readNpy(trajectory);
        } else {
            throw new NoSuchFileException(trajectory + ": no such trajectory file or store folder");
        }
        if (gradNormFile != null) {
            if (!Files.isRegularFile(gradNormFile)) {
                throw new NoSuchFileException(gradNormFile + ": no such gradient-norm .npy file");
            }
            Npy.requireFloat(Npy.Header.read(gradNormFile), gradNormFile);
            gradNorm = Npy.readVector(gradNormFile);
            gradSource = gradNormFile.toString();
        }
        return new TrajectoryInput(matrix, gradNorm, trajectory.toString(), gradSource);
    }

    /**
     * Refuses a trajectory or gradient norm with a NaN or infinite entry: every statistic of the
     * analysis (FFT, auto-correlation, EWMA) would silently be contaminated.
     *
     * @return this input
     * @throws IllegalArgumentException naming the file, the first weight (column) that is not finite,
     *                                  its first such snapshot (row) and how many weights are affected
     */
    public TrajectoryInput requireFinite() {
        if (gradNorm != null) {
            for (int k = 0; k < gradNorm.length; k++) {
                if (!Double.isFinite(gradNorm[k])) {
                    throw new IllegalArgumentException(gradSource + ": gradient norm of snapshot " + k + " (0-based) is "
                            + gradNorm[k] + "; expected finite numbers");
                }
            }
        }
        TrajectoryMatrix matrix = this.matrix;
        String source = this.source;
        int firstWeight = -1;
        int firstSnapshot = -1;
        double firstValue = 0;
        int badWeights = 0;
        for (int i = 0; i < matrix.dimension(); i++) {
            double[] s = matrix.series(i);
            for (int k = 0; k < s.length; k++) {
                if (!Double.isFinite(s[k])) {
                    if (firstWeight < 0) {
                        firstWeight = i;
                        firstSnapshot = k;
                        firstValue = s[k];
                    }
                    badWeights++;
                    break;
                }
            }
        }
        if (firstWeight >= 0) {
            throw new IllegalArgumentException(source + ": weight (column) " + firstWeight + " is " + firstValue
                    + " at snapshot (row) " + firstSnapshot + " (0-based); " + badWeights + " of " + matrix.dimension()
                    + " weights hold NaN or infinite values; expected a finite trajectory (drop those columns or "
                    + "the snapshots after a divergence)");
        }
        return this;
    }
}
