package org.sgdvi.experiments.spectrum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.sgdvi.experiments.curvature.CurvatureReport;
import org.sgdvi.experiments.curvature.CurvatureResults;
import org.sgdvi.experiments.report.Finding;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainReport;
import org.sgdvi.experiments.train.TrainRequest;

/**
 * The report.html of a spectrum run, written like a results section: the run's eigenspectrum of
 * D(x) (eq. 2 of arXiv 1710.11029) beside the paper's (Figs. 1-2), and the paper's qualitative
 * claims about it checked as verdicts with the numbers behind them:
 * <ul>
 * <li>D is highly low-rank (Figs. 1-2): rank(D)/d at every snapshot at most {@link #LOW_RANK_FRACTION};</li>
 * <li>Remark 13, the spectrum barely changes during training: the largest over the smallest
 * standard deviation (and mean) of lambda(D) across the snapshots at most {@link #BARELY_CHANGES_FACTOR};</li>
 * <li>the paper's magnitudes: mean and std of lambda(D) at the last snapshot within a factor
 * {@link #SAME_MAGNITUDE_FACTOR} of the paper's row for this model and data, when it reports one.</li>
 * </ul>
 * With {@code --curvature}, a section with the Hessian beside D at every snapshot (table, chart, and one sentence on
 * the trend of tr(HD) against its isotropic baseline). Only results whose snapshots passed their self-checks reach it
 * (the runner throws first).
 */
public final class SpectrumReport {

    /** The largest rank(D)/d called "low rank". */
    public static final double LOW_RANK_FRACTION = 0.10;
    /** The largest max/min ratio across snapshots called "barely changes". */
    public static final double BARELY_CHANGES_FACTOR = 2.0;
    /** The largest ratio to the paper's number called "the same magnitude". */
    public static final double SAME_MAGNITUDE_FACTOR = 10.0;
    /** The change of tr(HD) / (tr H tr D / d) between the first and last snapshot beyond which the report calls a trend. */
    public static final double ALIGNMENT_CHANGE_FACTOR = 1.25;

    private SpectrumReport() {
    }

    /**
     * The report of {@code results}, with the Fig. 1 histograms {@code png} and, when the snapshots hold curvature,
     * its measures over training {@code curvaturePng} (else null).
     */
    static String html(TrainRequest r, SpectrumRunner.SpectrumResults results, byte[] png, byte[] curvaturePng,
                       RunFolder run) {
        HtmlReport h = new HtmlReport("sgdvi spectrum: " + r.model() + " on " + r.data());
        h.paragraph("D(x) = (1/N) sum_k grad f_k grad f_k^T - grad f grad f^T (eq. 2 of arXiv 1710.11029) from exact "
                + "per-example gradients in inference mode, measured during training; rank by numpy's rule "
                + "(lambda_max * d * eps).");
        h.heading("Findings");
        h.findings(findings(results));
        h.heading("This run beside the paper");
        List<List<?>> rows = new ArrayList<>();
        for (SpectrumRunner.Snapshot rec : results.snapshots()) {
            SpectrumRecords s = rec.spectrum();
            rows.add(List.of(rec.percent() + "%", s.n(), s.solver(), s.lambdaMax(), s.mean(), s.std(), s.rank(),
                    String.format(Locale.ROOT, "%.3f%%", 100 * s.rankFraction()),
                    s.normalizedTemperature() == null ? "" : s.normalizedTemperature(), rec.seconds()));
        }
        PaperSpectra p = results.paper();
        if (p != null) {
            rows.add(List.of("paper (" + p.data() + ")", "", "", "", p.mean(), p.std(), "", p.rankPercent() + "%", "", ""));
        } else {
            h.paragraph("The paper reports no spectrum for this model and data set.");
        }
        h.table(List.of("snapshot", "N", "solver", "lambda max", "mean", "std", "rank", "rank/d", "(eta/b) mean",
                "seconds"), rows);
        h.image("Histograms of the eigenvalues of D (darker is later in training; values below the rank "
                + "threshold are clipped to it)", png);
        if (curvaturePng != null) {
            curvature(h, results.snapshots(), curvaturePng);
        }
        h.paragraph("D was estimated over " + TrainReport.subset(results.subset()) + ".");
        TrainReport.training(h, run, results.training());
        TrainReport.configuration(h, run);
        return h.render();
    }

