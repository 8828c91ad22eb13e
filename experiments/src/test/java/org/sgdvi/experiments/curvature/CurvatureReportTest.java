package org.sgdvi.experiments.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.TailIndex;
import org.sgdvi.experiments.report.HtmlReport;

/** The tail-index sentence weighs both estimators before it reads a verdict on Lemma 2's Gaussian noise. */
class CurvatureReportTest {

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
