package org.sgdvi.experiments.dynamics;

import java.io.PrintWriter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.sgdvi.core.dynamics.DoubleWell;
import org.sgdvi.experiments.env.Versions;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunFolder;

/**
 * Runs a {@link DoubleWellStudy} and writes its run folder: config.json, results.json,
 * fig4-field.png (one Fig. 4 style panel per lambda), sample-paths.png, free-energy.png,
 * sampler-tv.png and report.html.
 */
public final class DoubleWellRunner {

    /** Files every run writes. */
    public static final List<String> FILES = List.of(RunFolder.CONFIG, RunFolder.RESULTS, "fig4-field.png",
            "sample-paths.png", "free-energy.png", "sampler-tv.png", RunFolder.REPORT);

    private DoubleWellRunner() {
    }

    /**
     * results.json: the study's numbers followed by its self-checks.
     *
     * @param results the numbers
     * @param checks  valid, checks, failedChecks
     */
    public record ResultsFile(@JsonUnwrapped DoubleWellResults results, @JsonUnwrapped CheckSummary checks) {
    }

    /**
     * config.json of a double-well run.
     *
     * @param command   "double-well"
     * @param arguments the configuration
     * @param seed      its seed
     * @param versions  toolkit, DL4J and Java versions
     */
    public record ConfigFile(String command, DoubleWellConfig arguments, long seed, VersionNumbers versions) {
    }

    /**
     * The versions in config.json.
     *
     * @param toolkit this toolkit
     * @param dl4j    Deeplearning4j
     * @param java    the JVM
     */
    public record VersionNumbers(String toolkit, String dl4j, String java) {

        /** This process's versions. */
        static VersionNumbers current() {
            return new VersionNumbers(Versions.toolkit(), Versions.dl4j(), System.getProperty("java.version"));
        }
    }

    /** Runs the study for {@code config} into {@code run}, logging progress lines to {@code log} (may be null). */
    public static DoubleWellResults run(DoubleWellConfig config, RunFolder run, PrintWriter log) {
        run.writeJson(RunFolder.CONFIG, new ConfigFile("double-well", config, config.seed(), VersionNumbers.current()));
        DoubleWellStudy study = new DoubleWellStudy(config, log);
        DoubleWellResults results = study.run();
        run.writeJson(RunFolder.RESULTS, new ResultsFile(results, CheckSummary.of(study.checks())));
        study.checks().requireValid("the double-well study", run.path(RunFolder.RESULTS).toString());

        List<XYChart> fields = new ArrayList<>();
        List<XYChart> pathCharts = new ArrayList<>();
        for (int k = 0; k < config.lambdas().size(); k++) {
            double lambda = config.lambdas().get(k);
            DoubleWell well = new DoubleWell(lambda, config.beta());
            List<CriticalPointEntry> mine = results.criticalPoints().stream().filter(c -> c.lambda() == lambda).toList();
            fields.add(DoubleWellPlots.fieldPanel(well, mine));
            pathCharts.add(DoubleWellPlots.pathsPanel(well, study.paths().get(k)));
        }
        byte[] fieldPng = DoubleWellPlots.sideBySide(fields);
        byte[] pathsPng = DoubleWellPlots.sideBySide(pathCharts);
        byte[] freeEnergyPng = DoubleWellPlots.sideBySide(List.of(DoubleWellPlots.freeEnergyChart(results.fokkerPlanck())));
        byte[] tvPng = DoubleWellPlots.sideBySide(List.of(DoubleWellPlots.tvTimeChart(results.sampler()),
                DoubleWellPlots.tvStepChart(results.sampler())));
        run.writeBytes("fig4-field.png", fieldPng);
        run.writeBytes("sample-paths.png", pathsPng);
        run.writeBytes("free-energy.png", freeEnergyPng);
        run.writeBytes("sampler-tv.png", tvPng);
        run.writeText(RunFolder.REPORT, report(config, results, fieldPng, pathsPng, freeEnergyPng, tvPng));
        return results;
    }

