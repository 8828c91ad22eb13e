package org.sgdvi.core.dynamics.linear;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * How far a linearized SGD dynamics dx = -F x dt + sqrt(2 D) dW is from detailed balance
 * (Lemma 20, Lemma 6 and Assumption 4 of the paper).
 *
 * <p>With F = (D + Q) U, the force splits into -D U x (the gradient of Phi(x) = x^T U x / 2,
 * preconditioned by D) and -Q U x (the conservative, divergence-free part j); detailed balance holds
 * iff Q = 0. In the eigenbasis of F (eigenvalues mu_i &gt; 0 on the well-posed subspace W),
 * <pre>
 *   Q'_ij = D'_ij (mu_i - mu_j) / (mu_i + mu_j),   |(mu_i - mu_j) / (mu_i + mu_j)| &lt; 1,
 * </pre>
 * so Q = 0 iff D' is diagonal between distinct eigenvalues (D commutes with F, e.g. D = c I as in
 * Lemma 6, or D = c F), and r = ||Q||_F / ||D_W||_F always lies in [0, 1), bounded by the
 * off-diagonal fraction ||offdiag(D')||_F / ||D'||_F. The verdict classifies r:
 * r &lt; 0.01 detailed balance holds (to 1%), r &lt; 0.1 near detailed balance, r &lt; 0.5 broken,
 * r &gt;= 0.5 far from detailed balance; undetermined when W has fewer than 2 dimensions (an antisymmetric
 * 1 x 1 matrix is 0, so r = 0 says nothing). Two baselines calibrate r: the isotropic D = (tr D / d) I
 * (Lemma 6: Q = 0, computed through the full decomposition) and a null model with D's eigenvalues in a
 * Haar-random eigenbasis of W (what a D unrelated to F would give).
 */
public final class DetailedBalance {

    /** Relative cutoffs of the sensitivity check: r on the directions with mu &gt; c max(mu). */
    public static final double[] CUTOFFS = {1e-6, 1e-4, 1e-2};
    /** Upper limit of r for {@link Verdict#HOLDS}. */
    public static final double HOLDS_BELOW = 0.01;
    /** Upper limit of r for {@link Verdict#NEAR}. */
    public static final double NEAR_BELOW = 0.1;
    /** Upper limit of r for {@link Verdict#BROKEN}; at or above it, {@link Verdict#FAR}. */
    public static final double BROKEN_BELOW = 0.5;

    /** Classification of r = ||Q||_F / ||D_W||_F. */
    public enum Verdict {
        /** r &lt; 0.01: Q negligible, the dynamics is (to 1%) a gradient flow of Phi. */
        HOLDS("detailed balance holds (||Q||/||D|| < 0.01)"),
        /** 0.01 &lt;= r &lt; 0.1. */
        NEAR("near detailed balance (0.01 <= ||Q||/||D|| < 0.1)"),
        /** 0.1 &lt;= r &lt; 0.5. */
        BROKEN("detailed balance broken (0.1 <= ||Q||/||D|| < 0.5)"),
        /** r &gt;= 0.5. */
        FAR("far from detailed balance (||Q||/||D|| >= 0.5; the bound is 1)"),
        /** The well-posed subspace has fewer than 2 dimensions, where Q = 0 trivially: nothing measured. */
        UNDETERMINED("undetermined (the well-posed subspace has fewer than 2 dimensions, so Q = 0 trivially)");

        private final String description;

        Verdict(String description) {
            this.description = description;
        }

        /** One line for a report. */
        public String description() {
            return description;
        }
    }

    /**
     * The measured numbers.
     *
     * @param qOverD                 r = ||Q||_F / ||D_W||_F
     * @param offDiagonalFraction    ||offdiag(D')||_F / ||D'||_F in F's eigenbasis on W (an upper bound of r)
     * @param hessianDiffusionCosine &lt;F_W, D_W&gt;_F / (||F_W||_F ||D_W||_F), F_W = P_W F P_W (1 iff D_W = c F_W)
     * @param anglesRadians          angles between F x and D_W U x for the random x
     * @param angleMean              mean angle (radians)
     * @param angleStd               standard deviation of the angle (radians)
     * @param angleMin               smallest angle
     * @param angleMedian            median angle
     * @param angleMax               largest angle
     * @param isotropicQOverD        r for D = (tr D / d) I through the full decomposition (Lemma 6: 0)
     * @param isotropicUResidual     ||U - F_W / c||_F / ||F_W / c||_F for that isotropic D (Lemma 6: 0)
     * @param randomBasisQOverD      r for D's eigenvalues in a Haar-random eigenbasis of W
     * @param cutoffs                relative eigenvalue cutoffs c of the sensitivity check ({@link #CUTOFFS})
     * @param qOverDAboveCutoff      r (closed form) restricted to the eigen-directions with mu &gt; c max(mu), per cutoff
     * @param verdict                the classification of r
     */
    public record Assessment(double qOverD, double offDiagonalFraction, double hessianDiffusionCosine,
                             double[] anglesRadians, double angleMean, double angleStd, double angleMin,
                             double angleMedian, double angleMax, double isotropicQOverD, double isotropicUResidual,
                             double randomBasisQOverD, double[] cutoffs, double[] qOverDAboveCutoff,
                             Verdict verdict) {
    }

    private DetailedBalance() {
    }

    /** The verdict for r = ||Q||_F / ||D_W||_F. */
    public static Verdict classify(double qOverD) {
        if (!(qOverD >= 0)) {
            throw new IllegalArgumentException("||Q||/||D|| = " + qOverD + "; expected a number >= 0");
        }
        if (qOverD < HOLDS_BELOW) {
            return Verdict.HOLDS;
        }
        if (qOverD < NEAR_BELOW) {
            return Verdict.NEAR;
        }
        return qOverD < BROKEN_BELOW ? Verdict.BROKEN : Verdict.FAR;
    }

    /**
     * Assesses a decomposition.
     *
     * @param r       the decomposition of F and D
     * @param solver  the solver that made it (for the isotropic baseline)
     * @param seed    seed of the random x and of the random eigenbasis
     * @param samples number of random x for the angles
     */
    public static Assessment assess(LinearizationResult r, LyapunovLinearization solver, long seed, int samples) {
        double[] mu = r.eigenvalues().toDoubleVector();
        int[] w = r.wellPosedIndices();
        int n = mu.length;
        double[] muW = new double[w.length];
        for (int a = 0; a < w.length; a++) {
            muW[a] = mu[w[a]];
        }
        INDArray dPrime = eigenCoordinates(r);
        double offDiagonal = offDiagonalFraction(dPrime);
        INDArray fW = r.projector().mmul(r.f()).mmul(r.projector());
        double dn = r.dRestricted().norm2Number().doubleValue();
        double fn = fW.norm2Number().doubleValue();
        double cosine = dn > 0 && fn > 0 ? fW.mul(r.dRestricted()).sumNumber().doubleValue() / (dn * fn) : 0.0;

        double[] angles = r.forceAngles(seed, samples);
        double[] sorted = angles.clone();
        Arrays.sort(sorted);
        double mean = 0;
        for (double a : angles) {
            mean += a;
        }
        mean = angles.length == 0 ? 0 : mean / angles.length;
        double var = 0;
        for (double a : angles) {
            var += (a - mean) * (a - mean);
        }
        double std = angles.length == 0 ? 0 : Math.sqrt(var / angles.length);
        double median = sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);

        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += r.d().getDouble(i, i);
        }
        double c = trace / n;
        double isoQ = 0;
        double isoU = 0;
        if (c > 0 && w.length > 0) {
            LinearizationResult iso = solver.decompose(r.f(), Nd4j.eye(n).castTo(DataType.DOUBLE).muli(c));
            isoQ = iso.qOverD();
            INDArray expected = fW.div(c);
            double en = expected.norm2Number().doubleValue();
            isoU = en > 0 ? iso.u().sub(expected).norm2Number().doubleValue() / en : 0.0;
        }
        double randomQ = w.length == 0 ? 0 : closedFormQOverD(muW, randomBasis(dPrime, seed));
        double muMax = 0;
        for (double m : muW) {
            muMax = Math.max(muMax, m);
        }
        double[] above = new double[CUTOFFS.length];
        for (int k = 0; k < CUTOFFS.length; k++) {
            above[k] = closedFormQOverD(muW, dPrime, CUTOFFS[k] * muMax);
        }
        double q = r.qOverD();
        return new Assessment(q, offDiagonal, cosine, angles, mean, std, sorted.length == 0 ? 0 : sorted[0], median,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], isoQ, isoU, randomQ, CUTOFFS.clone(), above,
                w.length < 2 ? Verdict.UNDETERMINED : classify(q));
    }

    /** D' = V_W^T D V_W, D in the eigenbasis of F restricted to the well-posed subspace W ([w, w]). */
    public static INDArray eigenCoordinates(LinearizationResult r) {
        int[] w = r.wellPosedIndices();
        int n = (int) r.eigenvalues().length();
        INDArray vw = Nd4j.create(DataType.DOUBLE, n, w.length);
        for (int c = 0; c < w.length; c++) {
            vw.putColumn(c, r.eigenvectors().getColumn(w[c]));
        }
        INDArray dp = vw.transpose().mmul(r.d()).mmul(vw);
        return SymmetricEigen.symmetrize(dp);
    }

    /** ||offdiag(A)||_F / ||A||_F (0 for the zero matrix). */
    public static double offDiagonalFraction(INDArray a) {
        double total = 0;
        double off = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.columns(); j++) {
                double v = a.getDouble(i, j);
                total += v * v;
                if (i != j) {
                    off += v * v;
                }
            }
        }
        return total > 0 ? Math.sqrt(off / total) : 0.0;
    }

    /**
     * r = ||Q'||_F / ||D'||_F from the closed form Q'_ij = D'_ij (mu_i - mu_j) / (mu_i + mu_j) for
     * eigenvalues mu &gt; 0 of F and D' = D in F's eigenbasis (Lemma 20).
     */
    public static double closedFormQOverD(double[] mu, INDArray dPrime) {
        return closedFormQOverD(mu, dPrime, 0.0);
    }

    /**
     * {@link #closedFormQOverD(double[], INDArray)} restricted to the directions with mu_i &gt; {@code minMu}
     * (the sub-block of D'), 0 if fewer than two remain.
     */
    public static double closedFormQOverD(double[] mu, INDArray dPrime, double minMu) {
        double q = 0;
        double d = 0;
        for (int i = 0; i < mu.length; i++) {
            if (!(mu[i] > minMu)) {
                continue;
            }
            for (int j = 0; j < mu.length; j++) {
                if (!(mu[j] > minMu)) {
                    continue;
                }
                double v = dPrime.getDouble(i, j);
                double ratio = (mu[i] - mu[j]) / (mu[i] + mu[j]);
                q += v * v * ratio * ratio;
                d += v * v;
            }
        }
        return d > 0 ? Math.sqrt(q / d) : 0.0;
    }

    /** O diag(lambda(A)) O^T with O Haar-distributed (the eigenvectors of a seeded GOE matrix). */
    static INDArray randomBasis(INDArray a, long seed) {
        int w = a.rows();
        double[] lambda = SymmetricEigen.eigenvalues(a, SymmetricEigen.Order.ASCENDING);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[][] g = new double[w][w];
        for (int i = 0; i < w; i++) {
            for (int j = 0; j <= i; j++) {
                double v = random.nextGaussian() * (i == j ? Math.sqrt(2) : 1);
                g[i][j] = v;
                g[j][i] = v;
            }
        }
        INDArray o = SymmetricEigen.decompose(Nd4j.createFromArray(g), SymmetricEigen.Order.ASCENDING).vectors();
        return SymmetricEigen.symmetrize(o.mulRowVector(Nd4j.createFromArray(lambda)).mmul(o.transpose()));
    }
}
