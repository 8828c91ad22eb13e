package org.sgdvi.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.sgdvi.experiments.sweep.SmoothingFit.Fit;
import org.sgdvi.experiments.sweep.SweepResults.ArchitectureRanking;
import org.sgdvi.experiments.sweep.SweepResults.Explained;
import org.sgdvi.experiments.sweep.SweepResults.ModelScore;
import org.sgdvi.experiments.sweep.SweepResults.RankCorrelation;
import org.sgdvi.experiments.sweep.SweepResults.ReplacementEffect;
import org.sgdvi.experiments.sweep.SweepResults.RuleGroup;
import org.sgdvi.experiments.sweep.SweepResults.TemperatureFits;

/**
 * The numbers of a sweep (the paper's Remarks 11, 12, 15 and 16), from its finished, non-diverged trials.
 *
 * <ul>
 *   <li><b>Remark 11</b>, per (model, sampling): the share of the variance of the validation error
 *       explained by a smoothing fit ({@link SmoothingFit}) in log(eta/b), in log(eta) alone and in
 *       log(b) alone; and, within each b, Spearman's rank correlation of the error with eta/b
 *       (average ranks for ties; commons-math3). The rule predicts the log(eta/b) fit explains the
 *       most, and a negative correlation (error worsens as eta/b -> 0).</li>
 *   <li><b>Remark 12</b>, per (model, b): the paired difference error(with) - error(without)
 *       replacement over trials with equal (eta, b, seed): its mean, and its seed spread, the sample
 *       standard deviation over seeds of the per-seed mean difference; with the factor 1 - b/N by
 *       which sampling without replacement lowers the temperature.</li>
 *   <li><b>Remark 15</b>, over trials whose D was measured, all models pooled: the fits of the error
 *       in log(eta/b) and in log((eta/b) mean lambda(D)).</li>
 *   <li><b>Remark 16</b>, across models: Spearman's correlation between the score
 *       rank(D)/d + var(lambda(D)) at initialization (mean over the model's trials) and the model's
 *       best validation error (the lowest mean over seeds of any (eta, b, sampling)).</li>
 * </ul>
 */
public final class SweepAnalysis {

    private SweepAnalysis() {
    }

    /** Remark 11 for every (model, sampling) group. */
    public static List<RuleGroup> rule(List<Observation> obs) {
        List<RuleGroup> out = new ArrayList<>();
        for (List<Observation> l : groups(obs, o -> o.model() + " / " + o.sampling()).values()) {
            Explained ex = explained(l);
            out.add(new RuleGroup(l.get(0).model(), l.get(0).sampling(), l.size(), ex,
                    ex.etaOverBAhead(Fit::binnedAdjustedR2) && ex.etaOverBAhead(Fit::localLinearR2), spearmanWithinB(l)));
        }
        return out;
    }

    /** The three fits of the error: in log(eta/b), log(eta), log(b). */
    public static Explained explained(List<Observation> l) {
        double[] y = values(l, Observation::validationError);
        return new Explained(SmoothingFit.fit(values(l, o -> Math.log(o.ratio())), y),
                SmoothingFit.fit(values(l, o -> Math.log(o.learningRate())), y),
                SmoothingFit.fit(values(l, o -> Math.log(o.batchSize())), y));
    }

    /** Spearman's rho of error with eta/b within each b (b with at least 3 trials and 2 distinct eta). */
    public static List<RankCorrelation> spearmanWithinB(List<Observation> l) {
        List<RankCorrelation> out = new ArrayList<>();
        Map<Integer, List<Observation>> byB = new TreeMap<>(l.stream().collect(Collectors.groupingBy(Observation::batchSize)));
        for (Map.Entry<Integer, List<Observation>> e : byB.entrySet()) {
            List<Observation> g = e.getValue();
            long etas = g.stream().mapToDouble(Observation::learningRate).distinct().count();
            if (g.size() >= 3 && etas >= 2) {
                out.add(new RankCorrelation(e.getKey(), g.size(),
                        spearman(values(g, Observation::ratio), values(g, Observation::validationError))));
            }
        }
        return out;
    }

    /** Spearman's rank correlation with average ranks for ties (NaN when a side is constant). */
    public static double spearman(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(x, y);
    }

