package org.sgdvi.core.dynamics.linear;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.check.FaultInjection;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * The constructive route of Lemma 20 for a symmetric F (a Hessian) and a PSD D.
 *
 * <p>With F = V diag(mu) V^T ({@link SymmetricEigen}, ascending), D' = V^T D V, the Lyapunov equation
 * F S + S F^T = 2 D decouples entrywise: S'_ij = 2 D'_ij / (mu_i + mu_j). It is solved on the
 * well-posed subspace W = span{v_i : mu_i &gt; tol * max|mu|} (all pairs inside W have
 * mu_i + mu_j &gt; 0); every pair with mu_i + mu_j &lt;= tol * max|mu| is reported as an
 * {@link IllPosedPair} and nothing outside W is divided by (no NaN). On W:
 * <pre>
 *   S = V_W S'_W V_W^T,  U = V_W pinv(S'_W) V_W^T,  Q = F S - D_W,  D_W = P_W D P_W,
 * </pre>
 * where in eigen-coordinates Q'_ij = D'_ij (mu_i - mu_j) / (mu_i + mu_j) is antisymmetric, and
 * (D_W + Q) U = F S U = F P_S with P_S the projector on range(S) (= W when S'_W is invertible,
 * e.g. whenever every diagonal entry of D'_W is positive, by the Schur product theorem).
 * For isotropic D = c I: Q = 0 and U = F / c on W (Lemma 6).
 */
public final class LyapunovLinearization {

    private final double tolerance;

    /** The fault ({@link FaultInjection}) that mixes the first and last eigenvectors of F (tests of the self-checks). */
    public static final String CORRUPT_EIGENVECTORS = "linearize-eigenvectors";

    /** Relative eigenvalue tolerance 1e-12. */
    public LyapunovLinearization() {
        this(1e-12);
    }

    public LyapunovLinearization(double tolerance) {
        if (!(tolerance > 0) || tolerance >= 1) {
            throw new IllegalArgumentException("LyapunovLinearization: tolerance must be in (0, 1), got " + tolerance);
        }
        this.tolerance = tolerance;
    }

    /** Decomposes for F, D given as square arrays (copied). */
    public LinearizationResult decompose(double[][] f, double[][] d) {
        return decompose(Nd4j.createFromArray(f), Nd4j.createFromArray(d));
    }

    /**
     * Decomposes for square symmetric {@code f} and symmetric PSD {@code d} of the same size
     * (converted to DOUBLE; inputs untouched).
     *
     * @throws IllegalArgumentException if the shapes differ, are not square, or a matrix is not
     *                                  symmetric to 1e-10 relative, or contains non-finite entries
     */
    public LinearizationResult decompose(INDArray fIn, INDArray dIn) {
        INDArray f = fIn.castTo(DataType.DOUBLE).dup();
        INDArray d = dIn.castTo(DataType.DOUBLE).dup();
        int n = checkSquare("F", f);
        if (checkSquare("D", d) != n) {
            throw new IllegalArgumentException("LyapunovLinearization: F is " + n + "x" + n + " but D is "
                    + d.rows() + "x" + d.columns());
        }
        checkSymmetric("F", f);
        checkSymmetric("D", d);

        SymmetricEigen.Decomposition eigF = SymmetricEigen.decompose(f, SymmetricEigen.Order.ASCENDING);
        INDArray v = eigF.vectors();
        double[] mu = eigF.values();
        if (FaultInjection.active(CORRUPT_EIGENVECTORS) && n >= 2) {
            // what a broken LAPACK did: correct eigenvalues, eigenvectors mixed across distinct eigenvalues
            INDArray a = v.getColumn(0).dup();
            INDArray b = v.getColumn(n - 1).dup();
            v.putColumn(0, a.mul(0.8).add(b.mul(0.6)));
            v.putColumn(n - 1, a.mul(0.6).sub(b.mul(0.8)).mul(-1));
        }
        double scale = 0;
        for (double m : mu) {
            scale = Math.max(scale, Math.abs(m));
        }
        double eps = tolerance * Math.max(scale, Double.MIN_NORMAL);

        List<IllPosedPair> ill = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                if (mu[i] + mu[j] <= eps) {
                    ill.add(new IllPosedPair(i, j, mu[i], mu[j]));
                }
            }
        }
        List<Integer> wList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (mu[i] > eps) {
                wList.add(i);
            }
        }
        int w = wList.size();
        int[] wellPosed = wList.stream().mapToInt(Integer::intValue).toArray();

        INDArray s;
        INDArray u;
        INDArray projectorW;
        INDArray projectorS;
        int rankS;
        if (w == 0) {
            s = Nd4j.zeros(DataType.DOUBLE, n, n);
            u = Nd4j.zeros(DataType.DOUBLE, n, n);
            projectorW = Nd4j.zeros(DataType.DOUBLE, n, n);
            projectorS = Nd4j.zeros(DataType.DOUBLE, n, n);
            rankS = 0;
        } else {
            INDArray vw = Nd4j.create(DataType.DOUBLE, n, w);
            for (int c = 0; c < w; c++) {
                vw.putColumn(c, v.getColumn(wellPosed[c]));
            }
            INDArray dPrime = vw.transpose().mmul(d).mmul(vw);
            double[][] sp = new double[w][w];
            for (int a = 0; a < w; a++) {
                for (int b = 0; b < w; b++) {
                    double dab = 0.5 * (dPrime.getDouble(a, b) + dPrime.getDouble(b, a));
                    sp[a][b] = 2.0 * dab / (mu[wellPosed[a]] + mu[wellPosed[b]]);
                }
            }
            INDArray sPrime = Nd4j.createFromArray(sp);
            // pseudo-inverse of the symmetric PSD S'_W through its own eigendecomposition
            SymmetricEigen.Decomposition eigS = SymmetricEigen.decompose(sPrime, SymmetricEigen.Order.ASCENDING);
            INDArray z = eigS.vectors();
            double[] sigma = eigS.values();
            double sMax = 0;
            for (double x : sigma) {
                sMax = Math.max(sMax, Math.abs(x));
            }
            double cut = sMax * w * 1e-13;
            INDArray inv = Nd4j.zeros(DataType.DOUBLE, w);
            INDArray keep = Nd4j.zeros(DataType.DOUBLE, w);
            int r = 0;
            for (int a = 0; a < w; a++) {
                if (sigma[a] > cut) {
                    inv.putScalar(a, 1.0 / sigma[a]);
                    keep.putScalar(a, 1.0);
                    r++;
                }
            }
            rankS = r;
            INDArray uPrime = z.mulRowVector(inv).mmul(z.transpose());
            INDArray pPrime = z.mulRowVector(keep).mmul(z.transpose());
            s = SymmetricEigen.symmetrize(vw.mmul(sPrime).mmul(vw.transpose()));
            u = SymmetricEigen.symmetrize(vw.mmul(uPrime).mmul(vw.transpose()));
            projectorW = vw.mmul(vw.transpose());
            projectorS = vw.mmul(pPrime).mmul(vw.transpose());
        }
        INDArray dW = projectorW.mmul(d).mmul(projectorW);
        INDArray q = f.mmul(s).sub(dW);

        double dNorm = dW.norm2Number().doubleValue();
        double fsNorm = f.mmul(s).norm2Number().doubleValue();
        INDArray lyap = projectorW.mmul(f.mmul(s).add(s.mmul(f.transpose())).sub(d.mul(2.0))).mmul(projectorW);
        double lyapunovResidual = relative(lyap.norm2Number().doubleValue(), 2.0 * dNorm);
        double antisymmetryResidual = relative(q.add(q.transpose()).norm2Number().doubleValue(), dNorm + fsNorm);
        INDArray fp = f.mmul(projectorS);
        INDArray fact = fp.sub(dW.add(q).mmul(u));
        double fpNorm = fp.norm2Number().doubleValue();
        double factorizationResidual = relative(fact.norm2Number().doubleValue(), fpNorm);

        return new LinearizationResult(f, d, Nd4j.createFromArray(mu), v, s, u, q, dW, projectorW, wellPosed,
                List.copyOf(ill), rankS, lyapunovResidual, antisymmetryResidual, factorizationResidual, fsNorm, fpNorm);
    }

    private static double relative(double num, double den) {
        return den > 0 ? num / den : num;
    }

    private static int checkSquare(String name, INDArray a) {
        if (a.rank() != 2 || a.rows() != a.columns() || a.rows() == 0) {
            throw new IllegalArgumentException("LyapunovLinearization: " + name
                    + " must be a non-empty square matrix, got shape " + java.util.Arrays.toString(a.shape()));
        }
        for (double x : a.data().asDouble()) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("LyapunovLinearization: " + name + " has a non-finite entry " + x);
            }
        }
        return a.rows();
    }

    private static void checkSymmetric(String name, INDArray a) {
        double asym = a.sub(a.transpose()).norm2Number().doubleValue();
        double norm = a.norm2Number().doubleValue();
        if (asym > 1e-10 * Math.max(norm, 1e-300)) {
            throw new IllegalArgumentException("LyapunovLinearization: " + name
                    + " must be symmetric; ||A - A^T||_F / ||A||_F = " + (asym / norm));
        }
    }
}
