package org.sgdvi.experiments.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrajectoryChartsTest {

    @Test
    void logSpacedIndicesAreDistinctIncreasingAndCoverBothEnds() {
        int[] idx = TrajectoryCharts.logSpaced(50_000, 2000);
        assertThat(idx).isSorted().doesNotHaveDuplicates();
        assertThat(idx[0]).isEqualTo(1);
        assertThat(idx[idx.length - 1]).isEqualTo(49_999);
        assertThat(idx.length).isLessThanOrEqualTo(2000);
        assertThat(TrajectoryCharts.logSpaced(10, 2000)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void evenlySpacedIndicesKeepTheLastSnapshot() {
        assertThat(TrajectoryCharts.evenlySpaced(10, 4)).containsExactly(0, 3, 6, 9);
        assertThat(TrajectoryCharts.evenlySpaced(11, 4)).containsExactly(0, 3, 6, 9, 10);
        assertThat(TrajectoryCharts.evenlySpaced(3, 2000)).containsExactly(0, 1, 2);
    }
}
