package org.sgdvi.experiments.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.internal.chartpart.Chart;
import org.sgdvi.experiments.report.Finding;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.sweep.SmoothingFit.Fit;
import org.sgdvi.experiments.sweep.SweepResults.ArchitectureRanking;
import org.sgdvi.experiments.sweep.SweepResults.Explained;
import org.sgdvi.experiments.sweep.SweepResults.RankCorrelation;
import org.sgdvi.experiments.sweep.SweepResults.ReplacementEffect;
import org.sgdvi.experiments.sweep.SweepResults.RuleGroup;
import org.sgdvi.experiments.sweep.SweepResults.TemperatureFits;

/**
 * {@code sweep-analyze}: reads a sweep folder's ledgers ({@link LedgerSet}), computes
 * {@link SweepAnalysis}'s numbers and writes, into the sweep folder, {@code results.json},
 * {@code heatmap-<model>-<sampling>.png}, {@code error-vs-ratio-<model>-<sampling>.png},
 * {@code remark15-*.png} (when D was measured) and {@code report.html}.
 */
public final class SweepAnalyzer {

    private SweepAnalyzer() {
    }

    /** Analyzes {@code dir} and returns the results written to results.json. */
    public static SweepResults analyze(Path dir, PrintStream log) {
        LedgerSet set = LedgerSet.read(List.of(dir));
        List<Observation> obs = set.observations();
        try (RunFolder out = RunFolder.create(dir)) {
            return analyze(set, obs, out, dir, log);
        }
    }

