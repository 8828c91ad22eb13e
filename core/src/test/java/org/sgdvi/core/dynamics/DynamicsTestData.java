package org.sgdvi.core.dynamics;

import java.util.SplittableRandom;

/** Seeded generators shared by the dynamics tests: random points, random symmetric and PSD matrices. */
public final class DynamicsTestData {

    private DynamicsTestData() {
    }

    /** {@code count} points uniform in [-r, r]^2 as rows {x1, x2}. */
    public static double[][] points(long seed, int count, double r) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = new double[count][2];
        for (double[] q : p) {
            q[0] = random.nextDouble(-r, r);
            q[1] = random.nextDouble(-r, r);
        }
        return p;
    }

    /** A random n x k matrix with standard normal entries. */
    public static double[][] gaussian(long seed, int n, int k) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] a = new double[n][k];
        for (double[] row : a) {
            for (int j = 0; j < k; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return a;
    }

    /** A random PSD matrix G G^T / k of rank min(n, k). */
    public static double[][] psd(long seed, int n, int k) {
        double[][] g = gaussian(seed, n, k);
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += g[i][c] * g[j][c];
                }
                d[i][j] = s / k;
            }
        }
        return d;
    }

    /** A random symmetric matrix with the given eigenvalues: O diag(mu) O^T, O from Gram-Schmidt. */
    public static double[][] symmetricWithEigenvalues(long seed, double... mu) {
        int n = mu.length;
        double[][] o = orthogonal(seed, n);
        double[][] f = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < n; c++) {
                    s += o[i][c] * mu[c] * o[j][c];
                }
                f[i][j] = s;
            }
        }
        return f;
    }

    /** A random orthogonal matrix (columns orthonormal) by Gram-Schmidt on a Gaussian matrix. */
    public static double[][] orthogonal(long seed, int n) {
        double[][] a = gaussian(seed, n, n);
        double[][] q = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = a[i][c];
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * q[i][p];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * q[i][p];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i][c] = v[i] / norm;
            }
        }
        return q;
    }

    /** Matrix product a b. */
    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i][p] * b[p][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /** Transpose. */
    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** Frobenius norm of a - b. */
    public static double distance(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                s += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
            }
        }
        return Math.sqrt(s);
    }

    /** Frobenius norm. */
    public static double norm(double[][] a) {
        return distance(a, new double[a.length][a[0].length]);
    }

    /**
     * The linear field g(x) = F x with F = diag(a, b): the drift of an Ornstein-Uhlenbeck process and the 2 x 2 case
     * in which the Lyapunov solution and the antisymmetric part Q have closed forms (Lemma 20).
     *
     * @param a F_11
     * @param b F_22
     */
    public record DiagonalField(double a, double b) implements VectorField2D {

        @Override
        public void value(double x1, double x2, double[] out) {
            out[0] = a * x1;
            out[1] = b * x2;
        }

        @Override
        public void jacobian(double x1, double x2, double[] out) {
            out[0] = a;
            out[1] = 0;
            out[2] = 0;
            out[3] = b;
        }

        /** F as a matrix. */
        public double[][] f() {
            return new double[][] {{a, 0}, {0, b}};
        }

        /** Q_12 = d12 (a - b) / (a + b): the antisymmetric part for a symmetric D with off-diagonal d12. */
        public double q12(double d12) {
            return d12 * (a - b) / (a + b);
        }
    }
}
