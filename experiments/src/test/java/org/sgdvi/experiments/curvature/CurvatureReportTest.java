package org.sgdvi.experiments.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.TailIndex;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The curvature report shows every measure of {@link CurvatureResults} with its error bar (or the word exact) and one
 * sentence per group on the paper's claims; the tail-index sentence weighs both estimators before it reads a verdict on
 * Lemma 2's Gaussian noise. The records are hand-made with round numbers, so each expected cell is written out here.
 */
class CurvatureReportTest {

    /** The components of {@link CurvatureResults} that describe the run rather than measure it. */
    private static final Set<String> DESCRIPTIVE = Set.of("model", "data", "dimension", "examples", "sampling", "exact",
            "mode", "commutatorScope", "hessianProducts", "seconds", "subset", "checks");

    private static final String RESTRICTED = "restricted to span Q of the top 2 eigenvectors of H, of -H and of D";

    /** What the report of the estimated record must show for each measure: its values with their error bars. */
    private static Map<String, List<String>> estimatedCells() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("hessianTopEigenvalues", List.of("12.50 +- 0.0025", "3.250 +- 0.0025"));
        m.put("hessianBottomEigenvalues", List.of("-0.7500 +- 0.0050", "-0.5000 +- 0.0050"));
        m.put("diffusionTopEigenvalues", List.of("40.00 +- 0.0040", "8.000 +- 0.0040"));
        m.put("hessianTrace", List.of("50.00 +- 2.0 (1 s.e."));
        m.put("hessianTraceStandardError", List.of("50.00 +- 2.0"));
        m.put("diffusionTrace", List.of("60.00 (exact: from the per-example gradients)"));
        m.put("traceHD", List.of("900.0 +- 30"));
        m.put("traceHDStandardError", List.of("900.0 +- 30"));
        m.put("isotropicTraceHD", List.of("0.3000 +- 0.012 (from tr H's error)"));
        m.put("alignmentRatio", List.of("3000 +- 2.2e+02 (first order"));
        m.put("diffusionAlongHessianEigenvectors", List.of("30.00 (exact)", "2.000 (exact)"));
        m.put("hessianAlongDiffusionEigenvectors", List.of("11.00 (exact)", "1.500 (exact)"));
        m.put("principalAnglesDegrees", List.of("20.00 (exact)", "70.00 (exact)"));
        m.put("commutator", List.of("0.3750 (exact on its scope, " + RESTRICTED + ")"));
        m.put("gradientNormSquared", List.of("0.2500 (exact)"));
        m.put("gradientCurvature", List.of("0.1250 (exact: one Hessian-vector product)"));
        m.put("noiseScaleSimple", List.of("240.0 [200.0, 300.0] (95% bootstrap, 400 replicates over 500 examples)"));
        m.put("noiseScaleSimpleInterval", List.of("[200.0, 300.0]"));
        m.put("noiseScaleBNoise", List.of("7200 [5000, 9000] (95% bootstrap, 400 replicates over 500 examples)"));
        m.put("noiseScaleBNoiseInterval", List.of("[5000, 9000]"));
        m.put("hessianDensity", List.of("0.005000 +- 0.00040", "0.9000 +- 0.020", "0.01000 +- 0.0040"));
        m.put("noiseTailIndex", List.of("3.000 +- 0.50", "1.950 +- 0.050"));
        m.put("layers", List.of("20.00 (exact)", "25.00 (exact)", "6.000 (exact)", "15.00 (exact)", "0.2500 (exact)",
                "30.00 +- 1.5", "35.00 (exact)", "9.000 (Ritz value; residual <= 3.0e-05 ||H_ll||)",
                "20.00 (Ritz value; residual <= 5.0e-05 ||D_ll||)", "0.5000 (exact on the block's leading subspaces)"));
        return m;
    }

    /** One sentence per group on what it says about the paper's claims. */
    private static final List<String> SENTENCES = List.of(
            "The top 2 eigenvalues of D carry 80.0% of tr D, where isotropic noise would put 0.020% there: D is low-rank "
                    + "and highly anisotropic, as the paper claims (Figs. 1-2), so by Lemma 6",
            "The smallest principal angle between the top eigenspaces of H and D is 20.0 degrees: the leading noise "
                    + "directions share directions with the leading curvature",
            "tr(HD) exceeds the isotropic baseline by a factor 3.00e+03 (beyond 2 error bars)",
            "H and D do not commute, so the linearized dynamics dx = -H x dt + sqrt(2 D) dW are not in detailed balance "
                    + "(Lemma 20: Q = 0 iff HD = DH)",
            "the regime in which the diffusion of Lemma 2, with temperature beta^-1 = eta / (2 b), drives SGD",
            "the noise along the top direction of D is consistent with the Gaussian noise that Lemma 2's continuous-time "
                    + "model assumes",
            "A block commutator near 0 means that layer alone would be close to detailed balance (Lemma 20");

    @Test
    void everyComponentOfTheRecordIsAMeasureTheTestChecksOrDescriptive() {
        Set<String> measures = new TreeSet<>();
        Arrays.stream(CurvatureResults.class.getRecordComponents()).map(c -> c.getName())
                .filter(n -> !DESCRIPTIVE.contains(n)).forEach(measures::add);
        assertThat(measures).as("a new measure needs its error bar in the report and a row in estimatedCells()")
                .isEqualTo(new TreeSet<>(estimatedCells().keySet()));
    }

    @Test
    void theEstimatedReportShowsEveryMeasureWithItsErrorBarAndASentenceOnThePapersClaims() {
        String html = text(record(false));
        estimatedCells().forEach((measure, cells) -> {
            for (String cell : cells) {
                assertThat(html).as("%s: %s", measure, cell).contains(cell);
            }
        });
        for (String sentence : SENTENCES) {
            assertThat(html).contains(sentence);
        }
        assertThat(html).contains("within which an eigenvalue of A lies").doesNotContain("NaN");
        // above the dense limit the density is the eigensolver run's block quadrature, and the method says so
        assertThat(html).contains("block Gauss quadrature of the eigensolver's block Lanczos run", "80 block steps x 10 "
                + "Rademacher start vectors");
    }

    @Test
    void theExactReportSaysExactWhereTheEstimatedOneHasErrorBars() {
        String html = text(record(true));
        for (String cell : List.of("12.50 (exact)", "-0.7500 (exact)", "40.00 (exact)", "50.00 (exact)", "900.0 (exact)",
                "0.3000 (exact)", "3000 (exact)", "0.3750 (exact)", "60.00 (exact: from")) {
            assertThat(html).contains(cell);
        }
        assertThat(html).contains("All eigenvalues are exact").doesNotContain("+- 0.0025").doesNotContain("Ritz values of block Lanczos")
                .doesNotContain("NaN");
        assertThat(html).contains("stochastic Lanczos quadrature, 80 steps x 10 Rademacher start vectors")
                .doesNotContain("block Gauss quadrature");
    }

    @Test
    void missingErrorBarsAndIntervalsAreSaid() {
        assertThat(CurvatureReport.pm(4, Double.NaN)).isEqualTo("4.000 (no error bar: too few samples to estimate one)");
        assertThat(CurvatureReport.interval(240, new CurvatureAnalysis.Interval(Double.NaN, Double.NaN, 0.95, 0, 500)))
                .isEqualTo("240.0 (no bootstrap interval: 0 replicates)");
    }

    @Test
    void heavyTailsNeedBothEstimators() {
        String agree = tailSentence(new TailIndex.Estimate(1.2, 0.1, 22, 500, null), new TailIndex.Estimate(1.0, 0.08, 22, 500, null));
        assertThat(agree).contains("Hill's estimator (1.200 +- 0.10) agrees", "contradicts the Gaussian noise of Lemma 2");
        String disagree = tailSentence(new TailIndex.Estimate(2.2, 0.47, 22, 500, null),
                new TailIndex.Estimate(1.04, 0.081, 22, 500, null));
        assertThat(disagree).contains("the two estimators disagree", "neither confirm nor refute")
                .doesNotContain("contradicts");
        String gaussian = tailSentence(new TailIndex.Estimate(3.0, 0.5, 22, 500, null),
                new TailIndex.Estimate(1.95, 0.05, 22, 500, null));
        assertThat(gaussian).contains("is near 2", "consistent with the Gaussian noise");
    }

    /** The rendered report as text (entities decoded). */
    private static String text(CurvatureResults r) {
        return CurvatureReport.html(r, null, null).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    /**
     * A record over d = 10,000 weights and N = 500 examples with density, tail index and two layer blocks (one formed,
     * one estimated); estimated: standard errors, Ritz residual checks and a restricted commutator; exact: all zero.
     */
    private static CurvatureResults record(boolean exact) {
        double hSe = exact ? 0 : 2;
        double hdSe = exact ? 0 : 30;
        CurvatureAnalysis.Interval simple = new CurvatureAnalysis.Interval(200, 300, 0.95, 400, 500);
        CurvatureAnalysis.Interval bNoise = new CurvatureAnalysis.Interval(5000, 9000, 0.95, 400, 500);
        CurvatureResults.HessianDensity density = new CurvatureResults.HessianDensity(80, 10, 0.1, 0.005, 0.0004, 0.01,
                0.004, 0.9, 0.02, new double[] {0, 1}, new double[] {1, 0});
        CurvatureResults.NoiseTailIndex tail = new CurvatureResults.NoiseTailIndex(500, 22, 22, List.of(
                new CurvatureAnalysis.TailDirection(0, 40, new TailIndex.Estimate(3.0, 0.5, 22, 500, null),
                        new TailIndex.Estimate(1.95, 0.05, 22, 500, null))));
        List<CurvatureAnalysis.LayerBlock> layers = List.of(
                new CurvatureAnalysis.LayerBlock(0, "dense", 0, 4000, true, new CurvatureAnalysis.Estimate(20, 0), 25, 6, 15,
                        0.25, "full"),
                new CurvatureAnalysis.LayerBlock(1, "out", 4000, 6000, false, new CurvatureAnalysis.Estimate(30, 1.5), 35, 9,
                        20, 0.5, "restricted to span Q of the block"));
        Checks checks = new Checks();
        if (!exact) {
            checks.add(Check.atMost("hessianTopResidual", 2e-4, 1e-3, "Ritz residual"))
                    .add(Check.atMost("hessianBottomResidual", 4e-4, 1e-3, "Ritz residual"))
                    .add(Check.atMost("diffusionTopResidual", 1e-4, 1e-3, "Ritz residual"));
        }
        checks.add(Check.atMost("layer1HessianTopResidual", 3e-5, 1e-3, "Ritz residual"))
                .add(Check.atMost("layer1DiffusionTopResidual", 5e-5, 1e-3, "Ritz residual"));
        return new CurvatureResults("small-lenet", "mnist", 10000, 500, "with", exact, exact ? "exact" : "estimated",
                new double[] {12.5, 3.25}, new double[] {-0.75, -0.5}, new double[] {40, 8}, 50, hSe, 60, 900, hdSe, 0.3,
                3000, new double[] {30, 2}, new double[] {11, 1.5}, new double[] {20, 70}, 0.375,
                exact ? "full" : RESTRICTED, 0.25, 0.125, 240, simple, 7200, bNoise, 100, 1.5, null, density, tail, layers,
                checks.summary());
    }

    /** The report's tail section for one direction of D with these Hill and Mohammadi estimates. */
    private static String tailSentence(TailIndex.Estimate hill, TailIndex.Estimate mohammadi) {
        CurvatureAnalysis.Interval none = new CurvatureAnalysis.Interval(Double.NaN, Double.NaN, 0.95, 0, 0);
        CurvatureResults.NoiseTailIndex tail = new CurvatureResults.NoiseTailIndex(500, 22, 22,
                List.of(new CurvatureAnalysis.TailDirection(0, 22.7, hill, mohammadi)));
        CurvatureResults r = new CurvatureResults("m", "x", 100, 500, "with", true, "exact", new double[] {2},
                new double[] {-1}, new double[] {1}, 4, 0, 5, 1, 0, 0.2, 5, new double[] {1}, new double[] {1},
                new double[] {0}, 0.1, "full", 1, 1, 5, none, 1, none, 100, 0, null, null, tail, null,
                new Checks().summary());
        HtmlReport h = new HtmlReport("t");
        CurvatureReport.addMeasures(h, r, null);
        String html = h.render();
        return html.substring(html.indexOf("The tail index of"));
    }
}