    /** Grows the curvature section: the measures at each snapshot, their chart and what the trend says. */
    private static void curvature(HtmlReport h, List<SpectrumRunner.Snapshot> snaps, byte[] png) {
        h.heading("Noise meets curvature over training");
        CurvatureResults first = snaps.get(0).curvature();
        h.paragraph("The Hessian H of the training loss beside D at every snapshot, over the same " + first.examples()
                + " examples (" + first.mode() + "; the measures of sgdvi curvature): tr(HD) against the isotropic "
                + "baseline tr H tr D / d (what tr(HD) would be were D = (tr D / d) I), the relative commutator "
                + "||HD - DH||_F / (||H||_F ||D||_F) (Lemma 20: detailed balance iff HD = DH), and the noise scales "
                + "B_simple = tr D / ||grad f||^2 and B_noise = tr(HD) / grad f^T H grad f with 95% bootstrap intervals.");
        List<List<?>> rows = new ArrayList<>();
        for (SpectrumRunner.Snapshot s : snaps) {
            CurvatureResults c = s.curvature();
            rows.add(List.of(s.percent() + "%", c.hessianTopEigenvalues()[0], c.hessianBottomEigenvalues()[0],
                    CurvatureReport.pm(c.hessianTrace(), c.hessianTraceStandardError()), CurvatureReport.pm(c.diffusionTrace(), 0),
                    CurvatureReport.pm(c.traceHD(), c.traceHDStandardError()), c.isotropicTraceHD(), c.alignmentRatio(),
                    c.commutator(), CurvatureReport.interval(c.noiseScaleSimple(), c.noiseScaleSimpleInterval()),
                    CurvatureReport.interval(c.noiseScaleBNoise(), c.noiseScaleBNoiseInterval())));
        }
        h.table(List.of("snapshot", "lambda max(H)", "lambda min(H)", "tr H", "tr D", "tr(HD)", "tr H tr D / d",
                "tr(HD) / baseline", "relative commutator", "B_simple [95%]", "B_noise [95%]"), rows);
        h.paragraph(curvatureTrend(snaps));
        h.image("The curvature measures over training (log scale; non-positive values are not drawn)", png);
    }

    /**
     * One sentence on how the alignment of noise with curvature moved between the first and the last snapshot: the
     * ratio tr(HD) / (tr H tr D / d) grew or shrank by more than {@link #ALIGNMENT_CHANGE_FACTOR}, or stayed within it,
     * with the relative commutator beside it.
     */
    public static String curvatureTrend(List<SpectrumRunner.Snapshot> snaps) {
        SpectrumRunner.Snapshot a = snaps.get(0);
        SpectrumRunner.Snapshot b = snaps.get(snaps.size() - 1);
        double from = a.curvature().alignmentRatio();
        double to = b.curvature().alignmentRatio();
        String where = snaps.size() == 1 ? "At the one snapshot (" + a.percent() + "% of training), "
                : "From " + a.percent() + "% to " + b.percent() + "% of training, ";
        String move = snaps.size() == 1 ? "tr(HD) is " + HtmlReport.format(to) + " times its isotropic baseline"
                : "tr(HD) / (tr H tr D / d) went from " + HtmlReport.format(from) + " to " + HtmlReport.format(to);
        String meaning;
        if (snaps.size() > 1 && to > ALIGNMENT_CHANGE_FACTOR * from) {
            meaning = "the gradient noise became more concentrated along the high-curvature directions as training went on";
        } else if (snaps.size() > 1 && from > ALIGNMENT_CHANGE_FACTOR * to) {
            meaning = "the gradient noise became less concentrated along the high-curvature directions as training went on";
        } else if (snaps.size() > 1) {
            meaning = "the alignment of noise with curvature stayed within a factor " + HtmlReport.format(ALIGNMENT_CHANGE_FACTOR);
        } else {
            meaning = to > 1 ? "the noise is concentrated along high-curvature directions"
                    : "the noise is no more concentrated along high-curvature directions than isotropic noise";
        }
        return where + move + ": " + meaning + "; the relative commutator went from "
                + HtmlReport.format(a.curvature().commutator()) + " to " + HtmlReport.format(b.curvature().commutator())
                + " (0 would be detailed balance, Lemma 20).";
    }

    /** The paper's claims about D checked against the snapshots of {@code results}. */
    public static List<Finding> findings(SpectrumRunner.SpectrumResults results) {
        List<SpectrumRunner.Snapshot> snaps = results.snapshots();
        List<Finding> out = new ArrayList<>();
        if (snaps.isEmpty()) {
            return out;
        }
        out.add(lowRank(snaps, results.paper()));
        if (snaps.size() > 1) {
            out.add(barelyChanges(snaps));
        }
        if (results.paper() != null) {
            out.add(sameMagnitude(snaps.get(snaps.size() - 1), results.paper()));
        }
        return out;
    }

