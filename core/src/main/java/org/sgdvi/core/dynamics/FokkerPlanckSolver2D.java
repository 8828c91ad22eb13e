package org.sgdvi.core.dynamics;

/**
 * Finite-volume solver of the Fokker-Planck equation of Lemma 2 with D = I,
 * dp/dt = div(grad f p + beta^{-1} grad p), for a drift split as
 * -grad f = -grad Phi + j with j exp(-beta Phi) = curl psi ({@link GibbsSolenoidalDrift}),
 * on a {@link Grid2D} with zero-flux boundaries.
 *
 * <p>The unknowns are cell masses m_a. The scheme is a continuous-time Markov chain on cells:
 * across each interior face (a, b) the mass flows at rate k_ab m_a - k_ba m_b with
 * <ul>
 *   <li>gradient + diffusion part (Scharfetter-Gummel): k_ab = B(beta (Phi_b - Phi_a)) / (beta h^2),
 *       B(z) = z / (e^z - 1), Phi at cell centres; it satisfies discrete detailed balance for
 *       m_a proportional to exp(-beta Phi_a);</li>
 *   <li>rotational part (upwind in q = p exp(beta Phi)): the face flux of curl psi is exactly the
 *       difference of psi at the face's two corners, F_ab; k_ab += max(F_ab, 0) exp(beta Phi_a) / h^2.
 *       The corner differences telescope around every cell, so for m proportional to
 *       exp(-beta Phi) this flow is exactly divergence-free. psi is set to 0 (its value at
 *       infinity) on the boundary corners so that no current crosses the box; the error this
 *       makes is the largest |psi| on the boundary, {@link #boundaryStreamFunction()}.</li>
 * </ul>
 * Hence the discrete stationary state is exactly pi_a proportional to exp(-beta Phi(centre_a)),
 * mass is conserved to rounding (each face flow is added to one cell and subtracted from the
 * other), and explicit Euler with dt &lt;= 1 / max_a sum_b k_ab is the stochastic matrix
 * I + dt K, so masses stay non-negative and KL(m || pi) cannot increase (data-processing
 * inequality): Theorem 5 holds exactly for the discrete scheme.
 */
public final class FokkerPlanckSolver2D {

    private final GibbsSolenoidalDrift drift;
    private final Grid2D grid;
    private final int n;
    /** rate from (i, k) to (i + 1, k), index i * n + k, i &lt; n - 1. */
    private final double[] xForward;
    /** rate from (i + 1, k) to (i, k). */
    private final double[] xBackward;
    /** rate from (i, k) to (i, k + 1). */
    private final double[] yForward;
    /** rate from (i, k + 1) to (i, k). */
    private final double[] yBackward;
    private final double[] stationary;
    private final double maxExitRate;
    private final double boundaryPsi;

