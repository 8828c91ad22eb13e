package org.sgdvi.experiments.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunFolder;

/**
 * {@code sweep-analyze}: reads a sweep folder's ledgers ({@link LedgerSet}), computes
 * {@link SweepAnalysis}'s numbers and writes, into the sweep folder, {@code results.json},
 * {@code heatmap-<model>-<sampling>.png}, {@code error-vs-ratio-<model>-<sampling>.png},
 * {@code remark15-*.png} (when D was measured) and {@code report.html}.
 */
public final class SweepAnalyzer {

    private SweepAnalyzer() {
    }

    /** Analyzes {@code dir} and returns the results map written to results.json. */
    public static Map<String, Object> analyze(Path dir, PrintStream log) {
        LedgerSet set = LedgerSet.read(List.of(dir));
        List<Observation> obs = set.observations();
        try (RunFolder out = RunFolder.create(dir)) {
            return analyze(set, obs, out, dir, log);
        }
    }

    private static Map<String, Object> analyze(LedgerSet set, List<Observation> obs, RunFolder out, Path dir,
                                               PrintStream log) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("sweep", set.definition().describe());
        results.put("fingerprint", set.fingerprint());
        results.put("trials", set.counts());
        results.put("analysed", obs.size());
        results.put("diverged", set.entries().stream().filter(e -> e.status() == TrialStatus.DIVERGED)
                .map(LedgerEntry::id).toList());
        results.put("failed", set.entries().stream().filter(e -> e.status() == TrialStatus.FAILED)
                .map(LedgerEntry::id).toList());
        List<Map<String, Object>> rule = SweepAnalysis.rule(obs);
        results.put("remark11", rule);
        results.put("remark12", SweepAnalysis.remark12(obs));
        results.put("remark15", SweepAnalysis.remark15(obs));
        results.put("remark16", SweepAnalysis.remark16(obs));
        results.put("definitions", Map.of(
                "binnedR2", "1 - SS_within / SS_total, groups = equal x (one-way ANOVA eta squared)",
                "binnedAdjustedR2", "1 - (SS_within / (n - k)) / (SS_total / (n - 1)), k = distinct x",
                "localLinearR2", "1 - SS_res / SS_total of a Gaussian-kernel local-linear fit, bandwidth "
                        + SmoothingFit.DEFAULT_BANDWIDTH + " x range(x)",
                "rho", "Spearman rank correlation of validation error with eta/b within one b (average ranks for ties)",
                "meanDifference", "mean over (eta, seed) of error(with replacement) - error(without), per b",
                "seedSpread", "sample standard deviation over seeds of the per-seed mean difference"));
        out.writeJson(RunFolder.RESULTS, results);