    private static SweepResults analyze(LedgerSet set, List<Observation> obs, RunFolder out, Path dir, PrintStream log) {
        List<RuleGroup> rule = SweepAnalysis.rule(obs);
        SweepResults results = new SweepResults(set.definition().describe(), set.fingerprint(), set.counts(), obs.size(),
                ids(set, TrialStatus.DIVERGED), ids(set, TrialStatus.FAILED), rule, SweepAnalysis.remark12(obs),
                SweepAnalysis.remark15(obs), SweepAnalysis.remark16(obs), SweepResults.Definitions.CURRENT);
        out.writeJson(RunFolder.RESULTS, results);

        HtmlReport report = new HtmlReport("Sweep: does validation error depend on eta/b alone?");
        report.paragraph(set.definition().describe());
        report.heading("Configuration").keyValueRows(set.definition().rows());
        report.heading("Trials").keyValues(set.counts());
        report.heading("Remark 11: share of the variance of validation error explained");
        report.paragraph("The paper (arXiv 1710.11029, Remark 11) predicts that generalization depends on eta/b alone: "
                + "a fit of the error in log(eta/b) should explain more of its variance than fits in log(eta) or log(b) "
                + "alone. The paper states this without numbers.");
        List<List<Object>> rows = new ArrayList<>();
        for (RuleGroup g : rule) {
            Explained ex = g.explained();
            Fit[] fits = {ex.logEtaOverB(), ex.logEta(), ex.logB()};
            for (int k = 0; k < fits.length; k++) {
                Fit f = fits[k];
                rows.add(List.of(g.model(), g.sampling(), PREDICTORS.get(k), f.n(), f.groups(), f.binnedR2(),
                        f.binnedAdjustedR2(), f.localLinearR2()));
            }
        }
        report.table(List.of("model", "sampling", "predictor", "n", "distinct", "binned R2", "adjusted", "local-linear R2"),
                rows);
        List<Finding> remark11 = new ArrayList<>();
        for (RuleGroup g : rule) {
            Explained ex = g.explained();
            boolean undefined = Double.isNaN(ex.margin(Fit::binnedAdjustedR2)) && Double.isNaN(ex.margin(Fit::localLinearR2));
            remark11.add(new Finding("Remark 11, " + g.model() + " / " + g.sampling(),
                    undefined ? Finding.Status.UNDETERMINED : Finding.Status.of(g.etaOverBExplainsMost()), undefined
                    ? UNDETERMINED : g.etaOverBExplainsMost() ? "the error follows eta/b" : "the error does not follow eta/b alone",
                    ruleNumbers(ex)));
        }
        report.findings(remark11);
        List<List<Object>> rho = new ArrayList<>();
        for (RuleGroup g : rule) {
            g.spearmanWithinBatchSize().forEach(m -> rho.add(List.of(g.model(), g.sampling(), m.batchSize(), m.n(), m.rho())));
        }
        report.paragraph("Spearman rank correlation of validation error with eta/b within each b "
                + "(the rule predicts negative values: error worsens as eta/b -> 0).");
        report.table(List.of("model", "sampling", "b", "n", "rho"), rho);
        List<Finding> worsens = new ArrayList<>();
        for (RuleGroup g : rule) {
            List<RankCorrelation> s = g.spearmanWithinBatchSize();
            if (!s.isEmpty()) {
                long negative = s.stream().filter(c -> c.rho() < 0).count();
                long defined = s.stream().filter(c -> !Double.isNaN(c.rho())).count();
                worsens.add(new Finding("Error worsens as eta/b -> 0, " + g.model() + " / " + g.sampling(),
                        defined == 0 ? Finding.Status.UNDETERMINED : Finding.Status.of(negative == s.size()),
                        defined == 0 ? UNDETERMINED : negative == s.size() ? "holds at every b"
                                : negative == 0 ? "does not hold at any b"
                                : "holds at " + negative + " of " + s.size() + " batch sizes",
                        "rho " + s.stream().map(c -> "b = " + c.batchSize() + ": " + HtmlReport.format(c.rho()))
                                .collect(Collectors.joining(", ")) + "."));
            }
        }
        report.findings(worsens);
        for (String key : SweepAnalysis.groups(obs, o -> o.model() + " / " + o.sampling()).keySet()) {
            List<Observation> g = SweepAnalysis.groups(obs, o -> o.model() + " / " + o.sampling()).get(key);
            String slug = slug(g.get(0).model() + "-" + g.get(0).sampling());
            image(out, report, "heatmap-" + slug + ".png", SweepCharts.heatmap(g, "validation error %, " + key));
            image(out, report, "error-vs-ratio-" + slug + ".png", SweepCharts.errorVsRatio(g, "validation error vs eta/b, " + key));
        }
        report.heading("Remark 12: with minus without replacement");
        List<List<Object>> r12 = new ArrayList<>();
        for (ReplacementEffect m : results.remark12()) {
            r12.add(List.of(m.model(), m.batchSize(), m.pairs(), m.seeds(), m.meanDifference(), m.seedSpread(),
                    m.oneMinusBOverN()));
        }
        report.paragraph(r12.isEmpty() ? "No trial pairs that differ only in sampling (run with --sampling with,without)."
                : "error(with) - error(without) at equal (eta, b, seed); negative means sampling with replacement generalizes better.");
        report.table(List.of("model", "b", "pairs", "seeds", "mean difference", "seed spread", "1 - b/N"), r12);
        remark12Verdicts(report, results.remark12());
        report.heading("Remark 15: normalized temperature (eta/b) mean lambda(D)");
        TemperatureFits r15 = results.remark15();
        if (r15 == null) {
            report.paragraph("D was not measured (run the sweep with --measure-spectrum).");
        } else {
            report.table(List.of("predictor", "n", "distinct", "binned R2", "adjusted", "local-linear R2"), List.of(
                    fitRow("log(eta/b)", r15.logEtaOverB()), fitRow("log((eta/b) mean lambda(D))", r15.logNormalizedTemperature())));
            double t = r15.logNormalizedTemperature().localLinearR2();
            double r = r15.logEtaOverB().localLinearR2();
            boolean undefined = Double.isNaN(t) || Double.isNaN(r);
            report.findings(List.of(new Finding("Remark 15, " + r15.n() + " trials of " + String.join(", ", r15.models()),
                    undefined ? Finding.Status.UNDETERMINED : Finding.Status.of(t > r), undefined ? UNDETERMINED
                            : t > r ? "the normalized temperature aligns the runs better than eta/b"
                            : "the normalized temperature does not align the runs better than eta/b",
                    "local-linear R2 " + HtmlReport.format(t) + " against " + HtmlReport.format(r) + " for log(eta/b) ("
                            + signed(t - r) + ").")));
            image(out, report, "remark15-temperature.png", SweepCharts.errorVsTemperature(obs, true, "error vs (eta/b) mean lambda(D)"));
            image(out, report, "remark15-ratio.png", SweepCharts.errorVsTemperature(obs, false, "error vs eta/b"));
        }
        report.heading("Remark 16: rank(D)/d + var(lambda(D)) at initialization vs trained error");
        ArchitectureRanking r16 = results.remark16();
        if (r16 == null) {
            report.paragraph("Needs at least two models with D measured at initialization (--measure-spectrum).");
        } else {
            report.table(List.of("model", "initial score", "best validation error"), r16.models().stream()
                    .map(m -> List.<Object>of(m.model(), m.initialScore(), m.bestValidationError())).toList());
            report.paragraph("Spearman rank correlation: " + HtmlReport.format(r16.spearman()) + " over " + r16.models().size()
                    + " models (negative: a higher score at initialization goes with a lower trained error).");
        }
        out.writeText(RunFolder.REPORT, report.render());
        log.printf("analysed %d finished trials of %s; wrote %s%n", obs.size(), dir, out.path(RunFolder.REPORT));
        return results;
    }