    /** Remark 12 per (model, b). */
    public static List<ReplacementEffect> remark12(List<Observation> obs) {
        Map<String, Observation> with = new LinkedHashMap<>();
        Map<String, Observation> without = new LinkedHashMap<>();
        for (Observation o : obs) {
            String key = o.model() + "|" + o.learningRate() + "|" + o.batchSize() + "|" + o.seed();
            ("with".equals(o.sampling()) ? with : without).put(key, o);
        }
        // (model, b) -> seed -> differences
        Map<String, Map<Long, List<Double>>> diffs = new TreeMap<>();
        Map<String, Observation> example = new LinkedHashMap<>();
        for (Map.Entry<String, Observation> e : with.entrySet()) {
            Observation w = e.getValue();
            Observation wo = without.get(e.getKey());
            if (wo == null) {
                continue;
            }
            String g = w.model() + "|" + String.format("%09d", w.batchSize());
            example.putIfAbsent(g, w);
            diffs.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(w.seed(), k -> new ArrayList<>())
                    .add(w.validationError() - wo.validationError());
        }
        List<ReplacementEffect> out = new ArrayList<>();
        for (Map.Entry<String, Map<Long, List<Double>>> e : diffs.entrySet()) {
            Observation ex = example.get(e.getKey());
            DescriptiveStatistics all = new DescriptiveStatistics();
            DescriptiveStatistics perSeed = new DescriptiveStatistics();
            for (List<Double> d : e.getValue().values()) {
                DescriptiveStatistics s = new DescriptiveStatistics();
                d.forEach(v -> {
                    s.addValue(v);
                    all.addValue(v);
                });
                perSeed.addValue(s.getMean());
            }
            out.add(new ReplacementEffect(ex.model(), ex.batchSize(), (int) all.getN(), (int) perSeed.getN(), all.getMean(),
                    perSeed.getN() > 1 ? perSeed.getStandardDeviation() : Double.NaN, perSeed.getMin(), perSeed.getMax(),
                    ex.trainExamples() > 0 ? 1 - (double) ex.batchSize() / ex.trainExamples() : Double.NaN));
        }
        return out;
    }

    /** Remark 15 over trials with a measured D (null when there are fewer than 3). */
    public static TemperatureFits remark15(List<Observation> obs) {
        List<Observation> l = obs.stream().filter(o -> Double.isFinite(o.lambdaMeanFinal()) && o.lambdaMeanFinal() > 0).toList();
        if (l.size() < 3) {
            return null;
        }
        double[] y = values(l, Observation::validationError);
        return new TemperatureFits(l.size(), l.stream().map(Observation::model).distinct().toList(),
                SmoothingFit.fit(values(l, o -> Math.log(o.ratio())), y),
                SmoothingFit.fit(values(l, o -> Math.log(o.normalizedTemperature())), y));
    }

    /** Remark 16 across models (null when fewer than 2 models have an initial score). */
    public static ArchitectureRanking remark16(List<Observation> obs) {
        List<ModelScore> rows = new ArrayList<>();
        for (Map.Entry<String, List<Observation>> g : groups(obs, Observation::model).entrySet()) {
            List<Observation> l = g.getValue();
            DescriptiveStatistics score = new DescriptiveStatistics();
            l.stream().mapToDouble(Observation::scoreInitial).filter(Double::isFinite).forEach(score::addValue);
            if (score.getN() == 0) {
                continue;
            }
            double best = groups(l, o -> o.learningRate() + "|" + o.batchSize() + "|" + o.sampling()).values().stream()
                    .mapToDouble(c -> c.stream().mapToDouble(Observation::validationError).average().orElse(Double.NaN))
                    .min().orElse(Double.NaN);
            rows.add(new ModelScore(g.getKey(), score.getMean(), best));
        }
        if (rows.size() < 2) {
            return null;
        }
        return new ArchitectureRanking(rows, spearman(rows.stream().mapToDouble(ModelScore::initialScore).toArray(),
                rows.stream().mapToDouble(ModelScore::bestValidationError).toArray()));
    }

    static Map<String, List<Observation>> groups(List<Observation> obs, java.util.function.Function<Observation, String> key) {
        Map<String, List<Observation>> m = new TreeMap<>();
        for (Observation o : obs) {
            m.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
        }
        return m;
    }

    static double[] values(List<Observation> l, ToDoubleFunction<Observation> f) {
        return l.stream().mapToDouble(f).toArray();
    }
}
