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

    /**
     * The walks of different weights must be independent: the cross-correlation of their steps
     * at small shifts is about N(0, 1/n), so |rho| < 5 / sqrt(n). (Per-weight seeds that differ by
     * SplittableRandom's gamma would make weight i's steps weight 0's shifted by i: rho = 1.)
     */
    @Test
    void walksOfDifferentWeightsAreIndependent() {
        int n = 4000;
        TrajectoryMatrix source = TrajectoryMatrix.ofRows(TrajectoryTestData.randomWalk(n + 1, 4, 6));
        BrownianBaseline b = BrownianBaseline.matching(source, 0, 0);
        double[][] steps = new double[4][n];
        for (int i = 0; i < 4; i++) {
            double[] x = b.series(i);
            for (int k = 0; k < n; k++) {
                steps[i][k] = (x[k + 1] - x[k]) / b.incrementStd()[i];
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int shift = 0; shift <= 4; shift++) {
                    if (i == j && shift == 0) {
                        continue;
                    }
                    double sum = 0;
                    for (int k = 0; k + shift < n; k++) {
                        sum += steps[i][k] * steps[j][k + shift];
                    }
                    assertThat(sum / n).as("weights %d, %d shifted by %d", i, j, shift)
                            .isBetween(-5 / Math.sqrt(n), 5 / Math.sqrt(n));
                }
            }
        }
    }
}
