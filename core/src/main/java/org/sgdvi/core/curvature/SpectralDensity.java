package org.sgdvi.core.curvature;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.StatUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.spectrum.MatrixFreeSolver;
import org.sgdvi.core.spectrum.SymmetricOperator;

/**
 * The spectral density of a symmetric d x d operator A (the Hessian H of the training loss beside the diffusion
 * matrix D of eq. 2 of arXiv 1710.11029, whose Lemma 20 compares the two) by stochastic Lanczos quadrature (Lin,
 * Saad &amp; Yang 2016; Ghorbani, Krishnan &amp; Xiao 2019), never forming A.
 *
 * <p>The density is phi(t) = (1/d) sum_i delta(t - lambda_i). For a unit start vector q, m Lanczos steps give the
 * tridiagonal T_m = Q_m^T A Q_m; with T_m = Y diag(theta) Y^T, the Gauss quadrature nodes theta_l and weights
 * w_l = Y_{1l}^2 satisfy sum_l w_l p(theta_l) = q^T p(A) q for every polynomial of degree at most 2m - 1. For a
 * Rademacher z with q = z / sqrt(d), E[q^T p(A) q] = (1/d) tr p(A) = integral p phi. Averaging the n_v quadratures
 * gives a discrete measure (nodes with weights w_l / n_v), and the Gaussian-broadened density
 * phi_sigma(t) = (1/n_v) sum_v sum_l w_l N(t; theta_l, sigma^2) on a grid. The n_v recursions run side by side,
 * so each step costs one block product A [q_1 .. q_{n_v}]; the Lanczos vectors are kept (m n_v d doubles) for full
 * reorthogonalization (classical Gram-Schmidt twice).
 *
 * <p>Self-checks: every quadrature's weights sum to 1 (mass); sum_l w_l theta_l equals its first Lanczos
 * coefficient alpha_1 = q^T A q (the degree-1 exactness, a Hutchinson sample of tr A / d); the Lanczos vectors are
 * orthonormal; the trapezoidal integral of phi_sigma on the grid is 1; and, when bounds [lambda_min, lambda_max]
 * are given, every node lies within them (Ritz values lie in the numerical range of A).
 */
public final class SpectralDensity {

    /**
     * @param steps      m, Lanczos steps per start vector (at most d; fewer when d is smaller); for
     *                   {@link #fromBlockLanczos} the least number of block steps of the run
     * @param vectors    n_v, seeded Rademacher start vectors; for {@link #fromBlockLanczos} the least block size
     * @param seed       seeds the start vectors
     * @param gridPoints points of the density's grid
     * @param broadening sigma as a fraction of the range of the nodes
     */
    public record Options(int steps, int vectors, long seed, int gridPoints, double broadening) {

        /** m = 30 steps, n_v = 10 vectors, 1,000 grid points, sigma = 0.5% of the range (Ghorbani et al.'s scale). */
        public static Options defaults(long seed) {
            return new Options(30, 10, seed, 1000, 0.005);
        }

        /** Refuses options the method cannot run with, in one sentence naming the option. */
        public Options {
            if (steps < 2) {
                throw new IllegalArgumentException("density steps m = " + steps + ": expected at least 2 Lanczos steps");
            }
            if (vectors < 2) {
                throw new IllegalArgumentException("density vectors n_v = " + vectors
                        + ": expected at least 2 start vectors (the trace estimate needs a standard error)");
            }
            if (!(broadening > 0 && broadening < 1)) {
                throw new IllegalArgumentException("density broadening = " + broadening
                        + ": expected sigma as a fraction of the spectral range in (0, 1)");
            }
            int needed = minimumGridPoints(broadening);
            if (gridPoints < needed) {
                throw new IllegalArgumentException("density grid points = " + gridPoints + ": expected at least " + needed
                        + " for broadening " + broadening + " (grid spacing at most sigma / 2)");
            }
        }