    private static String report(DoubleWellConfig config, DoubleWellResults r, byte[] fieldPng, byte[] pathsPng,
                                 byte[] freeEnergyPng, byte[] tvPng) {
        HtmlReport html = new HtmlReport("Double well with limit cycles (Example 19, Fig. 4)");
        html.heading("Setup").paragraph("Phi(x) = (x1^2 - 1)^2/4 + x2^2/2, j = lambda exp(beta Phi) J_ss, grad f = "
                + "grad Phi - j, dx = -grad f dt + sqrt(2/beta) dW. For every lambda the stationary density is "
                + "exp(-beta Phi)/Z; the rotation only changes how the density is reached and where the "
                + "deterministic force vanishes.").keyValueRows(HtmlReport.pairs("lambda", config.lambdas().toString(),
                "beta", config.beta(), "particles", config.particles(),
                "steps x dt", config.steps() + " x " + config.dt() + " (T = " + fmt(config.horizon()) + ")",
                "seed", config.seed(), "Fokker-Planck grid", config.fpCells() + " x " + config.fpCells() + " cells on [-"
                        + config.fpBox() + ", " + config.fpBox() + "]^2, t in [0, " + config.fpTime() + "]",
                "start", "(" + DoubleWellConfig.START_X1 + ", " + DoubleWellConfig.START_X2 + "), Gaussian sd "
                        + DoubleWellConfig.START_SD + " for the solver",
                "elapsed", fmt(r.elapsedSeconds()) + " s"));
        html.heading("Findings: this run beside Example 19 and Fig. 4");
        DoubleWellFindings.addTo(html, r);

        html.heading("Vector field and critical points");
        html.image("Flow -grad f on a 20x20 grid (width proportional to |grad f|), contours of Phi, zeros of grad f "
                + "(red) and minima of Phi (green), one panel per lambda.", fieldPng);
        List<List<?>> rows = new ArrayList<>();
        for (CriticalPointEntry c : r.criticalPoints()) {
            rows.add(List.of(c.lambda(), c.field(), "(" + coordinate(c.x()[0]) + ", " + coordinate(c.x()[1]) + ")", c.type(),
                    eigen(c), c.residual()));
        }
        html.table(List.of("lambda", "field", "x", "type (for x' = -grad)", "eigenvalues of the Jacobian", "|grad|"), rows);
        List<List<?>> shiftRows = new ArrayList<>();
        for (WellShift s : r.wellShifts()) {
            shiftRows.add(List.of(s.lambda(), s.zerosOfGradF(), s.shiftFromWell()));
        }
        html.table(List.of("lambda", "zeros of grad f in [-2,2]^2", "distance of the nearest zero from (1, 0)"), shiftRows);
        html.paragraph(String.format(Locale.ROOT, "The zeros of grad f leave (+-1, 0) as lambda grows, rotating "
                + "towards the x2 axis; at lambda* = e^{-1/4} = %.4f the Jacobian at the origin (trace 0, determinant "
                + "lambda^2 e^{1/2} - 1) becomes a centre and for larger lambda the origin is the only zero of grad f: "
                + "the force no longer has minima, yet the most likely locations (minima of Phi) stay at (+-1, 0) "
                + "(Theorem 22: critical points of Phi are not those of f).", r.bifurcationLambda()));

        html.heading("Euler-Maruyama sampler");
        html.image("Left: TV between the particle histogram (20x20 cells on [-3,3]^2) and exp(-Phi), from the "
                + "off-centre start; grey: the expected TV of as many exact draws. Right: TV of time-averaged "
                + "histograms vs step size over the same horizon.", tvPng);
        List<List<?>> samplerRows = new ArrayList<>();
        for (SamplerResult s : r.sampler()) {
            samplerRows.add(List.of(s.lambda(), s.tv()[s.tv().length - 1], s.tvSamplingFloor(), series(s.dtSweep(), s.tvByDt()),
                    fmt(s.windingRate()) + " +- " + fmt(s.windingRateStandardError()),
                    s.angularVelocityFromWinding(), s.angularVelocityFromDrift(), s.angularVelocityExact()));
        }
        html.table(List.of("lambda", "final TV", "sampling floor", "TV by dt", "winding rate (turns/time)",
                "omega from winding", "omega from drift", "omega exact"), samplerRows);
        html.paragraph("omega is the mean angular velocity around the origin in radians per unit time; the exact "
                + "stationary value is lambda pi^{3/2} beta^{-1/2} / Z(beta). Without rotation (lambda = 0) particles "
                + "do not wind around the origin; with rotation they circulate at the predicted rate while their "
                + "density is still exp(-Phi).");
        html.image("Two noisy paths (thin) and the noise-free flow x' = -grad f (black) from the same start.", pathsPng);

        html.heading("Fokker-Planck solver (Theorem 5)");
        html.image("F(t) = beta^{-1} KL(p_t || pi): solid against the scheme's discrete stationary state, dashed "
                + "against exp(-Phi) cell probabilities (levels off at the discretization floor).", freeEnergyPng);
        List<List<?>> fpRows = new ArrayList<>();
        for (FokkerPlanckResult f : r.fokkerPlanck()) {
            fpRows.add(List.of(f.lambda(), f.freeEnergy()[0], f.finalFreeEnergy(), f.monotone(), f.largestIncrease(),
                    f.massError(), f.minMass(), f.discretizationFloor(), f.dt()));
        }
        html.table(List.of("lambda", "F(0)", "F(end)", "monotone", "largest step increase", "mass error",
                "min cell mass", "discretization floor", "dt"), fpRows);
        html.paragraph("Finite volumes with Scharfetter-Gummel fluxes for grad Phi plus diffusion and upwind fluxes "
                + "of the divergence-free stationary current; explicit Euler under the positivity bound, so each "
                + "step is a stochastic matrix whose invariant state is the discrete Gibbs density, and F cannot "
                + "increase (data-processing inequality).");
        return html.render();
    }

    private static String eigen(CriticalPointEntry c) {
        if (c.eigenvalueImaginaryPart() > 0) {
            return fmt(c.eigenvalueRealParts()[0]) + " +- " + fmt(c.eigenvalueImaginaryPart()) + " i";
        }
        return fmt(c.eigenvalueRealParts()[0]) + ", " + fmt(c.eigenvalueRealParts()[1]);
    }

    private static String series(double[] x, double[] y) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (i > 0) {
                b.append("; ");
            }
            b.append(fmt(x[i])).append(": ").append(fmt(y[i]));
        }
        return b.toString();
    }

    /** A coordinate for display: Newton's round-off below 1e-12 shown as 0 (results.json keeps the raw value). */
    private static String coordinate(double v) {
        return fmt(Math.abs(v) < 1e-12 ? 0.0 : v);
    }

    private static String fmt(double v) {
        return HtmlReport.format(v);
    }
}
