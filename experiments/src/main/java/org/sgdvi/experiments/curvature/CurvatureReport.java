package org.sgdvi.experiments.curvature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.SpectralDensity;
import org.sgdvi.core.curvature.TailIndex;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The sections of report.html of {@code sgdvi curvature} for the measures of issue 14: the spectral density of H
 * (SLQ), the tail index of the gradient noise (Lemma 2's Gaussian assumption) and the per-layer blocks (Lemma 20 per
 * layer), each with its error bar and a sentence on what it says about the paper's claims (arXiv 1710.11029).
 */
public final class CurvatureReport {

    /** Mohammadi's alpha within this many standard errors of 2 (or above it) reads as Gaussian noise. */
    private static final double SIGMAS = 2;

    private CurvatureReport() {
    }

    /** The broadened density on a logarithmic axis (the bulk at zero beside the outliers). */
    public static XYChart densityChart(SpectralDensity.Result r) {
        XYChart c = new XYChartBuilder().width(900).height(500)
                .title("Spectral density of H (stochastic Lanczos quadrature)").xAxisTitle("eigenvalue").yAxisTitle("density")
                .build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setXAxisDecimalPattern("0.###");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double floor = 1e-8 * java.util.Arrays.stream(r.density()).max().orElse(1);
        for (int i = 0; i < r.grid().length; i++) {
            x.add(r.grid()[i]);
            y.add(Math.max(r.density()[i], floor));
        }
        c.addSeries(String.format(Locale.ROOT, "m = %d, n_v = %d, sigma = %.3g", r.steps(), r.vectors(), r.sigma()), x, y);
        return c;
    }