        private static int minimumGridPoints(double broadening) {
            return (int) Math.ceil(2 * (1 + 2 * MARGIN * broadening) / broadening) + 1;
        }
    }

    /** Lower and upper bounds on the spectrum of A, each known to within {@code slack}. */
    public record Bounds(double low, double high, double slack) {
    }

    /**
     * The estimated density.
     *
     * @param grid               the points t
     * @param density            phi_sigma(t)
     * @param sigma              the Gaussian broadening
     * @param steps              m actually run (at most d)
     * @param vectors            n_v
     * @param nodes              all quadrature nodes, quadrature after quadrature
     * @param weights            their weights divided by n_v (summing to 1)
     * @param sizes              the number of nodes of each quadrature (m, fewer after an invariant subspace)
     * @param traceOverDimension tr A / d estimated by sum of weights x nodes, with its standard error over the n_v
     *                           quadratures
     * @param products           block products with A (one per step)
     * @param checks             the self-checks (also reported with the analysis' checks)
     */
    public record Result(double[] grid, double[] density, double sigma, int steps, int vectors, double[] nodes,
                         double[] weights, int[] sizes, CurvatureAnalysis.Estimate traceOverDimension, int products,
                         @JsonIgnore List<Check> checks) {

        /** The p-th moment of the quadrature measure, an estimate of (1/d) tr A^p (exact in expectation for p &lt; 2m). */
        public double moment(int p) {
            double s = 0;
            for (int i = 0; i < nodes.length; i++) {
                s += weights[i] * Math.pow(nodes[i], p);
            }
            return s;
        }

        /**
         * The fraction of eigenvalues in [low, high] by each quadrature, averaged, with its standard error over the
         * n_v quadratures.
         */
        public CurvatureAnalysis.Estimate fraction(double low, double high) {
            double[] per = new double[sizes.length];
            int at = 0;
            for (int j = 0; j < sizes.length; j++) {
                for (int l = 0; l < sizes[j]; l++, at++) {
                    if (nodes[at] >= low && nodes[at] <= high) {
                        per[j] += weights[at] * sizes.length;
                    }
                }
            }
            return meanWithError(per);
        }

        /** The quadrature measure of (-infinity, x]: an estimate of the fraction of eigenvalues at most x. */
        public double cdf(double x) {
            double s = 0;
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] <= x) {
                    s += weights[i];
                }
            }
            return s;
        }
    }

    /** Grid margin beyond the extreme nodes, in units of sigma (the Gaussian mass beyond 5 sigma is 2.9e-7). */
    private static final double MARGIN = 5;

    private SpectralDensity() {
    }

    /**
     * Runs the quadrature on {@code a}.
     *
     * @param bounds known bounds on the spectrum to check the nodes against, or null
     */
    public static Result estimate(SymmetricOperator a, Options o, Bounds bounds) {
        long d = a.dimension();
        int m = (int) Math.min(o.steps(), d);
        int nv = o.vectors();
        DataType dtype = a.dataType();
        Random rng = new Random(o.seed());
        double[][] z = new double[(int) d][nv];
        for (double[] row : z) {
            for (int j = 0; j < nv; j++) {
                row[j] = rng.nextBoolean() ? 1 : -1;
            }
        }
        INDArray q = Nd4j.createFromArray(z).divi(Math.sqrt(d));
        List<INDArray> basis = new ArrayList<>();
        double[][] alpha = new double[nv][m];
        double[][] beta = new double[nv][m];
        int[] length = new int[nv];
        java.util.Arrays.fill(length, m);
        boolean[] active = new boolean[nv];
        java.util.Arrays.fill(active, true);
        double scale = 0;
        double breakdown = Checks.C * Math.sqrt((double) d) * Checks.epsilon(dtype);
        INDArray previous = Nd4j.zeros(DataType.DOUBLE, d, nv);
        INDArray previousBeta = Nd4j.zeros(DataType.DOUBLE, 1, nv);
        int products = 0;
        for (int s = 0; s < m; s++) {
            basis.add(q);
            INDArray w = a.apply(q.castTo(dtype)).castTo(DataType.DOUBLE);
            products++;
            INDArray al = q.mul(w).sum(true, 0);
            w.subi(q.mulRowVector(al)).subi(previous.mulRowVector(previousBeta));
            for (int pass = 0; pass < 2; pass++) {
                for (INDArray b : basis) {
                    w.subi(b.mulRowVector(b.mul(w).sum(true, 0)));
                }
            }
            INDArray be = w.norm2(true, 0);
            for (int j = 0; j < nv; j++) {
                if (!active[j]) {
                    continue;
                }
                alpha[j][s] = al.getDouble(0, j);
                beta[j][s] = be.getDouble(0, j);
                scale = Math.max(scale, Math.max(Math.abs(alpha[j][s]), beta[j][s]));
            }
            if (s == m - 1) {
                break;
            }
            for (int j = 0; j < nv; j++) {
                if (active[j] && beta[j][s] <= breakdown * scale) {
                    // an invariant subspace: this quadrature is exact with s + 1 nodes
                    active[j] = false;
                    length[j] = s + 1;
                }
                if (!active[j]) {
                    be.putScalar(0, j, 1);
                    w.getColumn(j).assign(0);
                }
            }
            previous = q;
            previousBeta = be;
            q = w.divRowVector(be);
        }

        List<Check> checks = new ArrayList<>();
        double eps64 = Math.ulp(1.0);
        double[] nodes = new double[sum(length)];
        double[] weights = new double[nodes.length];
        double[] samples = new double[nv];
        double worstMass = 0;
        double worstIdentity = 0;
        int at = 0;
        for (int j = 0; j < nv; j++) {
            int len = length[j];
            double[] main = java.util.Arrays.copyOf(alpha[j], len);
            double[] off = java.util.Arrays.copyOf(beta[j], len - 1);
            EigenDecomposition e = new EigenDecomposition(main, off);
            double[] theta = e.getRealEigenvalues();
            double[] w = new double[len];
            for (int l = 0; l < len; l++) {
                double y = e.getEigenvector(l).getEntry(0);
                w[l] = y * y;
            }
            double[] sums = append(theta, w, nv, nodes, weights, at);
            at += len;
            double mass = sums[0];
            double first = sums[1];
            samples[j] = first;
            worstMass = Math.max(worstMass, Math.abs(mass - 1));
            worstIdentity = Math.max(worstIdentity, Math.abs(first - main[0]) / Math.max(scale, Double.MIN_NORMAL));
        }
        checks.add(Check.atMost("densityQuadratureMass", worstMass, Checks.C * m * eps64,
                "max over quadratures |sum_l w_l - 1| (Y orthogonal): C m eps64"));
        checks.add(Check.atMost("densityFirstMoment", worstIdentity, Checks.C * m * eps64,
                "max over quadratures |sum_l w_l theta_l - alpha_1| / max |T|: degree-1 exactness, C m eps64"));
        checks.add(Check.atMost("densityLanczosOrthogonality", orthogonality(basis, length),
                Checks.C * Math.sqrt((double) d) * m * eps64,
                "max |q_i^T q_j - delta_ij| over each recursion's Lanczos vectors (full reorthogonalization in "
                        + "double): C sqrt(d) m eps64"));
        if (bounds != null) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double t : nodes) {
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
            double excess = Math.max(Math.max(hi - bounds.high(), bounds.low() - lo), 0);
            checks.add(Check.atMost("densityNodesWithinSpectrum", excess, bounds.slack(),
                    String.format(Locale.ROOT, "how far the nodes [%.6g, %.6g] reach beyond [lambda_min, lambda_max] = "
                            + "[%.6g, %.6g]: the bounds' own uncertainty", lo, hi, bounds.low(), bounds.high())));
        }
        Broadened smooth = broadened(nodes, weights, o, checks);
        return new Result(smooth.grid, smooth.density, smooth.sigma, m, nv, nodes, weights, length, meanWithError(samples),
                products, checks);
    }

    /**
     * The block Gauss quadrature of a block Lanczos run already made (Golub &amp; Meurant, "Matrices, moments and
     * quadrature"): with the start block Z = Q_1 R_1 and Q^T A Q = S diag(theta) S^T after s block steps, start vector
     * z_j gets the weights w_lj = (s_l^T c_j)^2 / ||z_j||^2 on the M Ritz values theta_l (c_j = Q^T z_j, the column j of
     * R_1 padded with zeros), and sum_l w_lj p(theta_l) = z_j^T p(A) z_j / ||z_j||^2 for every polynomial of degree at
     * most 2s - 1. For Rademacher z_j, E[z_j^T A z_j] / d = tr A / d: the same estimator as {@link #estimate} with b
     * start vectors, the density's nodes shared by all of them, and no product with A beyond the run's own.
     *
     * @param e          the run ({@link MatrixFreeSolver#extremeEigenpairs}), started at Rademacher columns
     * @param o          the grid and broadening (steps and vectors are those of the run)
     * @param d          the dimension of A
     * @param dtype      the data type of A's products (the basis' rounding)
     */
    public static Result fromBlockLanczos(MatrixFreeSolver.Extremes e, Options o, long d, DataType dtype) {
        double[] theta = e.ritzValues();
        INDArray w = e.startWeights();
        int mm = theta.length;
        int b = (int) w.columns();
        double[] nodes = new double[mm * b];
        double[] weights = new double[mm * b];
        int[] sizes = new int[b];
        double[] samples = new double[b];
        double worstMass = 0;
        double worstIdentity = 0;
        double scale = Math.max(Math.abs(theta[0]), Math.abs(theta[mm - 1]));
        double[][] f = e.firstBlock().toDoubleMatrix();
        double[][] r = e.startCoefficients().toDoubleMatrix();
        int at = 0;
        for (int j = 0; j < b; j++) {
            double[] sums = append(theta, w.getColumn(j).toDoubleVector(), b, nodes, weights, at);
            at += mm;
            double mass = sums[0];
            double first = sums[1];
            sizes[j] = mm;
            samples[j] = first;
            // z_j^T A z_j / ||z_j||^2 = r_j^T (Q_1^T A Q_1) r_j / ||r_j||^2, r_j the column j of R_1
            double quadratic = 0;
            double norm = 0;
            for (int p = 0; p < b; p++) {
                norm += r[p][j] * r[p][j];
                for (int q = 0; q < b; q++) {
                    quadratic += r[p][j] * f[p][q] * r[q][j];
                }
            }
            worstMass = Math.max(worstMass, Math.abs(mass - 1));
            worstIdentity = Math.max(worstIdentity, Math.abs(first - quadratic / norm) / Math.max(scale, Double.MIN_NORMAL));
        }
        double epsBasis = Checks.epsilon(dtype);
        double eps64 = Math.ulp(1.0);
        List<Check> checks = new ArrayList<>();
        checks.add(Check.atMost("densityQuadratureMass", worstMass, Checks.C * Math.sqrt((double) d) * epsBasis,
                "max over start vectors |sum_l w_lj - 1| (z_j in the span of the first block, S orthogonal): the "
                        + "basis' rounding, C sqrt(d) eps"));
        checks.add(Check.atMost("densityFirstMoment", worstIdentity,
                Math.max(Checks.C * mm * eps64, Checks.C * Math.sqrt((double) d) * epsBasis),
                "max over start vectors |sum_l w_lj theta_l - z_j^T A z_j / ||z_j||^2| / ||A||, the quadratic form from "
                        + "the first block's products: degree-1 exactness, up to the rounding of the products "
                        + "(C sqrt(d) eps, which the eigensolver's symmetrization of Q^T A Q moves) or C M eps64"));
        checks.add(Check.atMost("densityLanczosOrthogonality", e.orthogonality(),
                Checks.C * Math.sqrt((double) d) * Math.sqrt((double) mm) * epsBasis,
                "max |Q^T Q - I| of the block Lanczos basis (reorthogonalized): C sqrt(d M) eps"));
        checks.add(Check.atMost("densityStartBlock", e.startResidual(), Checks.C * Math.sqrt((double) d) * epsBasis,
                "||Q_1 R_1 - Z||_F / ||Z||_F, the start block in the span of the first Lanczos block: C sqrt(d) eps"));
        Broadened smooth = broadened(nodes, weights, o, checks);
        return new Result(smooth.grid, smooth.density, smooth.sigma, e.blockSteps(), b, nodes, weights, sizes,
                meanWithError(samples), e.blockSteps(), checks);
    }

    /**
     * Appends one start vector's quadrature (nodes theta, weights w) at {@code at}, its weights divided by the number of
     * start vectors; returns {sum w, sum w theta}.
     */
    private static double[] append(double[] theta, double[] w, int vectors, double[] nodes, double[] weights, int at) {
        double mass = 0;
        double first = 0;
        for (int l = 0; l < w.length; l++) {
            mass += w[l];
            first += w[l] * theta[l];
            nodes[at + l] = theta[l];
            weights[at + l] = w[l] / vectors;
        }
        return new double[] {mass, first};
    }

    /** The Gaussian-broadened density on its grid. */
    private record Broadened(double[] grid, double[] density, double sigma) {
    }

    private static Broadened broadened(double[] nodes, double[] weights, Options o, List<Check> checks) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double t : nodes) {
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        double range = hi - lo;
        double sigma = o.broadening() * (range > 0 ? range : Math.max(Math.abs(hi), 1));
        double g0 = lo - MARGIN * sigma;
        double g1 = hi + MARGIN * sigma;
        int g = o.gridPoints();
        double[] grid = new double[g];
        double[] density = new double[g];
        double norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
        for (int i = 0; i < g; i++) {
            grid[i] = g0 + (g1 - g0) * i / (g - 1);
            double s = 0;
            for (int l = 0; l < nodes.length; l++) {
                double u = (grid[i] - nodes[l]) / sigma;
                if (Math.abs(u) < 40) {
                    s += weights[l] * Math.exp(-0.5 * u * u);
                }
            }
            density[i] = s * norm;
        }
        double integral = 0;
        for (int i = 1; i < g; i++) {
            integral += 0.5 * (density[i] + density[i - 1]) * (grid[i] - grid[i - 1]);
        }
        checks.add(Check.atMost("densityIntegral", Math.abs(integral - 1), 1e-5,
                "|trapezoidal integral of the broadened density - 1|: mass beyond the 5 sigma margin (2.9e-7) and "
                        + "the trapezoid at spacing <= sigma / 2, bounded by 1e-5"));
        return new Broadened(grid, density, sigma);
    }

    /** The mean of the samples with its standard error std / sqrt(n). */
    static CurvatureAnalysis.Estimate meanWithError(double[] x) {
        double mu = StatUtils.mean(x);
        return new CurvatureAnalysis.Estimate(mu, x.length > 1 ? Math.sqrt(StatUtils.variance(x, mu) / x.length) : Double.NaN);
    }

    private static double orthogonality(List<INDArray> basis, int[] length) {
        double worst = 0;
        for (int i = 0; i < basis.size(); i++) {
            for (int k = 0; k <= i; k++) {
                double[] dots = basis.get(i).mul(basis.get(k)).sum(0).toDoubleVector();
                for (int j = 0; j < dots.length; j++) {
                    if (i < length[j] && k < length[j]) {
                        worst = Math.max(worst, Math.abs(dots[j] - (i == k ? 1 : 0)));
                    }
                }
            }
        }
        return worst;
    }

    private static int sum(int[] x) {
        int s = 0;
        for (int v : x) {
            s += v;
        }
        return s;
    }
}
