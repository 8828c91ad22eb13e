package org.sgdvi.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sgdvi.experiments.testdata.JsonKeys;

/** The analysis statistics on synthetic sweeps whose answers are known in closed form. */
class SweepAnalysisTest {

    /** A 3 x 3 grid, eta = 0.05 * 4^i and b = 16 * 4^j, seeds 1 and 2, error from {@code f}. */
    static List<Observation> grid(String sampling, java.util.function.BiFunction<Integer, Integer, Double> f) {
        List<Observation> l = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (long seed = 1; seed <= 2; seed++) {
                    double eta = 0.05 * Math.pow(4, i);
                    int b = 16 * (int) Math.pow(4, j);
                    l.add(new Observation("t", "m", eta, b, sampling, seed, f.apply(i, j), 8000, Double.NaN, Double.NaN));
                }
            }
        }
        return l;
    }

    /**
     * Error linear in log(eta/b) = const + (i - j) log 4: log(eta/b) explains everything; log(eta)
     * alone and log(b) alone each explain var(i) / (var(i) + var(j)) = 1/2, for both smoothers (the
     * group means are linear in the predictor, which the local-linear fit reproduces exactly).
     */
    @Test
    void anErrorThatDependsOnEtaOverBOnly() {
        SweepResults.Explained e = SweepAnalysis.explained(grid("without", (i, j) -> 0.3 - 0.05 * (i - j)));
        assertFit(e.logEtaOverB(), 1.0, 1.0, 5);
        assertFit(e.logEta(), 0.5, 0.5, 3);
        assertFit(e.logB(), 0.5, 0.5, 3);
        // adjusted R^2 of the eta-only fit: 1 - (SS_res/(n-k)) / (SS_tot/(n-1)) with SS_res/SS_tot = 1/2, n = 18, k = 3
        assertThat(e.logEta().binnedAdjustedR2()).isCloseTo(1 - 0.5 * 17 / 15, within(1e-12));
    }

    /** Error a nonlinear function of b only: log(b) explains all of it (binned), log(eta) none. */
    @Test
    void anErrorThatDependsOnBOnly() {
        SweepResults.Explained e = SweepAnalysis.explained(grid("without", (i, j) -> new double[] {0.1, 0.4, 0.15}[j]));
        assertThat(e.logB().binnedR2()).isCloseTo(1.0, within(1e-12));
        assertThat(e.logEta().binnedR2()).isCloseTo(0.0, within(1e-12));
        assertThat(e.logEta().localLinearR2()).isCloseTo(0.0, within(1e-12));
    }

    /** The local-linear fit reproduces a line in scattered (random-search) x exactly and averages out noise otherwise. */
    @Test
    void localLinearFitOnScatteredPoints() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[60];
        double[] line = new double[60];
        double[] noise = new double[60];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-5, 0);
            line[i] = 2 - 0.3 * x[i];
            noise[i] = r.nextGaussian();
        }
        assertThat(SmoothingFit.fit(x, line).localLinearR2()).isCloseTo(1.0, within(1e-12));
        assertThat(SmoothingFit.fit(x, line).binnedR2()).isNaN();
        assertThat(SmoothingFit.fit(x, noise).localLinearR2()).isBetween(-0.1, 0.35);
        assertThat(SmoothingFit.fit(new double[] {1, 1, 1}, new double[] {1, 2, 3}).localLinearR2()).isZero();
        assertThat(SmoothingFit.fit(new double[] {1, 2, 3}, new double[] {2, 2, 2}).binnedR2()).isNaN();
    }

    @Test
    void spearmanWithinEachBatchSize() {
        // error falls with eta at every b: rho = -1 at each b
        List<SweepResults.RankCorrelation> s = SweepAnalysis.spearmanWithinB(grid("without", (i, j) -> 0.5 - 0.1 * i + 0.01 * j));
        assertThat(s).hasSize(3);
        assertThat(s).allSatisfy(m -> assertThat(m.rho()).isCloseTo(-1.0, within(1e-12)));
        // hand-computed: ranks d = (0, 1, 1, 0), rho = 1 - 6 * 2 / (4 * 15) = 0.8
        assertThat(SweepAnalysis.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4})).isCloseTo(0.8, within(1e-12));
        // ties: x = (1, 2, 2, 3) ranks (1, 2.5, 2.5, 4), y = (1, 2, 3, 4): Pearson of ranks = 0.9486832980505138
        assertThat(SweepAnalysis.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}))
                .isCloseTo(3 / Math.sqrt(10), within(1e-12));
    }

    /** Paired differences with = without - 0.02 j + 0.01 (seed - 1.5): mean -0.02 j, seed spread sd(+-0.005) = 0.00707. */
    @Test
    void remark12PairsWithAndWithoutReplacement() {
        List<Observation> obs = new ArrayList<>(grid("without", (i, j) -> 0.2 + 0.01 * i));
        for (Observation o : grid("without", (i, j) -> 0.0)) {
            int i = (int) Math.round(Math.log(o.learningRate() / 0.05) / Math.log(4));
            int j = (int) Math.round(Math.log(o.batchSize() / 16.0) / Math.log(4));
            double err = 0.2 + 0.01 * i - 0.02 * j + 0.01 * (o.seed() - 1.5);
            obs.add(new Observation("t", "m", o.learningRate(), o.batchSize(), "with", o.seed(), err, 8000, Double.NaN,
                    Double.NaN));
        }
        List<SweepResults.ReplacementEffect> r = SweepAnalysis.remark12(obs);
        assertThat(r).hasSize(3);
        for (int j = 0; j < 3; j++) {
            SweepResults.ReplacementEffect m = r.get(j);
            assertThat(m.batchSize()).isEqualTo(16 * (int) Math.pow(4, j));
            assertThat(m.pairs()).isEqualTo(6);
            assertThat(m.seeds()).isEqualTo(2);
            assertThat(m.meanDifference()).isCloseTo(-0.02 * j, within(1e-12));
            assertThat(m.seedSpread()).isCloseTo(0.01 / Math.sqrt(2), within(1e-12));
            assertThat(m.oneMinusBOverN()).isCloseTo(1 - (16 * Math.pow(4, j)) / 8000, within(1e-12));
        }
    }

    /**
     * Remark 15: two architectures whose errors are one function of (eta/b) mean(lambda) with lambda
     * means 1 and 10: the temperature explains all, eta/b alone less. Remark 16: scores ordered as
     * the best errors give rank correlation 1.
     */
    @Test
    void remarks15And16() {
        List<Observation> obs = new ArrayList<>();
        double[] lambda = {1.0, 10.0, 100.0};
        String[] models = {"a", "b", "c"};
        for (int k = 0; k < 3; k++) {
            for (double eta : new double[] {0.01, 0.1, 1.0}) {
                for (int b : new int[] {16, 64}) {
                    double t = eta / b * lambda[k];
                    obs.add(new Observation("t", models[k], eta, b, "without", 1, 0.5 - 0.05 * Math.log10(t), 8000,
                            lambda[k], 0.1 * k));
                }
            }
        }
        SweepResults.TemperatureFits r15 = SweepAnalysis.remark15(obs);
        assertThat(r15.n()).isEqualTo(18);
        assertThat(r15.logNormalizedTemperature().localLinearR2()).isCloseTo(1.0, within(1e-9));
        // eta/b alone explains var(log eta/b) / (var(log eta/b) + var(log lambda)) with population variances
        // var(log10 eta) = 2/3, var(log10 b) = (log10 4)^2 / 4, var(log10 lambda) = 2/3
        double vr = 2.0 / 3 + Math.pow(Math.log10(4), 2) / 4;
        assertThat(r15.logEtaOverB().binnedR2()).isCloseTo(vr / (vr + 2.0 / 3), within(1e-12));
        SweepResults.ArchitectureRanking r16 = SweepAnalysis.remark16(obs);
        // best error falls with lambda (higher temperature) while the score rises: rho = -1
        assertThat(r16.spearman()).isCloseTo(-1.0, within(1e-12));
        assertThat(SweepAnalysis.remark15(obs.subList(0, 2))).isNull();
        var json = org.sgdvi.core.io.Json.mapper();
        assertThat(JsonKeys.keys(json.valueToTree(r15))).containsExactly("n", "models", "logEtaOverB",
                "logNormalizedTemperature");
        assertThat(JsonKeys.keys(json.valueToTree(r15).get("logEtaOverB")))
                .containsExactly(SweepMergeAndAnalyzeTest.FIT_KEYS);
        assertThat(JsonKeys.keys(json.valueToTree(r16))).containsExactly("models", "spearman");
        assertThat(JsonKeys.keys(json.valueToTree(r16).get("models").get(0)))
                .containsExactly("model", "initialScore", "bestValidationError");
    }

    static void assertFit(SmoothingFit.Fit fit, double binned, double local, int groups) {
        assertThat(fit.binnedR2()).isCloseTo(binned, within(1e-12));
        assertThat(fit.localLinearR2()).isCloseTo(local, within(1e-9));
        assertThat(fit.groups()).isEqualTo(groups);
    }
}
