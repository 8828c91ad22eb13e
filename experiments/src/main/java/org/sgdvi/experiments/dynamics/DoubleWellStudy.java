package org.sgdvi.experiments.dynamics;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.sgdvi.core.dynamics.CriticalPoint;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.check.FaultInjection;
import org.sgdvi.core.dynamics.CriticalPointFinder;
import org.sgdvi.core.dynamics.VectorField2D;
import org.sgdvi.core.dynamics.DoubleWell;
import org.sgdvi.core.dynamics.DoubleWellDensity;
import org.sgdvi.core.dynamics.EulerMaruyamaSampler;
import org.sgdvi.core.dynamics.FlowIntegrator;
import org.sgdvi.core.dynamics.FokkerPlanckSolver2D;
import org.sgdvi.core.dynamics.FokkerPlanckTrace;
import org.sgdvi.core.dynamics.Grid2D;
import org.sgdvi.core.dynamics.Histogram2D;
import org.sgdvi.core.dynamics.ParticleEnsemble;

/**
 * Runs Example 19 for each lambda of a {@link DoubleWellConfig}: critical points of f and Phi
 * (Newton from a 21 x 21 grid on [-2, 2]^2), the Euler-Maruyama sampler (TV to exp(-beta Phi) vs
 * time and vs step, winding rate and angular velocity against the closed form), and the
 * Fokker-Planck solver (mass, positivity, monotone free energy, Theorem 5).
 */
public final class DoubleWellStudy {

    /** Histogram grid of the sampler comparisons. */
    public static final Grid2D HISTOGRAM_GRID = new Grid2D(-3, 3, 20);

    private static final int TV_CHECKPOINTS = 40;
    private static final double SNAPSHOT_SPACING = 0.2;
    private static final int PATH_POINTS_MAX = 4000;
    private static final double PATH_DURATION = 6.0;
    private static final int RECORDED_POINTS_MAX = 400;

    private final DoubleWellConfig config;
    private final PrintWriter log;
    private final List<LambdaPaths> paths = new ArrayList<>();
    private Checks checks = new Checks();

    public DoubleWellStudy(DoubleWellConfig config, PrintWriter log) {
        this.config = config;
        this.log = log;
    }