    private static Finding lowRank(List<SpectrumRunner.Snapshot> snaps, PaperSpectra paper) {
        double worst = 0;
        List<String> each = new ArrayList<>();
        for (SpectrumRunner.Snapshot s : snaps) {
            worst = Math.max(worst, s.spectrum().rankFraction());
            each.add(String.format(Locale.ROOT, "%d of d = %d (%.3f%%) at %d%%", s.spectrum().rank(), s.spectrum().d(),
                    100 * s.spectrum().rankFraction(), s.percent()));
        }
        return new Finding("D is highly low-rank (Figs. 1-2)", worst <= LOW_RANK_FRACTION,
                String.format(Locale.ROOT, "rank(D) is %s; the threshold used here is rank/d <= %.0f%% at every "
                                + "snapshot%s.", String.join(", ", each), 100 * LOW_RANK_FRACTION,
                        paper == null ? "" : "; the paper reports " + paper.rankPercent() + "% for " + paper.model()
                                + " on " + paper.data()));
    }

    private static Finding barelyChanges(List<SpectrumRunner.Snapshot> snaps) {
        double stdRatio = spread(snaps, s -> s.spectrum().std());
        double meanRatio = spread(snaps, s -> s.spectrum().mean());
        return new Finding("Remark 13: the spectrum of D barely changes during training",
                stdRatio <= BARELY_CHANGES_FACTOR && meanRatio <= BARELY_CHANGES_FACTOR,
                "std of lambda(D) " + path(snaps, s -> s.spectrum().std()) + " (largest/smallest "
                        + HtmlReport.format(stdRatio) + "), mean " + path(snaps, s -> s.spectrum().mean())
                        + " (largest/smallest " + HtmlReport.format(meanRatio) + ") at " + percents(snaps)
                        + " of training; the threshold used here is a ratio <= " + HtmlReport.format(BARELY_CHANGES_FACTOR)
                        + " for both.");
    }

    private static Finding sameMagnitude(SpectrumRunner.Snapshot last, PaperSpectra p) {
        double meanRatio = last.spectrum().mean() / p.mean();
        double stdRatio = last.spectrum().std() / p.std();
        boolean holds = within(meanRatio) && within(stdRatio);
        return new Finding("the magnitude of the paper's spectrum for " + p.model() + " on " + p.data()
                + " (Figs. 1-2: mean " + HtmlReport.format(p.mean()) + ", std " + HtmlReport.format(p.std()) + ")", holds,
                "at " + last.percent() + "% of training this run has mean " + HtmlReport.format(last.spectrum().mean())
                        + " (" + HtmlReport.format(meanRatio) + " times the paper's) and std "
                        + HtmlReport.format(last.spectrum().std()) + " (" + HtmlReport.format(stdRatio)
                        + " times); the threshold used here is a factor of at most "
                        + HtmlReport.format(SAME_MAGNITUDE_FACTOR) + " either way.");
    }

    private static boolean within(double ratio) {
        return ratio > 0 && ratio <= SAME_MAGNITUDE_FACTOR && 1 / ratio <= SAME_MAGNITUDE_FACTOR;
    }

    private static double spread(List<SpectrumRunner.Snapshot> snaps, ToDoubleFunction<SpectrumRunner.Snapshot> f) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (SpectrumRunner.Snapshot s : snaps) {
            lo = Math.min(lo, f.applyAsDouble(s));
            hi = Math.max(hi, f.applyAsDouble(s));
        }
        return lo > 0 ? hi / lo : Double.POSITIVE_INFINITY;
    }

    private static String path(List<SpectrumRunner.Snapshot> snaps, ToDoubleFunction<SpectrumRunner.Snapshot> f) {
        List<String> v = new ArrayList<>();
        for (SpectrumRunner.Snapshot s : snaps) {
            v.add(HtmlReport.format(f.applyAsDouble(s)));
        }
        return String.join(" -> ", v);
    }

    private static String percents(List<SpectrumRunner.Snapshot> snaps) {
        List<String> v = new ArrayList<>();
        for (SpectrumRunner.Snapshot s : snaps) {
            v.add(s.percent() + "%");
        }
        return String.join("/", v);
    }
}
