package org.sgdvi.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SweepPlanTest {

    static SweepDefinition grid() {
        return new SweepDefinition(List.of("tiny-fc", "small-fc"), "mnist7x7-5class", null, null, null, null, null,
                "grid", List.of(0.01, 0.1, 1.0), null, List.of(16, 64, 256), null, List.of("with", "without"),
                List.of(1L, 2L), null, null, 1, null, null, null, null, null, null, null, null, null, null)
                .resolve("test");
    }

    /** The grid is exactly the Cartesian product, each point once (nested loops as the independent truth). */
    @Test
    void gridIsTheCartesianProduct() {
        SweepDefinition d = grid();
        Set<String> expected = new HashSet<>();
        for (String m : d.models()) {
            for (double lr : d.learningRates()) {
                for (int b : d.batchSizes()) {
                    for (String s : d.samplings()) {
                        for (long seed : d.seeds()) {
                            expected.add(new TrialPoint(m, lr, b, s, seed).id());
                        }
                    }
                }
            }
        }
        SweepPlan plan = SweepPlan.of(d);
        assertThat(plan.size()).isEqualTo(2 * 3 * 3 * 2 * 2);
        assertThat(plan.trials().stream().map(TrialPoint::id)).containsExactlyInAnyOrderElementsOf(expected);
        // Arbiter's sequential grid varies the first leaf (eta) fastest
        assertThat(plan.trials().get(0).learningRate()).isEqualTo(0.01);
        assertThat(plan.trials().get(1).learningRate()).isEqualTo(0.1);
        assertThat(plan.trials().get(3).batchSize()).isEqualTo(64);
        assertThat(SweepPlan.of(d).digest()).isEqualTo(plan.digest());
    }

    /** Single-valued dimensions between multi-valued ones (Arbiter beta7 drops them from its value vector). */
    @Test
    void singleValuedDimensionsStayInPlace() {
        SweepDefinition d = new SweepDefinition(List.of("tiny-fc", "small-fc"), "mnist7x7-5class", null, null, null, null,
                null, "grid", List.of(0.05), null, List.of(10, 30), null, List.of("without"), List.of(4L), null, null, 1,
                null, null, null, null, null, null, null, null, null, null).resolve("test");
        assertThat(SweepPlan.of(d).trials()).containsExactly(
                new TrialPoint("tiny-fc", 0.05, 10, "without", 4), new TrialPoint("tiny-fc", 0.05, 30, "without", 4),
                new TrialPoint("small-fc", 0.05, 10, "without", 4), new TrialPoint("small-fc", 0.05, 30, "without", 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 72, 100})
    void shardsPartitionThePlanExactly(int n) {
        SweepPlan plan = SweepPlan.of(grid());
        List<String> union = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < n; i++) {
            List<TrialPoint> s = plan.shard(new Shard(i, n));
            s.forEach(p -> union.add(p.id()));
            min = Math.min(min, s.size());
            max = Math.max(max, s.size());
        }
        assertThat(union).hasSize(plan.size()).doesNotHaveDuplicates();
        assertThat(union).containsExactlyInAnyOrderElementsOf(plan.trials().stream().map(TrialPoint::id).toList());
        assertThat(max - min).isLessThanOrEqualTo(1);
    }

    @Test
    void shardSpecsParseAndRefuseNonsense() {
        assertThat(Shard.parse("2/5")).isEqualTo(new Shard(2, 5));
        assertThat(Shard.parse("0/1").ledgerFileName()).isEqualTo("ledger.json");
        assertThat(Shard.parse("1/4").ledgerFileName()).isEqualTo("ledger-shard-1-of-4.json");
        for (String bad : List.of("5/5", "-1/3", "1", "a/b", "1/0")) {
            assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--shard");
        }
    }

    /** Random search: seeded, inside the ranges, every point replicated over all seeds. */
    @Test
    void randomSearchIsSeededAndInRange() {
        SweepDefinition d = new SweepDefinition(List.of("tiny-fc"), "mnist7x7-5class", null, null, null, null, null,
                "random", null, List.of(0.001, 1.0), null, List.of(8, 512), List.of("without"), List.of(1L, 2L, 3L), 40,
                7L, 1, null, null, null, null, null, null, null, null, null, null).resolve("test");
        SweepPlan a = SweepPlan.of(d);
        SweepPlan b = SweepPlan.of(d);
        assertThat(a.trials()).isEqualTo(b.trials());
        assertThat(a.size()).isEqualTo(40 * 3);
        double logSum = 0;
        for (TrialPoint p : a.trials()) {
            assertThat(p.learningRate()).isBetween(0.001, 1.0);
            assertThat(p.batchSize()).isBetween(8, 512);
            logSum += Math.log10(p.learningRate());
        }
        // log-uniform on [1e-3, 1]: mean of log10(eta) is -1.5, sd 3/sqrt(12) = 0.87 per draw, 40 draws
        assertThat(logSum / a.size()).isBetween(-1.5 - 0.45, -1.5 + 0.45);
        for (int k = 0; k < a.size(); k += 3) {
            TrialPoint p = a.trials().get(k);
            assertThat(a.trials().subList(k, k + 3)).extracting(TrialPoint::seed).containsExactly(1L, 2L, 3L);
            assertThat(a.trials().subList(k, k + 3)).extracting(TrialPoint::learningRate).containsOnly(p.learningRate());
        }
        SweepDefinition other = new SweepDefinition(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, 8L, null, null, null, null, null, null, null, null, null, null, null).overlay(d);
        assertThat(SweepPlan.of(other).trials()).isNotEqualTo(a.trials());
    }

    @Test
    void trialIdsAreStablePlainDecimals() {
        assertThat(new TrialPoint("small-fc", 0.1, 128, "without", 1).id()).isEqualTo("small-fc_lr0.1_b128_without_s1");
        assertThat(new TrialPoint("tiny-fc", 1e-4, 8, "with", 12).id()).isEqualTo("tiny-fc_lr0.0001_b8_with_s12");
        assertThat(new TrialPoint("tiny-fc", 2.0, 8, "with", 1).id()).isEqualTo("tiny-fc_lr2_b8_with_s1");
    }
}
