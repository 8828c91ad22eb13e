package org.sgdvi.core.diffusion;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded synthetic gradient matrices for the diffusion and spectrum tests, built in plain Java
 * doubles (independent of ND4J), including matrices whose diffusion matrix has an exactly known
 * spectrum.
 */
public final class GradientTestData {

    private GradientTestData() {
    }

    /**
     * A gradient matrix G [N, d] with known D = Q diag(lambda) Q^T (with replacement):
     * G = 1 gbar^T + sqrt(N) P diag(sqrt(lambda)) Q^T with P [N, r] orthonormal columns orthogonal to
     * the ones vector (so the rows are centred on gbar) and Q [d, r] orthonormal.
     *
     * @param g the rows g_k
     * @param lambdas the nonzero eigenvalues of D, as given
     * @param mean gbar
     */
    public record KnownSpectrum(double[][] g, double[] lambdas, double[] mean) {
        /** G as an ND4J matrix. */
        public INDArray matrix(DataType dtype) {
            return toArray(g, dtype);
        }
    }

    /** See {@link KnownSpectrum}; requires r <= N - 1 and r <= d. */
    public static KnownSpectrum knownSpectrum(int n, int d, double[] lambdas, long seed) {
        int r = lambdas.length;
        if (r > n - 1 || r > d) {
            throw new IllegalArgumentException("rank " + r + " needs N > r and d >= r");
        }
        Random rnd = new Random(seed);
        double[][] p = gaussian(n, r, rnd);
        for (int j = 0; j < r; j++) {
            double mu = 0;
            for (int i = 0; i < n; i++) {
                mu += p[i][j];
            }
            mu /= n;
            for (int i = 0; i < n; i++) {
                p[i][j] -= mu;
            }
        }
        orthonormalizeColumns(p, true);
        double[][] q = gaussian(d, r, rnd);
        orthonormalizeColumns(q, false);
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = rnd.nextGaussian();
        }
        double[][] g = new double[n][d];
        double s = Math.sqrt(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = mean[j];
                for (int k = 0; k < r; k++) {
                    v += s * p[i][k] * Math.sqrt(lambdas[k]) * q[j][k];
                }
                g[i][j] = v;
            }
        }
        return new KnownSpectrum(g, lambdas.clone(), mean);
    }

    /** An [rows, cols] matrix of independent N(offset, scale^2) entries. */
    public static double[][] gaussian(int rows, int cols, double offset, double scale, long seed) {
        double[][] a = gaussian(rows, cols, new Random(seed));
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = offset + scale * row[j];
            }
        }
        return a;
    }

    /** Small integers in [-range, range], seeded. */
    public static double[][] integers(int rows, int cols, int range, long seed) {
        Random rnd = new Random(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextInt(2 * range + 1) - range;
            }
        }
        return a;
    }

    /**
     * D from its definition in exact arithmetic for integer-valued rows: D_ij = (N sum_k g_ki g_kj -
     * (sum_k g_ki)(sum_k g_kj)) / N^2, the numerator an exact long; times N/(N-1) without replacement.
     */
    public static double[][] exactDiffusion(double[][] g, Sampling sampling) {
        int n = g.length;
        int d = g[0].length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                long sij = 0;
                long si = 0;
                long sj = 0;
                for (double[] row : g) {
                    sij += (long) row[i] * (long) row[j];
                    si += (long) row[i];
                    sj += (long) row[j];
                }
                long numerator = n * sij - si * sj;
                long denominator = sampling == Sampling.WITH_REPLACEMENT ? (long) n * n : (long) n * (n - 1);
                out[i][j] = (double) numerator / denominator;
            }
        }
        return out;
    }

    /** D by the two-pass centred definition in doubles: (1/N) sum (g - gbar)(g - gbar)^T (times N/(N-1)). */
    public static double[][] centredDiffusion(double[][] g, Sampling sampling) {
        int n = g.length;
        int d = g[0].length;
        double[] mean = new double[d];
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] out = new double[d][d];
        double div = sampling == Sampling.WITH_REPLACEMENT ? n : n - 1;
        for (double[] row : g) {
            for (int i = 0; i < d; i++) {
                double ci = row[i] - mean[i];
                for (int j = 0; j < d; j++) {
                    out[i][j] += ci * (row[j] - mean[j]) / div;
                }
            }
        }
        return out;
    }

    /** A Java matrix as an ND4J matrix in {@code dtype}. */
    public static INDArray toArray(double[][] a, DataType dtype) {
        return Nd4j.createFromArray(a).castTo(dtype);
    }

    /** An ND4J matrix as Java doubles. */
    public static double[][] toJava(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** max_ij |a_ij - b_ij|. */
    public static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    /** max_ij |a_ij|. */
    public static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    private static double[][] gaussian(int rows, int cols, Random rnd) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return a;
    }

    /** Modified Gram-Schmidt, twice, in place; optionally keeps the columns orthogonal to the ones vector. */
    private static void orthonormalizeColumns(double[][] a, boolean orthogonalToOnes) {
        int rows = a.length;
        int cols = a[0].length;
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < cols; j++) {
                if (orthogonalToOnes) {
                    double mu = 0;
                    for (double[] row : a) {
                        mu += row[j];
                    }
                    mu /= rows;
                    for (double[] row : a) {
                        row[j] -= mu;
                    }
                }
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (double[] row : a) {
                        dot += row[j] * row[k];
                    }
                    for (double[] row : a) {
                        row[j] -= dot * row[k];
                    }
                }
                double norm = 0;
                for (double[] row : a) {
                    norm += row[j] * row[j];
                }
                norm = Math.sqrt(norm);
                for (double[] row : a) {
                    row[j] /= norm;
                }
            }
        }
    }
}