    /** Runs everything; the sample paths are available afterwards from {@link #paths()}. */
    public DoubleWellResults run() {
        long start = System.nanoTime();
        List<CriticalPointEntry> points = new ArrayList<>();
        List<WellShift> shifts = new ArrayList<>();
        List<SamplerResult> sampler = new ArrayList<>();
        List<FokkerPlanckResult> fp = new ArrayList<>();
        paths.clear();
        checks = new Checks();
        for (int k = 0; k < config.lambdas().size(); k++) {
            double lambda = config.lambdas().get(k);
            DoubleWell well = new DoubleWell(lambda, config.beta());
            List<CriticalPoint> zerosF = injectFaults(new CriticalPointFinder().find(well.gradFField(), -2, 2));
            List<CriticalPoint> zerosPhi = injectFaults(new CriticalPointFinder().find(well.gradPhiField(), -2, 2));
            zerosF.forEach(c -> points.add(entry(lambda, "f", c)));
            zerosPhi.forEach(c -> points.add(entry(lambda, "phi", c)));
            boolean pointsValid = checkCriticalPoints(lambda, "f", well.gradFField(), zerosF)
                    & checkCriticalPoints(lambda, "phi", well.gradPhiField(), zerosPhi);
            double shift = Double.NaN;
            for (CriticalPoint c : zerosF) {
                double d = c.distanceTo(1, 0);
                shift = Double.isNaN(shift) ? d : Math.min(shift, d);
            }
            shifts.add(new WellShift(lambda, zerosF.size(), shift));
            if (!pointsValid) {
                log(String.format(Locale.ROOT, "lambda=%s: critical points failed their self-check", lambda));
            } else {
                log(String.format(Locale.ROOT, "lambda=%s: %d zeros of grad f, nearest to (1,0) at distance %.4f",
                    lambda, zerosF.size(), shift));
            }
            sampler.add(sample(k, well));
            fp.add(solve(well));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new DoubleWellResults(points, shifts, Math.exp(-0.25), sampler, fp, elapsed);
    }

    /** The self-checks of the last {@link #run()}: critical-point residuals and Fokker-Planck mass ({@link Checks}). */
    public Checks checks() {
        return checks;
    }

    /** Fault ({@link FaultInjection}) moving every critical point by 1e-6 along x1 (tests of the self-checks). */
    public static final String MOVE_CRITICAL_POINTS = "doublewell-critical-points";
    /** Fault ({@link FaultInjection}) losing 1% of the Fokker-Planck mass (tests of the self-checks). */
    public static final String LOSE_MASS = "doublewell-mass";

    private static List<CriticalPoint> injectFaults(List<CriticalPoint> points) {
        if (!FaultInjection.active(MOVE_CRITICAL_POINTS)) {
            return points;
        }
        return points.stream().map(c -> new CriticalPoint(c.x1() + 1e-6, c.x2(), c.type(), c.spectrum(), c.residual()))
                .toList();
    }

    /** |grad(x*)| recomputed at each reported zero of {@code field}; whether all passed. */
    private boolean checkCriticalPoints(double lambda, String name, VectorField2D field, List<CriticalPoint> zeros) {
        boolean ok = true;
        for (int i = 0; i < zeros.size(); i++) {
            CriticalPoint c = zeros.get(i);
            double[] g = new double[2];
            double[] jac = new double[4];
            field.value(c.x1(), c.x2(), g);
            field.jacobian(c.x1(), c.x2(), jac);
            Check check = Checks.criticalPoint(String.format(Locale.ROOT, "criticalPointResidual(grad %s, lambda=%s, #%d)",
                    name, lambda, i + 1), new double[] {c.x1(), c.x2()}, g, jac);
            checks.add(check);
            ok &= check.passed();
        }
        return ok;
    }

    /** Sample and flow paths of the last {@link #run()}, one entry per lambda. */
    public List<LambdaPaths> paths() {
        return List.copyOf(paths);
    }

    private static CriticalPointEntry entry(double lambda, String field, CriticalPoint c) {
        return new CriticalPointEntry(lambda, field, new double[] {c.x1(), c.x2()}, c.type().name(),
                new double[] {c.spectrum().re1(), c.spectrum().re2()}, c.spectrum().im(), c.residual());
    }

    private long seed(int lambdaIndex, int purpose) {
        return config.seed() * 1_000_003L + 97L * lambdaIndex + purpose;
    }

    private SamplerResult sample(int k, DoubleWell well) {
        long t0 = System.nanoTime();
        double dt = config.dt();
        int steps = config.steps();
        double[] exact = new DoubleWellDensity(well).cellProbabilities(HISTOGRAM_GRID);
        double exactOmega = new DoubleWellDensity(well).meanAngularVelocity();

        // main run from the off-centre start: TV vs time, winding after burn-in
        ParticleEnsemble e = ParticleEnsemble.at(config.particles(), DoubleWellConfig.START_X1, DoubleWellConfig.START_X2);
        EulerMaruyamaSampler em = new EulerMaruyamaSampler(well.gradFField(), config.beta(), dt, seed(k, 1), true);
        int burnIn = Math.max(1, Math.min((int) Math.round(5.0 / dt), steps / 4));
        int every = Math.max(1, steps / TV_CHECKPOINTS);
        List<double[]> tvRows = new ArrayList<>();
        tvRows.add(new double[] {0.0, tv(e, exact)});
        double driftOmega = 0;
        int driftCount = 0;
        int done = 0;
        while (done < steps) {
            int next = Math.min(steps, done + every);
            if (done < burnIn && next > burnIn) {
                next = burnIn;
            }
            em.advance(e, next - done);
            done = next;
            if (done == burnIn) {
                e.resetWinding();
            }
            tvRows.add(new double[] {e.time(), tv(e, exact)});
            if (done > burnIn) {
                driftOmega += e.meanDriftAngularVelocity(well.gradFField());
                driftCount++;
            }
        }
        double[] tvTimes = tvRows.stream().mapToDouble(r -> r[0]).toArray();
        double[] tv = tvRows.stream().mapToDouble(r -> r[1]).toArray();
        double winding = e.windingRate();
        double windingSe = e.windingRateStandardError();

        // step-size study: time-averaged histograms over the same horizon
        List<Double> sweep = new ArrayList<>();
        for (int m : new int[] {8, 4, 2, 1}) {
            if (m * dt <= DoubleWellConfig.MAX_DT + 1e-12) {
                sweep.add(m * dt);
            }
        }
        double[] dtSweep = sweep.stream().mapToDouble(Double::doubleValue).toArray();
        double[] tvByDt = new double[dtSweep.length];
        double[] floorByDt = new double[dtSweep.length];
        double horizon = config.horizon();
        for (int i = 0; i < dtSweep.length; i++) {
            double h = dtSweep[i];
            ParticleEnsemble s = ParticleEnsemble.at(config.particles(), DoubleWellConfig.START_X1,
                    DoubleWellConfig.START_X2);
            EulerMaruyamaSampler sweepSampler = new EulerMaruyamaSampler(well.gradFField(), config.beta(), h,
                    seed(k, 10 + i), false);
            int total = Math.max(2, (int) Math.round(horizon / h));
            int burn = total / 4;
            int spacing = Math.max(1, (int) Math.round(SNAPSHOT_SPACING / h));
            sweepSampler.advance(s, burn);
            Histogram2D hist = new Histogram2D(HISTOGRAM_GRID);
            for (int done2 = burn; done2 < total; done2 += spacing) {
                sweepSampler.advance(s, Math.min(spacing, total - done2));
                hist.add(s);
            }
            tvByDt[i] = hist.totalVariation(exact);
            floorByDt[i] = Histogram2D.expectedSamplingTv(exact, hist.total());
        }

        // sample paths and the noise-free flow from the same start
        double duration = Math.min(steps * dt, PATH_DURATION);
        int pathSteps = (int) Math.round(duration / dt);
        int stride = Math.max(1, pathSteps / PATH_POINTS_MAX);
        List<double[][]> samplePaths = new ArrayList<>();
        ParticleEnsemble walkers = ParticleEnsemble.at(2, DoubleWellConfig.START_X1, DoubleWellConfig.START_X2);
        EulerMaruyamaSampler pathSampler = new EulerMaruyamaSampler(well.gradFField(), config.beta(), dt, seed(k, 2), false);
        int points = pathSteps / stride + 1;
        double[][][] xy = new double[2][2][points];
        for (int p = 0; p < 2; p++) {
            xy[p][0][0] = walkers.x1(p);
            xy[p][1][0] = walkers.x2(p);
        }
        for (int j = 1; j < points; j++) {
            pathSampler.advance(walkers, stride);
            for (int p = 0; p < 2; p++) {
                xy[p][0][j] = walkers.x1(p);
                xy[p][1][j] = walkers.x2(p);
            }
        }
        samplePaths.add(xy[0]);
        samplePaths.add(xy[1]);
        double flowDt = 0.01;
        double[][] flow = thin(new FlowIntegrator(well.gradFField(), flowDt)
                .trajectory(DoubleWellConfig.START_X1, DoubleWellConfig.START_X2, (int) Math.round(duration / flowDt)),
                PATH_POINTS_MAX);
        paths.add(new LambdaPaths(well.lambda(), samplePaths, flow, duration));

        log(String.format(Locale.ROOT, "lambda=%s: sampler TV %.4f (floor %.4f), winding %.4f +- %.4f turns/time "
                        + "(exact %.4f), %.1f s", well.lambda(), tv[tv.length - 1],
                Histogram2D.expectedSamplingTv(exact, config.particles()), winding, windingSe,
                exactOmega / (2 * Math.PI), (System.nanoTime() - t0) / 1e9));
        return new SamplerResult(well.lambda(), dt, config.particles(), steps, tvTimes, tv,
                Histogram2D.expectedSamplingTv(exact, config.particles()), dtSweep, tvByDt, floorByDt, winding,
                windingSe, 2 * Math.PI * winding, driftCount == 0 ? Double.NaN : driftOmega / driftCount, exactOmega);
    }

    private static double tv(ParticleEnsemble e, double[] exact) {
        Histogram2D h = new Histogram2D(HISTOGRAM_GRID);
        h.add(e);
        return h.totalVariation(exact);
    }

    private FokkerPlanckResult solve(DoubleWell well) {
        long t0 = System.nanoTime();
        Grid2D grid = new Grid2D(-config.fpBox(), config.fpBox(), config.fpCells());
        FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(well, grid);
        double[] exact = new DoubleWellDensity(well).cellProbabilities(grid);
        double[] m0 = solver.gaussianMasses(DoubleWellConfig.START_X1, DoubleWellConfig.START_X2, DoubleWellConfig.START_SD);
        FokkerPlanckTrace trace = solver.evolve(m0, config.fpTime(), 1, exact);
        double[] f = trace.freeEnergy();
        double largestIncrease = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < f.length; i++) {
            largestIncrease = Math.max(largestIncrease, f[i] - f[i - 1]);
        }
        int stride = Math.max(1, (f.length - 1) / RECORDED_POINTS_MAX);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < f.length; i += stride) {
            keep.add(i);
        }
        if (keep.get(keep.size() - 1) != f.length - 1) {
            keep.add(f.length - 1);
        }
        double[] times = keep.stream().mapToDouble(i -> trace.times()[i]).toArray();
        double[] fe = keep.stream().mapToDouble(i -> trace.freeEnergy()[i]).toArray();
        double[] fx = keep.stream().mapToDouble(i -> trace.freeEnergyExact()[i]).toArray();
        boolean monotone = trace.monotone(1e-14);
        double[] finalMasses = trace.finalMasses();
        double finalMass = 0;
        for (double m : finalMasses) {
            finalMass += m;
        }
        if (FaultInjection.active(LOSE_MASS)) {
            finalMass *= 0.99;
        }
        long steps = Math.round(config.fpTime() / trace.dt());
        Check mass = Checks.mass(String.format(Locale.ROOT, "fokkerPlanckMass(lambda=%s)", well.lambda()), finalMass,
                trace.massError(), finalMasses.length, steps);
        checks.add(mass);
        if (mass.passed()) {
            log(String.format(Locale.ROOT, "lambda=%s: Fokker-Planck F %.3e -> %.3e, monotone %b, mass error %.1e, %.1f s",
                    well.lambda(), f[0], f[f.length - 1], monotone, trace.massError(), (System.nanoTime() - t0) / 1e9));
        } else {
            log(String.format(Locale.ROOT, "lambda=%s: Fokker-Planck density failed its self-check (%s)", well.lambda(), mass));
        }
        return new FokkerPlanckResult(well.lambda(), grid.cells(), config.fpBox(), trace.dt(), trace.massError(),
                trace.minMass(), monotone, largestIncrease, times, fe, fx, trace.discretizationFloor(),
                solver.boundaryStreamFunction(), f[f.length - 1], finalMass, steps);
    }

    private static double[][] thin(double[][] path, int max) {
        int n = path[0].length;
        int stride = Math.max(1, (n + max - 1) / max);
        int m = (n - 1) / stride + 1;
        double[][] out = new double[2][m];
        for (int j = 0; j < m; j++) {
            out[0][j] = path[0][j * stride];
            out[1][j] = path[1][j * stride];
        }
        return out;
    }

    private void log(String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }
}
