package org.sgdvi.core.kernels;

import java.util.Arrays;

/**
 * Eigenvalues of a small symmetric matrix by the cyclic Jacobi rotation method in plain Java doubles,
 * with no BLAS or LAPACK underneath: the independent reference of {@link KernelSelfTest} and of the
 * eigensolver tests. Each sweep costs O(n^3); it stops when the off-diagonal mass falls below
 * 10^-34 of the total (that is, below double precision) or after 100 sweeps.
 */
public final class JacobiEigenvalues {

    private JacobiEigenvalues() {
    }

    /** The eigenvalues of {@code symmetric} (not modified), sorted descending. */
    public static double[] of(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
        }
        double total = 0;
        for (double[] row : a) {
            for (double v : row) {
                total += v * v;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-300 || off <= 1e-34 * total) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        Arrays.sort(values);
        double[] desc = new double[n];
        for (int i = 0; i < n; i++) {
            desc[i] = values[n - 1 - i];
        }
        return desc;
    }
}