        HtmlReport report = new HtmlReport("Sweep: does validation error depend on eta/b alone?");
        report.paragraph(set.definition().describe()).keyValues(set.counts());
        report.heading("Remark 11: share of the variance of validation error explained");
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> g : rule) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> ex = (Map<String, Map<String, Object>>) g.get("explained");
            for (String p : List.of("logEtaOverB", "logEta", "logB")) {
                Map<String, Object> f = ex.get(p);
                rows.add(List.of(g.get("model"), g.get("sampling"), p, f.get("n"), f.get("distinctValues"),
                        f.get("binnedR2"), f.get("binnedAdjustedR2"), f.get("localLinearR2")));
            }
        }
        report.table(List.of("model", "sampling", "predictor", "n", "distinct", "binned R2", "adjusted", "local-linear R2"),
                rows);
        for (Map<String, Object> g : rule) {
            report.paragraph(g.get("model") + " / " + g.get("sampling") + ": " + (Boolean.TRUE.equals(g.get("etaOverBExplainsMost"))
                    ? "log(eta/b) explains more of the variance than log(eta) or log(b) alone (adjusted binned and local-linear R2): "
                    + "the errors collapse onto a function of eta/b."
                    : "log(eta/b) does not explain more than both log(eta) and log(b) alone: no collapse onto eta/b in this sweep."));
        }
        List<List<Object>> rho = new ArrayList<>();
        for (Map<String, Object> g : rule) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> s = (List<Map<String, Object>>) g.get("spearmanWithinBatchSize");
            s.forEach(m -> rho.add(List.of(g.get("model"), g.get("sampling"), m.get("batchSize"), m.get("n"), m.get("rho"))));
        }
        report.paragraph("Spearman rank correlation of validation error with eta/b within each b "
                + "(the rule predicts negative values: error worsens as eta/b -> 0).");
        report.table(List.of("model", "sampling", "b", "n", "rho"), rho);
        for (String key : SweepAnalysis.groups(obs, o -> o.model() + " / " + o.sampling()).keySet()) {
            List<Observation> g = SweepAnalysis.groups(obs, o -> o.model() + " / " + o.sampling()).get(key);
            String slug = slug(g.get(0).model() + "-" + g.get(0).sampling());
            image(out, report, "heatmap-" + slug + ".png", SweepCharts.heatmap(g, "validation error %, " + key));
            image(out, report, "error-vs-ratio-" + slug + ".png", SweepCharts.errorVsRatio(g, "validation error vs eta/b, " + key));
        }
        report.heading("Remark 12: with minus without replacement");
        List<List<Object>> r12 = new ArrayList<>();
        for (Map<String, Object> m : SweepAnalysis.remark12(obs)) {
            r12.add(List.of(m.get("model"), m.get("batchSize"), m.get("pairs"), m.get("seeds"), m.get("meanDifference"),
                    m.get("seedSpread"), m.get("oneMinusBOverN")));
        }
        report.paragraph(r12.isEmpty() ? "No trial pairs that differ only in sampling (run with --sampling with,without)."
                : "error(with) - error(without) at equal (eta, b, seed); negative means sampling with replacement generalizes better.");
        report.table(List.of("model", "b", "pairs", "seeds", "mean difference", "seed spread", "1 - b/N"), r12);
        report.heading("Remark 15: normalized temperature (eta/b) mean lambda(D)");
        Map<String, Object> r15 = SweepAnalysis.remark15(obs);
        if (r15 == null) {
            report.paragraph("D was not measured (run the sweep with --measure-spectrum).");
        } else {
            report.keyValues(flatten(r15));
            image(out, report, "remark15-temperature.png", SweepCharts.errorVsTemperature(obs, true, "error vs (eta/b) mean lambda(D)"));
            image(out, report, "remark15-ratio.png", SweepCharts.errorVsTemperature(obs, false, "error vs eta/b"));
        }
        report.heading("Remark 16: rank(D)/d + var(lambda(D)) at initialization vs trained error");
        Map<String, Object> r16 = SweepAnalysis.remark16(obs);
        if (r16 == null) {
            report.paragraph("Needs at least two models with D measured at initialization (--measure-spectrum).");
        } else {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> models = (List<Map<String, Object>>) r16.get("models");
            report.table(List.of("model", "initial score", "best validation error"), models.stream()
                    .map(m -> List.of(m.get("model"), m.get("initialScore"), m.get("bestValidationError"))).toList());
            report.paragraph("Spearman rank correlation: " + HtmlReport.format(r16.get("spearman")));
        }
        out.writeText(RunFolder.REPORT, report.render());
        log.printf("analysed %d finished trials of %s; wrote %s%n", obs.size(), dir, out.path(RunFolder.REPORT));
        return results;
    }

    private static void image(RunFolder out, HtmlReport report, String name, Chart<?, ?> chart) {
        out.writePng(name, chart);
        report.image(name, RunFolder.png(chart));
    }

    private static Map<String, Object> flatten(Map<String, Object> m) {
        Map<String, Object> f = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Map<?, ?> inner) {
                inner.forEach((k2, v2) -> f.put(k + "." + k2, v2));
            } else {
                f.put(k, v);
            }
        });
        return f;
    }

    static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
