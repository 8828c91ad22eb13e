package org.sgdvi.experiments.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgdvi.core.trajectory.TrajectoryVerdict;
import org.sgdvi.experiments.report.Finding;

/** The verdicts of a trajectory report computed from given numbers. */
class TrajectoryReportTest {

    @Test
    void lowFrequencyPowerAndCorrelatedIncrementsTellATrajectoryFromBrownianMotion() {
        // power ratio 6.0 against 1.2 (5 times >= 2); increments outside the band 0.30 against 0.01 (excess 0.29)
        List<Finding> f = TrajectoryReport.findings(new TrajectoryVerdict(0.9, 0.8, 0.30, 0.01, 6.0, 1.2, 3.1, 3.4), true);
        assertThat(f).extracting(Finding::holds).containsExactly(true, true, true, true);
        assertThat(f.get(0).sentence()).contains("is 6 against 1.2 for the Brownian baseline (5 times)");
        assertThat(f.get(2).sentence()).contains("The first/last ratio of its EWMA is 3.1 (max/min 3.4)");
        assertThat(f.get(3).sentence()).startsWith("Confirmed: SGD converges to limit cycles").contains("2 of the 2");
    }

    @Test
    void aTrajectoryLikeItsBaselineIsNotCalledALimitCycle() {
        // power ratio 0.77 against 1.09, no excess of correlated lags, no gradient norm
        List<Finding> f = TrajectoryReport.findings(new TrajectoryVerdict(0.06, 0.09, 0.0, 0.0, 0.77, 1.09,
                Double.NaN, Double.NaN), false);
        assertThat(f).extracting(Finding::holds).containsExactly(false, false, false);
        assertThat(f.get(2).sentence()).startsWith("Not confirmed: SGD converges to limit cycles")
                .contains("0 of the 2").contains("cannot distinguish it from Brownian motion");
    }
}