    /** The finding when a statistic is undefined. */
    static final String UNDETERMINED = "undetermined: the statistic is undefined here (too few trials per value, "
            + "or no variance in the error)";

    /** The predictors of Remark 11 in the order they are shown. */
    private static final List<String> PREDICTORS = List.of("logEtaOverB", "logEta", "logB");

    /** The Remark 11 numbers: each measure of log(eta/b) against log(eta) and log(b), and the margin. */
    static String ruleNumbers(Explained ex) {
        return measure("adjusted binned R2", ex, Fit::binnedAdjustedR2) + "; "
                + measure("local-linear R2", ex, Fit::localLinearR2) + ".";
    }

    private static String measure(String name, Explained ex, ToDoubleFunction<Fit> m) {
        return name + " of log(eta/b) " + HtmlReport.format(m.applyAsDouble(ex.logEtaOverB())) + " against "
                + HtmlReport.format(m.applyAsDouble(ex.logEta())) + " for log(eta) and "
                + HtmlReport.format(m.applyAsDouble(ex.logB())) + " for log(b) (" + signed(ex.margin(m))
                + " over the better of the two)";
    }

    /** Remark 12 per model: sampling with replacement should generalize better, most visibly at the largest b. */
    private static void remark12Verdicts(HtmlReport report, List<ReplacementEffect> effects) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<ReplacementEffect>> e : effects.stream()
                .collect(Collectors.groupingBy(ReplacementEffect::model, java.util.TreeMap::new, Collectors.toList())).entrySet()) {
            ReplacementEffect largest = e.getValue().stream().max(java.util.Comparator.comparingInt(ReplacementEffect::batchSize))
                    .orElseThrow();
            boolean better = largest.meanDifference() < 0;
            boolean resolved = Math.abs(largest.meanDifference()) > largest.seedSpread();
            // better beyond the seed spread confirms it; better within it, or with one seed, does not decide it
            out.add(new Finding("Remark 12, " + e.getKey() + " at the largest b = " + largest.batchSize(),
                    !better ? Finding.Status.NOT_CONFIRMED : resolved ? Finding.Status.CONFIRMED : Finding.Status.UNDETERMINED,
                    (better ? "sampling with replacement generalizes better" : "sampling with replacement does not generalize better")
                            + (Double.isNaN(largest.seedSpread()) ? " (one seed: no seed spread to compare with)"
                            : resolved ? ", beyond the seed spread" : ", within the seed spread"),
                    "mean difference " + HtmlReport.format(largest.meanDifference()) + " over " + largest.pairs()
                            + " pairs, seed spread " + HtmlReport.format(largest.seedSpread()) + ", 1 - b/N = "
                            + HtmlReport.format(largest.oneMinusBOverN()) + "."));
        }
        report.findings(out);
    }

    private static List<Object> fitRow(String predictor, Fit f) {
        return List.of(predictor, f.n(), f.groups(), f.binnedR2(), f.binnedAdjustedR2(), f.localLinearR2());
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + HtmlReport.format(v);
    }

    private static List<String> ids(LedgerSet set, TrialStatus status) {
        return set.entries().stream().filter(e -> e.status() == status).map(LedgerEntry::id).toList();
    }

    private static void image(RunFolder out, HtmlReport report, String name, Chart<?, ?> chart) {
        out.writePng(name, chart);
        report.image(name, RunFolder.png(chart));
    }

    static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