    /** Appends the density, tail-index and per-layer sections. */
    public static void addMeasures(HtmlReport h, CurvatureResults r, byte[] densityPng) {
        CurvatureResults.HessianDensity dens = r.hessianDensity();
        if (dens != null) {
            h.heading("Spectral density of H");
            h.keyValueRows(HtmlReport.pairs(
                    "method", "stochastic Lanczos quadrature, " + dens.steps() + " steps x " + dens.vectors()
                            + " Rademacher vectors, Gaussian broadening sigma = " + fmt(dens.sigma()),
                    "tr H / d from the quadrature", pm(dens.traceOverDimension(), dens.traceOverDimensionStandardError())
                            + " (tr H / d above: " + fmt(r.hessianTrace() / r.dimension()) + ")",
                    "fraction with |lambda| <= " + CurvatureResults.BULK + " lambda_max", pm(dens.bulkFraction(),
                            dens.bulkFractionStandardError()),
                    "fraction below -" + CurvatureResults.BULK + " lambda_max", pm(dens.negativeFraction(),
                            dens.negativeFractionStandardError())));
            h.paragraph(String.format(Locale.ROOT, "%.1f%% of the eigenvalues of H sit in the bulk at zero: H is %s, so "
                            + "along most directions the linearized dynamics of Lemma 20 have %s restoring force and the "
                            + "stationary covariance S_ij = 2 D_ij / (mu_i + mu_j) is set by the few large eigenvalues. "
                            + "%.2g%% lie clearly below zero: the snapshot %s.", 100 * dens.bulkFraction(),
                    dens.bulkFraction() > 0.5 ? "highly degenerate" : "not dominated by flat directions",
                    dens.bulkFraction() > 0.5 ? "almost no" : "a", 100 * dens.negativeFraction(),
                    dens.negativeFraction() - 2 * dens.negativeFractionStandardError() > 0
                            ? "is not a local minimum (a saddle region), outside the critical-point setting of Lemma 20"
                            : "is consistent with a local minimum within the error bar"));
            if (densityPng != null) {
                h.image("Spectral density of H (log scale; density.npy, density-nodes.npy)", densityPng);
            }
        }
        CurvatureResults.NoiseTailIndex tail = r.noiseTailIndex();
        if (tail != null && !tail.directions().isEmpty()) {
            h.heading("Tail index of the gradient noise");
            List<List<Object>> rows = new ArrayList<>();
            for (CurvatureAnalysis.TailDirection t : tail.directions()) {
                rows.add(List.of(t.index() + 1, fmt(t.diffusionEigenvalue()), pm(t.hill()), pm(t.mohammadi())));
            }
            h.table(List.of("direction v_i of D", "lambda_i(D)", "Hill alpha (k = " + tail.hillOrderStatistics() + ")",
                    "Mohammadi alpha (K_1 = " + tail.mohammadiBlockSize() + ")"), rows);
            TailIndex.Estimate top = tail.directions().get(0).mohammadi();
            TailIndex.Estimate hill = tail.directions().get(0).hill();
            String verdict;
            if (top.alpha() + SIGMAS * top.standardError() >= 2) {
                verdict = "is near 2: the noise along the top direction of D is consistent with the Gaussian noise that "
                        + "Lemma 2's continuous-time model assumes";
            } else if (top.alpha() < 1.8 && !finiteVarianceByHill(hill)) {
                verdict = "is well below 2, and Hill's estimator (" + pm(hill) + ") agrees: the noise along the top "
                        + "direction of D is heavy-tailed (infinite variance in the alpha-stable sense), which contradicts "
                        + "the Gaussian noise of Lemma 2";
            } else if (top.alpha() < 1.8) {
                verdict = "is well below 2, but Hill's estimator on the same projections (" + pm(hill) + ") is "
                        + "consistent with a finite variance: the two estimators disagree, so these examples neither "
                        + "confirm nor refute the Gaussian noise of Lemma 2";
            } else {
                verdict = "is slightly but significantly below 2: the Gaussian assumption of Lemma 2 holds only "
                        + "approximately";
            }
            h.paragraph(String.format(Locale.ROOT, "The tail index of (g_k - gbar)^T v_1 over the N = %d examples by "
                            + "Mohammadi et al.'s estimator is %s (1 s.e., bootstrap) and %s. Hill's estimator on the "
                            + "k = %d largest |projections| measures a power-law tail directly: values far above 2 mean "
                            + "light tails, below 2 infinite variance.", tail.examples(), pm(top), verdict,
                    tail.hillOrderStatistics()));
        }
        if (r.layers() != null) {
            h.heading("Per-layer blocks H_ll and D_ll");
            List<List<Object>> rows = new ArrayList<>();
            double sumH = 0;
            double sumD = 0;
            CurvatureAnalysis.LayerBlock worst = null;
            for (CurvatureAnalysis.LayerBlock b : r.layers()) {
                rows.add(List.of(b.layerIndex() + " " + b.layerName(), b.size(), b.exact() ? "exact" : "estimated",
                        pm(b.hessianTrace().value(), b.hessianTrace().standardError()), fmt(b.diffusionTrace()),
                        fmt(b.hessianTopEigenvalue()), fmt(b.diffusionTopEigenvalue()), fmt(b.commutator())));
                sumH += b.hessianTrace().value();
                sumD += b.diffusionTrace();
                if (worst == null || b.diffusionTrace() > worst.diffusionTrace()) {
                    worst = b;
                }
            }
            h.table(List.of("layer", "weights", "route", "tr H_ll", "tr D_ll", "lambda_max(H_ll)", "lambda_max(D_ll)",
                    "relative commutator"), rows);
            h.paragraph(String.format(Locale.ROOT, "The block traces add up to tr H = %s (sum %s) and tr D = %s (sum %s). "
                            + "Layer %s carries %.0f%% of tr D. A block commutator near 0 means that layer alone would be "
                            + "close to detailed balance (Lemma 20 restricted to its weights); the whole-network commutator "
                            + "above also counts the couplings between layers.", fmt(r.hessianTrace()), fmt(sumH),
                    fmt(r.diffusionTrace()), fmt(sumD), worst == null ? "-" : worst.layerName(),
                    worst == null ? 0 : 100 * worst.diffusionTrace() / r.diffusionTrace()));
        }
    }

    /** Whether Hill's alpha reaches 2 within {@link #SIGMAS} standard errors (a finite variance is not excluded). */
    private static boolean finiteVarianceByHill(TailIndex.Estimate hill) {
        return Double.isFinite(hill.alpha()) && hill.alpha() + SIGMAS * hill.standardError() >= 2;
    }

    private static String pm(TailIndex.Estimate e) {
        return pm(e.alpha(), e.standardError());
    }

    private static String pm(double value, double se) {
        return se > 0 ? String.format(Locale.ROOT, "%.4g +- %.2g", value, se) : String.format(Locale.ROOT, "%.4g (exact)", value);
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