    public FokkerPlanckSolver2D(GibbsSolenoidalDrift drift, Grid2D grid) {
        if (grid.cells() < 2) {
            throw new IllegalArgumentException("FokkerPlanckSolver2D: grid needs >= 2 cells per axis, got " + grid.cells());
        }
        this.drift = drift;
        this.grid = grid;
        this.n = grid.cells();
        double beta = drift.beta();
        double h = grid.width();
        double h2 = h * h;
        double[] phi = new double[grid.size()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                phi[grid.index(i, k)] = drift.potential(grid.center(i), grid.center(k));
            }
        }
        double[][] psi = new double[n + 1][n + 1];
        double bp = 0;
        for (int i = 0; i <= n; i++) {
            for (int k = 0; k <= n; k++) {
                double v = drift.streamFunction(grid.edge(i), grid.edge(k));
                if (i == 0 || k == 0 || i == n || k == n) {
                    bp = Math.max(bp, Math.abs(v));
                    psi[i][k] = 0.0;
                } else {
                    psi[i][k] = v;
                }
            }
        }
        this.boundaryPsi = bp;
        xForward = new double[grid.size()];
        xBackward = new double[grid.size()];
        yForward = new double[grid.size()];
        yBackward = new double[grid.size()];
        double[] exit = new double[grid.size()];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                int a = grid.index(i, k);
                if (i + 1 < n) {
                    int b = grid.index(i + 1, k);
                    double dPhi = phi[b] - phi[a];
                    double fwd = bernoulli(beta * dPhi) / (beta * h2);
                    double bwd = bernoulli(-beta * dPhi) / (beta * h2);
                    // +x flux of curl psi through the face x = edge(i + 1), y in [edge(k), edge(k + 1)]
                    double flux = psi[i + 1][k + 1] - psi[i + 1][k];
                    if (flux > 0) {
                        fwd += Math.exp(beta * phi[a] + Math.log(flux)) / h2;
                    } else {
                        bwd += Math.exp(beta * phi[b] + Math.log(-flux)) / h2;
                    }
                    xForward[a] = fwd;
                    xBackward[a] = bwd;
                    exit[a] += fwd;
                    exit[b] += bwd;
                }
                if (k + 1 < n) {
                    int b = grid.index(i, k + 1);
                    double dPhi = phi[b] - phi[a];
                    double fwd = bernoulli(beta * dPhi) / (beta * h2);
                    double bwd = bernoulli(-beta * dPhi) / (beta * h2);
                    // +y flux of curl psi through the face y = edge(k + 1), x in [edge(i), edge(i + 1)]
                    double flux = -(psi[i + 1][k + 1] - psi[i][k + 1]);
                    if (flux > 0) {
                        fwd += Math.exp(beta * phi[a] + Math.log(flux)) / h2;
                    } else {
                        bwd += Math.exp(beta * phi[b] + Math.log(-flux)) / h2;
                    }
                    yForward[a] = fwd;
                    yBackward[a] = bwd;
                    exit[a] += fwd;
                    exit[b] += bwd;
                }
            }
        }
        double m = 0;
        for (double e : exit) {
            m = Math.max(m, e);
        }
        this.maxExitRate = m;
        double minPhi = Double.POSITIVE_INFINITY;
        for (double p : phi) {
            minPhi = Math.min(minPhi, p);
        }
        stationary = new double[grid.size()];
        double z = 0;
        for (int a = 0; a < phi.length; a++) {
            stationary[a] = Math.exp(-beta * (phi[a] - minPhi));
            z += stationary[a];
        }
        for (int a = 0; a < phi.length; a++) {
            stationary[a] /= z;
        }
    }

    /** B(z) = z / (e^z - 1), B(0) = 1. */
    static double bernoulli(double z) {
        if (Math.abs(z) < 1e-10) {
            return 1.0 - 0.5 * z;
        }
        if (z > 700) {
            return z * Math.exp(-z);
        }
        return z / Math.expm1(z);
    }

    public Grid2D grid() {
        return grid;
    }

    public GibbsSolenoidalDrift drift() {
        return drift;
    }

    /** Largest total exit rate of a cell; explicit steps must satisfy dt &lt;= 1 / this. */
    public double maxExitRate() {
        return maxExitRate;
    }

    /** 0.9 / {@link #maxExitRate()}: a step that keeps I + dt K entrywise non-negative. */
    public double stableTimeStep() {
        return 0.9 / maxExitRate;
    }

    /** Largest |psi| on the box boundary (set to 0 there): the size of the domain truncation. */
    public double boundaryStreamFunction() {
        return boundaryPsi;
    }

    /** The discrete stationary masses pi_a proportional to exp(-beta Phi(centre_a)), summing to 1 (a copy). */
    public double[] stationaryMasses() {
        return stationary.clone();
    }

    /**
     * Cell masses of the Gaussian N((m1, m2), sd^2 I) restricted to the box and renormalized
     * (exact cell integrals via erf).
     */
    public double[] gaussianMasses(double m1, double m2, double sd) {
        if (!(sd > 0)) {
            throw new IllegalArgumentException("FokkerPlanckSolver2D: Gaussian sd must be > 0, got " + sd);
        }
        double[] p1 = new double[n];
        double[] p2 = new double[n];
        double s = 1.0 / (Math.sqrt(2.0) * sd);
        for (int i = 0; i < n; i++) {
            p1[i] = 0.5 * org.apache.commons.math3.special.Erf.erf((grid.edge(i) - m1) * s, (grid.edge(i + 1) - m1) * s);
            p2[i] = 0.5 * org.apache.commons.math3.special.Erf.erf((grid.edge(i) - m2) * s, (grid.edge(i + 1) - m2) * s);
        }
        double[] m = new double[grid.size()];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                m[grid.index(i, k)] = p1[i] * p2[k];
                total += p1[i] * p2[k];
            }
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("FokkerPlanckSolver2D: Gaussian at (" + m1 + ", " + m2
                    + ") has no mass in the box [" + grid.min() + ", " + grid.max() + "]^2");
        }
        for (int a = 0; a < m.length; a++) {
            m[a] /= total;
        }
        return m;
    }

    /**
     * One explicit Euler step m &lt;- (I + dt K) m, returned as a new array.
     *
     * @throws IllegalArgumentException if dt exceeds 1 / {@link #maxExitRate()} (positivity would be lost)
     */
    public double[] step(double[] m, double dt) {
        if (m.length != grid.size()) {
            throw new IllegalArgumentException("FokkerPlanckSolver2D: mass vector has " + m.length
                    + " entries, expected " + grid.size());
        }
        if (!(dt > 0) || dt * maxExitRate > 1.0) {
            throw new IllegalArgumentException("FokkerPlanckSolver2D: dt must be in (0, " + (1.0 / maxExitRate)
                    + "] for positivity, got " + dt);
        }
        double[] out = m.clone();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                int a = grid.index(i, k);
                if (i + 1 < n) {
                    int b = a + n;
                    double flow = dt * (xForward[a] * m[a] - xBackward[a] * m[b]);
                    out[a] -= flow;
                    out[b] += flow;
                }
                if (k + 1 < n) {
                    int b = a + 1;
                    double flow = dt * (yForward[a] * m[a] - yBackward[a] * m[b]);
                    out[a] -= flow;
                    out[b] += flow;
                }
            }
        }
        return out;
    }

    /**
     * Evolves {@code m0} to time {@code tEnd} with steps of at most {@link #stableTimeStep()},
     * recording every {@code recordEvery} steps (and at the end) the discrete free energy
     * beta^{-1} KL(m || pi), beta^{-1} KL(m || exact) against {@code exactCells} (normalized on the
     * grid; may be null), the mass error |sum m - sum m0| and the smallest mass.
     */
    public FokkerPlanckTrace evolve(double[] m0, double tEnd, int recordEvery, double[] exactCells) {
        if (!(tEnd > 0) || recordEvery < 1) {
            throw new IllegalArgumentException("FokkerPlanckSolver2D: expected tEnd > 0 and recordEvery >= 1, got "
                    + tEnd + " and " + recordEvery);
        }
        double[] exact = null;
        if (exactCells != null) {
            exact = normalized(exactCells);
        }
        int steps = (int) Math.ceil(tEnd / stableTimeStep());
        double dt = tEnd / steps;
        double mass0 = sum(m0);
        double beta = drift.beta();
        FokkerPlanckTrace.Builder trace = new FokkerPlanckTrace.Builder(dt);
        double[] m = m0.clone();
        double minMass = min(m);
        double massError = 0;
        trace.record(0.0, kl(m, stationary) / beta, exact == null ? Double.NaN : kl(m, exact) / beta);
        for (int s = 1; s <= steps; s++) {
            m = step(m, dt);
            if (s % recordEvery == 0 || s == steps) {
                minMass = Math.min(minMass, min(m));
                massError = Math.max(massError, Math.abs(sum(m) - mass0));
                trace.record(s * dt, kl(m, stationary) / beta, exact == null ? Double.NaN : kl(m, exact) / beta);
            }
        }
        return trace.build(m, massError, minMass,
                exact == null ? Double.NaN : kl(stationary, exact) / beta);
    }

    /** KL(p || q) = sum p log(p / q) with 0 log 0 = 0. */
    public static double kl(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                s += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return s;
    }

    /** Total variation (1/2) sum |p - q|. */
    public static double totalVariation(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - q[i]);
        }
        return 0.5 * s;
    }

    static double sum(double[] v) {
        double s = 0;
        double c = 0;
        for (double x : v) {
            double y = x - c;
            double t = s + y;
            c = (t - s) - y;
            s = t;
        }
        return s;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double[] normalized(double[] v) {
        double s = sum(v);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / s;
        }
        return out;
    }
}
