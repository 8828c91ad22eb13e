package org.sgdvi.experiments.curvature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.SpectralDensity;
import org.sgdvi.core.curvature.TailIndex;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The curvature sections of report.html of {@code sgdvi curvature} (arXiv 1710.11029 beside issue 14's measures): every
 * measure of {@link CurvatureResults} with its error bar (a standard error, a bootstrap interval or a residual bound) or
 * the word exact, and per group one sentence on what it says about the paper's claims: the spectra of H and D and their
 * principal angles (D low-rank and anisotropic, so by Lemma 6 SGD's potential is not f), the traces and tr(HD) against
 * the isotropic baseline (noise aligned with curvature), the relative commutator (Lemma 20: detailed balance iff
 * HD = DH), the noise scales (the noise-dominated regime of Lemma 2's diffusion), the spectral density of H, the tail
 * index of the gradient noise (Lemma 2's Gaussian noise) and the per-layer blocks.
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

    /** The top eigenvalues of D carrying at least this share of tr D make D low-rank. */
    private static final double LOW_RANK_SHARE = 0.5;
    /** A relative commutator below this reads as H and D nearly commuting. */
    private static final double COMMUTING = 1e-3;
    /** Principal angles below this many degrees read as shared directions. */
    private static final double SHARED_DEGREES = 45;

    /**
     * The whole report of {@code sgdvi curvature}: the joint measures ({@link #addJoint}), then the density, tail-index
     * and per-layer sections ({@link #addMeasures}).
     *
     * @param png        the chart of the top eigenvalues, or null
     * @param densityPng the density chart, or null
     */
    public static String html(CurvatureResults r, byte[] png, byte[] densityPng) {
        HtmlReport h = new HtmlReport("Noise meets curvature: " + r.model() + " on " + r.data());
        addJoint(h, r, png);
        addMeasures(h, r, densityPng);
        return h.render();
    }

    /**
     * Appends the joint measures of H and D: spectra and principal angles, traces and alignment, the commutator, the
     * noise scales; each with its error bar and a sentence on the paper's claims.
     */
    public static void addJoint(HtmlReport h, CurvatureResults r, byte[] png) {
        h.paragraph("d = " + r.dimension() + " weights, N = " + r.examples() + " training examples, D of eq. 2 (sampling "
                + r.sampling() + " replacement), " + r.mode() + ". Error bars: +- one standard error where a value is "
                + "estimated from random probes, 95% percentile bootstrap intervals over examples for the noise scales, "
                + "residual bounds for Ritz values; exact means computed without sampling, up to rounding (checked).");
        spectra(h, r);
        if (png != null) {
            h.image("Top eigenvalues of H and D and D along H's eigenvectors", png);
        }
        traces(h, r);
        commutator(h, r);
        noiseScales(h, r);
    }

    private static void spectra(HtmlReport h, CurvatureResults r) {
        h.heading("Spectra of H and D");
        double hBound = ritzBound(r, "hessianTopResidual", Math.max(Math.abs(first(r.hessianTopEigenvalues())),
                Math.abs(first(r.hessianBottomEigenvalues()))));
        double hBottomBound = ritzBound(r, "hessianBottomResidual", Math.max(Math.abs(first(r.hessianTopEigenvalues())),
                Math.abs(first(r.hessianBottomEigenvalues()))));
        double dBound = ritzBound(r, "diffusionTopResidual", Math.abs(first(r.diffusionTopEigenvalues())));
        h.paragraph(r.exact()
                ? "All eigenvalues are exact: dense eigendecompositions of the formed H and D, their sums checked against "
                        + "the traces; u_i^T D u_i, v_i^T H v_i and the principal angles follow exactly from the eigenvectors."
                : "The eigenvalues are Ritz values of block Lanczos; +- is the largest residual ||A x - theta x|| of "
                        + "their end, within which an eigenvalue of A lies (Kahan's bound for symmetric A). u_i^T D u_i, "
                        + "v_i^T H v_i and the principal angles are exact for the Ritz vectors found (their error is that "
                        + "of the vectors).");
        int k = Math.max(r.hessianTopEigenvalues().length, Math.max(r.hessianBottomEigenvalues().length,
                r.diffusionTopEigenvalues().length));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            rows.add(List.of(i + 1, bound(r.hessianTopEigenvalues(), i, hBound),
                    bound(r.hessianBottomEigenvalues(), i, hBottomBound), bound(r.diffusionTopEigenvalues(), i, dBound),
                    bound(r.diffusionAlongHessianEigenvectors(), i, 0), bound(r.hessianAlongDiffusionEigenvectors(), i, 0),
                    bound(r.principalAnglesDegrees(), i, 0)));
        }
        h.table(List.of("i", "lambda_i(H), largest", "lambda_i(H), most negative", "lambda_i(D)", "u_i^T D u_i",
                "v_i^T H v_i", "principal angle i (deg)"), rows);
        int kd = r.diffusionTopEigenvalues().length;
        double share = Arrays.stream(r.diffusionTopEigenvalues()).sum() / r.diffusionTrace();
        double isotropicShare = (double) kd / r.dimension();
        String rank;
        if (share >= LOW_RANK_SHARE) {
            rank = "D is low-rank and highly anisotropic, as the paper claims (Figs. 1-2), so by Lemma 6 the potential "
                    + "Phi that SGD minimizes is not the loss f";
        } else if (share > 10 * isotropicShare) {
            rank = "D is anisotropic (far from the isotropic share) but not low-rank within its top " + kd
                    + " directions, so the paper's low-rank claim holds only in part; by Lemma 6 Phi still differs from f";
        } else {
            rank = "D is close to isotropic along its top directions, against the paper's claim of a highly anisotropic "
                    + "D (Lemma 6 would then give Phi close to f)";
        }
        double angle = first(r.principalAnglesDegrees());
        h.paragraph(String.format(Locale.ROOT, "The top %d eigenvalues of D carry %.1f%% of tr D, where isotropic noise "
                        + "would put %.2g%% there: %s. The smallest principal angle between the top eigenspaces of H and D "
                        + "is %.3g degrees: %s.", kd, 100 * share, 100 * isotropicShare, rank, angle,
                angle < SHARED_DEGREES ? "the leading noise directions share directions with the leading curvature"
                        : "the leading noise directions are far from the leading curvature directions"));
    }

    private static void traces(HtmlReport h, CurvatureResults r) {
        h.heading("Traces: does the noise follow the curvature?");
        double isoError = Math.abs(r.hessianTraceStandardError() * r.diffusionTrace() / r.dimension());
        double ratioError = Math.abs(r.alignmentRatio()) * (relative(r.traceHDStandardError(), r.traceHD())
                + relative(r.hessianTraceStandardError(), r.hessianTrace()));
        h.keyValueRows(HtmlReport.pairs(
                "tr H", pm(r.hessianTrace(), r.hessianTraceStandardError()) + (r.exact() ? ""
                        : " (1 s.e.: exact on span Q plus Hutchinson on its complement)"),
                "tr D", exact(r.diffusionTrace(), "from the per-example gradients"),
                "tr(HD)", pm(r.traceHD(), r.traceHDStandardError()),
                "isotropic baseline tr H tr D / d", pm(r.isotropicTraceHD(), isoError) + (isoError > 0 ? " (from tr H's error)" : ""),
                "tr(HD) / baseline", pm(r.alignmentRatio(), ratioError) + (ratioError > 0
                        ? " (first order, the relative errors added: a bound whatever their correlation)" : ""),
                "||grad f||^2", pm(r.gradientNormSquared(), 0),
                "grad f^T H grad f", exact(r.gradientCurvature(), "one Hessian-vector product")));
        String verdict;
        if (r.alignmentRatio() - 2 * ratioError > 1) {
            verdict = String.format(Locale.ROOT, "tr(HD) exceeds the isotropic baseline by a factor %.3g (beyond 2 error "
                    + "bars): the gradient noise is concentrated along high-curvature directions, far from the isotropic "
                    + "noise under which Lemma 6 would make SGD minimize f itself", r.alignmentRatio());
        } else if (r.alignmentRatio() + 2 * ratioError < 1) {
            verdict = String.format(Locale.ROOT, "tr(HD) falls below the isotropic baseline (factor %.3g, beyond 2 error "
                    + "bars): the noise avoids the high-curvature directions, anisotropic but not aligned with curvature, "
                    + "so by Lemma 6 Phi still differs from f", r.alignmentRatio());
        } else {
            verdict = String.format(Locale.ROOT, "tr(HD) is within 2 error bars of the isotropic baseline (factor %.3g): "
                    + "on these examples the noise is no more aligned with curvature than isotropic noise would be",
                    r.alignmentRatio());
        }
        h.paragraph(verdict + ".");
    }

    private static void commutator(HtmlReport h, CurvatureResults r) {
        h.heading("Commutator of H and D (Lemma 20)");
        boolean full = "full".equals(r.commutatorScope());
        h.keyValueRows(HtmlReport.pairs("relative commutator ||HD - DH||_F / (||H||_F ||D||_F)", fmt(r.commutator())
                + (full ? " (exact)" : " (exact on its scope, " + r.commutatorScope() + ")")));
        boolean commute = r.commutator() < COMMUTING;
        h.paragraph(String.format(Locale.ROOT, "The relative commutator is %.3g%s: H and D %s, so the linearized dynamics "
                        + "dx = -H x dt + sqrt(2 D) dW are %s detailed balance (Lemma 20: Q = 0 iff HD = DH)%s.",
                r.commutator(), full ? "" : " within the leading subspaces", commute ? "nearly commute" : "do not commute",
                commute ? "close to" : "not in", commute ? "" : ", which is the paper's claim that SGD's steady state has "
                        + "Q != 0 and a non-equilibrium current"));
    }

    private static void noiseScales(HtmlReport h, CurvatureResults r) {
        h.heading("Noise scales");
        h.keyValueRows(HtmlReport.pairs(
                "B_simple = tr D / ||grad f||^2", interval(r.noiseScaleSimple(), r.noiseScaleSimpleInterval()),
                "B_noise = tr(HD) / grad f^T H grad f", interval(r.noiseScaleBNoise(), r.noiseScaleBNoiseInterval())
                        + (r.exact() ? "" : " (the bootstrap uses H compressed to span Q)")));
        h.paragraph(String.format(Locale.ROOT, "A mini-batch of b examples carries gradient noise of variance tr D / b "
                        + "against the signal ||grad f||^2, so batches well below B_simple = %.4g (McCandlish et al.'s "
                        + "critical batch size scale; B_noise = %.4g weighs both by the curvature) take steps dominated by "
                        + "the noise: the regime in which the diffusion of Lemma 2, with temperature beta^-1 = eta / (2 b), "
                        + "drives SGD and eta / b sets the regularization (Remark 11); batches far above it approach "
                        + "gradient descent.", r.noiseScaleSimple(), r.noiseScaleBNoise()));
    }

    /**
     * The absolute Ritz residual bound of the check {@code name} (a residual relative to {@code norm}); 0 on the exact
     * route, NaN when the record holds no such check.
     */
    private static double ritzBound(CurvatureResults r, String name, double norm) {
        if (r.exact()) {
            return 0;
        }
        return r.checks().checks().stream().filter(c -> c.name().equals(name)).mapToDouble(c -> c.value() * norm)
                .findFirst().orElse(Double.NaN);
    }

    private static String exact(double value, String how) {
        return String.format(Locale.ROOT, "%.4g (exact: %s)", value, how);
    }

    private static String bound(double[] values, int i, double bound) {
        return i < values.length ? pm(values[i], bound) : "";
    }

    private static double first(double[] values) {
        return values.length > 0 ? values[0] : Double.NaN;
    }

    private static double relative(double error, double value) {
        return error > 0 ? error / Math.abs(value) : 0;
    }

    /** A value with its 95% bootstrap interval, or the reason there is none. */
    public static String interval(double value, CurvatureAnalysis.Interval i) {
        if (i.replicates() == 0) {
            return fmt(value) + " (no bootstrap interval: 0 replicates)";
        }
        return String.format(Locale.ROOT, "%.4g [%.4g, %.4g] (%.0f%% bootstrap, %d replicates over %d examples)", value,
                i.low(), i.high(), 100 * i.level(), i.replicates(), i.examples());
    }

    /** Appends the density, tail-index and per-layer sections. */
    public static void addMeasures(HtmlReport h, CurvatureResults r, byte[] densityPng) {
        CurvatureResults.HessianDensity dens = r.hessianDensity();
        if (dens != null) {
            h.heading("Spectral density of H");
            h.keyValueRows(HtmlReport.pairs(
                    "method", (r.exact() ? "stochastic Lanczos quadrature, " + dens.steps() + " steps x "
                            : "block Gauss quadrature of the eigensolver's block Lanczos run (stochastic Lanczos "
                            + "quadrature in block form), " + dens.steps() + " block steps x ") + dens.vectors()
                            + " Rademacher start vectors, Gaussian broadening sigma = " + fmt(dens.sigma()),
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
                        pm(b.hessianTrace().value(), b.hessianTrace().standardError()), pm(b.diffusionTrace(), 0),
                        layerEigenvalue(r, b, b.hessianTopEigenvalue(), "HessianTopResidual", "H_ll"),
                        layerEigenvalue(r, b, b.diffusionTopEigenvalue(), "DiffusionTopResidual", "D_ll"),
                        fmt(b.commutator()) + (b.exact() || "full".equals(b.commutatorScope()) ? " (exact)"
                                : " (exact on the block's leading subspaces)")));
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

    /**
     * A block's top eigenvalue: exact for a formed block, else the Ritz value with its largest relative residual
     * (the check {@code layer<i><suffix>} of the record).
     */
    private static String layerEigenvalue(CurvatureResults r, CurvatureAnalysis.LayerBlock b, double value, String suffix,
                                          String matrix) {
        if (b.exact()) {
            return pm(value, 0);
        }
        String name = "layer" + b.layerIndex() + suffix;
        return r.checks().checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .map(c -> String.format(Locale.ROOT, "%.4g (Ritz value; residual <= %.2g ||%s||)", value, c.value(), matrix))
                .orElse(fmt(value) + " (Ritz value; residual not recorded)");
    }

    /** Whether Hill's alpha reaches 2 within {@link #SIGMAS} standard errors (a finite variance is not excluded). */
    private static boolean finiteVarianceByHill(TailIndex.Estimate hill) {
        return Double.isFinite(hill.alpha()) && hill.alpha() + SIGMAS * hill.standardError() >= 2;
    }

    private static String pm(TailIndex.Estimate e) {
        return pm(e.alpha(), e.standardError());
    }

    /** A value with its error bar: "v +- e", "v (exact)" for e = 0, or "v (no error bar: ...)" for a NaN e. */
    public static String pm(double value, double error) {
        if (Double.isNaN(error)) {
            return String.format(Locale.ROOT, "%.4g (no error bar: too few samples to estimate one)", value);
        }
        return error > 0 ? String.format(Locale.ROOT, "%.4g +- %.2g", value, error)
                : String.format(Locale.ROOT, "%.4g (exact)", value);
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
