package org.sgdvi.core.dynamics.linear;

import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The decomposition F = (D + Q) U of Lemma 20 computed by {@link LyapunovLinearization}
 * (all matrices DOUBLE, n x n, in the original coordinates).
 *
 * @param f                     the symmetric F
 * @param d                     the PSD D
 * @param eigenvalues           eigenvalues mu of F, ascending
 * @param eigenvectors          eigenvectors of F as columns, in the same order
 * @param s                     stationary covariance: F S + S F^T = 2 D on the well-posed subspace W, 0 elsewhere
 * @param u                     pinv(S) on W (Phi(x) = x^T U x / 2)
 * @param q                     F S - D_W, antisymmetric
 * @param dRestricted           D_W = P_W D P_W
 * @param projector             P_W, the orthogonal projector on W
 * @param wellPosedIndices      indices i (into eigenvalues) spanning W (mu_i &gt; tol)
 * @param illPosedPairs         all pairs with mu_i + mu_j &lt;= tol, never divided by
 * @param rankS                 numerical rank of S
 * @param lyapunovResidual      ||P_W (F S + S F^T - 2 D) P_W||_F / ||2 D_W||_F
 * @param antisymmetryResidual  ||Q + Q^T||_F / (||D_W||_F + ||F S||_F)
 * @param factorizationResidual ||F P_S - (D_W + Q) U||_F / ||F P_S||_F
 * @param fsNorm                ||F S||_F (a scale of the residual tolerances in {@link org.sgdvi.core.check.Checks})
 * @param fpNorm                ||F P_S||_F, P_S the projector on the range of S
 */
public record LinearizationResult(INDArray f, INDArray d, INDArray eigenvalues, INDArray eigenvectors,
                                  INDArray s, INDArray u, INDArray q, INDArray dRestricted, INDArray projector,
                                  int[] wellPosedIndices, List<IllPosedPair> illPosedPairs, int rankS,
                                  double lyapunovResidual, double antisymmetryResidual,
                                  double factorizationResidual, double fsNorm, double fpNorm) {

    /** Number of eigenvalues of F that are not strictly positive (directions excluded from W). */
    public int excludedDirections() {
        return (int) eigenvalues.length() - wellPosedIndices.length;
    }

    /** ||Q||_F / ||D_W||_F: how far the dynamics is from detailed balance (0 for isotropic D, Lemma 6). */
    public double qOverD() {
        double dn = dRestricted.norm2Number().doubleValue();
        return dn > 0 ? q.norm2Number().doubleValue() / dn : 0.0;
    }

    /**
     * Angles (radians, in [0, pi]) between F x and D_W U x for {@code samples} random
     * x = P_W z, z ~ N(0, I) from a {@link SplittableRandom} with {@code seed}. The difference
     * F x - D_W U x = Q U x is the non-conservative part of the linearized force; samples where
     * either vector vanishes are skipped.
     */
    public double[] forceAngles(long seed, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("LinearizationResult: samples must be >= 1, got " + samples);
        }
        int n = (int) eigenvalues.length();
        SplittableRandom random = new SplittableRandom(seed);
        INDArray z = Nd4j.create(DataType.DOUBLE, n, samples);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < samples; k++) {
                z.putScalar(i, k, random.nextGaussian());
            }
        }
        INDArray x = projector.mmul(z);
        INDArray a = f.mmul(x);
        INDArray b = dRestricted.mmul(u).mmul(x);
        double[] out = new double[samples];
        int m = 0;
        for (int k = 0; k < samples; k++) {
            double[] ak = a.getColumn(k).toDoubleVector();
            double[] bk = b.getColumn(k).toDoubleVector();
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int i = 0; i < n; i++) {
                dot += ak[i] * bk[i];
                na += ak[i] * ak[i];
                nb += bk[i] * bk[i];
            }
            if (na == 0 || nb == 0) {
                continue;
            }
            out[m++] = Math.acos(Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(na * nb))));
        }
        return java.util.Arrays.copyOf(out, m);
    }

    /** Mean of {@link #forceAngles(long, int)} (radians); 0 if no sample was usable. */
    public double meanForceAngle(long seed, int samples) {
        double[] a = forceAngles(seed, samples);
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return a.length == 0 ? 0.0 : s / a.length;
    }
}
