package org.sgdvi.experiments.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.spectrum.LogHistogram;
import org.sgdvi.experiments.report.Finding;

/** The verdicts of a spectrum report computed from given numbers. */
class SpectrumReportTest {

    private static SpectrumRunner.Snapshot snapshot(int percent, long rank, double mean, double std) {
        long d = 13_338;
        SpectrumRecords s = new SpectrumRecords(d, 1000, "float", "gram", 1000, "ZERO", true, 1.0, 0x1p-24, 1e-3, rank,
                (double) rank / d, mean, std, std * std, "eigenvalues", 0, null, new LogHistogram(new double[] {1, 2}, new long[] {1}), 0);
        return new SpectrumRunner.Snapshot(percent, percent, percent, s, 0, new Checks().summary(), null);
    }

    private static SpectrumRunner.SpectrumResults results(PaperSpectra paper, SpectrumRunner.Snapshot... snaps) {
        return new SpectrumRunner.SpectrumResults(null, null, List.of(snaps), true, null, paper);
    }

    @Test
    void theDefaultRunsStdFallingFrom0137To0044IsNotRemark13sBarelyChangingSpectrum() {
        // the numbers of the default small-lenet run: std 0.137 -> 0.074 -> 0.044, mean nearly constant
        List<Finding> f = SpectrumReport.findings(results(PaperSpectra.ROWS.get(0), snapshot(20, 115, 3.0e-3, 0.137),
                snapshot(40, 120, 2.9e-3, 0.074), snapshot(100, 118, 2.8e-3, 0.044)));
        Finding remark13 = f.stream().filter(x -> x.claim().startsWith("Remark 13")).findFirst().orElseThrow();
        assertThat(remark13.holds()).isFalse();
        // 0.137 / 0.044 = 3.1136..., above the factor 2 allowed
        assertThat(remark13.sentence()).startsWith("Not confirmed: Remark 13: the spectrum of D barely changes")
                .contains("Std of lambda(D) 0.137 -> 0.074 -> 0.044 (largest/smallest 3.1136)")
                .contains("at 20%/40%/100% of training").contains("ratio <= 2 for both");
        Finding lowRank = f.get(0);
        // 120 / 13,338 = 0.90% <= 10%
        assertThat(lowRank.holds()).isTrue();
        assertThat(lowRank.sentence()).startsWith("Confirmed: D is highly low-rank")
                .contains("120 of d = 13338 (0.900%) at 40%").contains("the paper reports 1.8% for small-lenet on MNIST");
        Finding magnitude = f.get(2);
        // mean 2.8e-3 is 9.33 times the paper's 0.3e-3, std 0.044 is 20.9 times its 2.11e-3
        assertThat(magnitude.holds()).isFalse();
        assertThat(magnitude.sentence()).contains("9.3333 times the paper's").contains("20.8531 times");
    }

    @Test
    void aSpectrumThatStaysWithinAFactorTwoConfirmsRemark13AndAHighRankIsNotLowRank() {
        List<Finding> f = SpectrumReport.findings(results(null, snapshot(20, 2000, 1.0, 0.10),
                snapshot(100, 1500, 1.5, 0.19)));
        assertThat(f).hasSize(2);
        assertThat(f.get(0).holds()).isFalse(); // 2000 / 13,338 = 15% > 10%
        assertThat(f.get(1).holds()).isTrue(); // std ratio 1.9, mean ratio 1.5
        assertThat(SpectrumReport.findings(results(null, snapshot(100, 10, 1, 1)))).hasSize(1);
    }

    /** A snapshot whose curvature measures have tr(HD) / baseline = {@code ratio} and the commutator given. */
    private static SpectrumRunner.Snapshot curved(int percent, double ratio, double commutator) {
        SpectrumRunner.Snapshot s = snapshot(percent, 10, 1, 1);
        org.sgdvi.core.curvature.CurvatureAnalysis.Interval none =
                new org.sgdvi.core.curvature.CurvatureAnalysis.Interval(Double.NaN, Double.NaN, 0.95, 0, 0);
        org.sgdvi.experiments.curvature.CurvatureResults c = new org.sgdvi.experiments.curvature.CurvatureResults("m",
                "x", 100, 10, "with", true, "exact", new double[] {2}, new double[] {-1}, new double[] {1}, 4, 0, 5, ratio * 0.2,
                0, 0.2, ratio, new double[] {1}, new double[] {1}, new double[] {0}, commutator, "full", 1, 1, 5, none, 1,
                none, 100, 0, null, null, null, null, new Checks().summary());
        return new SpectrumRunner.Snapshot(s.percent(), s.iteration(), s.epoch(), s.spectrum(), 0, s.checks(), c);
    }

    @Test
    void theCurvatureTrendNamesTheDirectionOfTheAlignmentBeyondAFactor125() {
        assertThat(SpectrumReport.ALIGNMENT_CHANGE_FACTOR).isEqualTo(1.25);
        // 100 -> 130: up by 1.3 > 1.25
        assertThat(SpectrumReport.curvatureTrend(List.of(curved(20, 100, 0.1), curved(40, 90, 0.2), curved(100, 130, 0.3))))
                .isEqualTo("From 20% to 100% of training, tr(HD) / (tr H tr D / d) went from 100 to 130: the gradient noise "
                        + "became more concentrated along the high-curvature directions as training went on; the relative "
                        + "commutator went from 0.1 to 0.3 (0 would be detailed balance, Lemma 20).");
        // 100 -> 79: down by 1.27 > 1.25
        assertThat(SpectrumReport.curvatureTrend(List.of(curved(20, 100, 0.1), curved(100, 79, 0.1))))
                .contains("went from 100 to 79: the gradient noise became less concentrated");
        // 100 -> 81: within 1.25 either way
        assertThat(SpectrumReport.curvatureTrend(List.of(curved(20, 100, 0.1), curved(100, 81, 0.1))))
                .contains("went from 100 to 81: the alignment of noise with curvature stayed within a factor 1.25");
        assertThat(SpectrumReport.curvatureTrend(List.of(curved(100, 3, 0.1))))
                .startsWith("At the one snapshot (100% of training), tr(HD) is 3 times its isotropic baseline: the noise "
                        + "is concentrated along high-curvature directions");
        assertThat(SpectrumReport.curvatureTrend(List.of(curved(100, 0.5, 0.1))))
                .contains("no more concentrated along high-curvature directions than isotropic noise");
    }
}
