package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BrownianBaselineTest {

    @Test
    void walksStartAtTheTrajectoryAndHaveItsIncrementStd() {
        double[][] rows = TrajectoryTestData.randomWalk(20_001, 6, 21);
        for (double[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] += 10 * i;
            }
        }
        TrajectoryMatrix source = TrajectoryMatrix.ofRows(rows);
        BrownianBaseline b = BrownianBaseline.matching(source, 0, 5);
        assertThat(b.dimension()).isEqualTo(6);
        assertThat(b.length()).isEqualTo(20_001);
        for (int i = 0; i < 6; i++) {
            double[] x = TrajectoryTestData.column(rows, i);
            double[] walk = b.series(i);
            assertThat(walk[0]).isEqualTo(x[0]);
            // sample std of 20000 Gaussian steps has relative sd 1/sqrt(2 n) = 0.5%; allow 3%
            assertThat(BrownianBaseline.incrementStd(walk)).isCloseTo(b.incrementStd()[i],
                    within(0.03 * b.incrementStd()[i]));
            assertThat(b.incrementStd()[i]).isCloseTo(1 + i / 6.0, within(0.03 * (1 + i / 6.0)));
        }
    }

    @Test
    void incrementStdIsThePopulationStdOfTheDifferences() {
        double[] x = {0, 1, 3, 2, 6};
        // differences 1, 2, -1, 4: mean 1.5, squared deviations .25 .25 6.25 6.25 -> variance 13/4
        assertThat(BrownianBaseline.incrementStd(x)).isCloseTo(Math.sqrt(13.0 / 4), within(1e-15));
    }

    @Test
    void seededAndIndependentOfRequestOrder() {
        TrajectoryMatrix source = TrajectoryMatrix.ofRows(TrajectoryTestData.whiteNoise(100, 30, 2));
        BrownianBaseline a = BrownianBaseline.matching(source, 8, 77);
        BrownianBaseline b = BrownianBaseline.matching(source, 8, 77);
        assertThat(a.weights()).hasSize(8).isSorted().doesNotHaveDuplicates().containsExactly(b.weights());
        assertThat(Arrays.stream(a.weights()).allMatch(w -> w >= 0 && w < 30)).isTrue();
        double[] late = a.series(7);
        assertThat(b.series(7)).containsExactly(late);
        assertThat(a.series(7)).containsExactly(late);
        assertThat(BrownianBaseline.matching(source, 0, 78).series(0))
                .isNotEqualTo(BrownianBaseline.matching(source, 0, 77).series(0));
    }
}
