package org.sgdvi.datasets.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
    @Test
    void quotasFollowLargestRemaindersAndPartsAreDisjoint() {
        // class sizes 5, 3, 2 (N = 10), V = 4: exact shares 2.0, 1.2, 0.8 -> floors 2, 1, 0,
        // one more to the largest remainder (class 2: 0.8) -> 2, 1, 1
        int[] labels = {0, 1, 0, 2, 0, 1, 0, 2, 0, 1};
        StratifiedSplit.Split s = StratifiedSplit.split(labels, 3, 4, 12345);
        int[] perClass = new int[3];
        for (int i : s.validation()) {
            perClass[labels[i]]++;
        }
        assertThat(perClass).containsExactly(2, 1, 1);
        int[] all = IntStream.concat(IntStream.of(s.train()), IntStream.of(s.validation())).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 10).toArray());
        assertThat(s.train()).isSorted();
        assertThat(s.validation()).isSorted();
    }

    @Test
    void deterministicGivenTheSeed() {
        int[] labels = IntStream.range(0, 1000).map(i -> i % 10).toArray();
        StratifiedSplit.Split a = StratifiedSplit.split(labels, 10, 200, 1);
        StratifiedSplit.Split b = StratifiedSplit.split(labels, 10, 200, 1);
        StratifiedSplit.Split c = StratifiedSplit.split(labels, 10, 200, 2);
        assertThat(a.validation()).containsExactly(b.validation());
        assertThat(a.validation()).isNotEqualTo(c.validation());
        assertThat(a.validation()).hasSize(200);
    }
}
