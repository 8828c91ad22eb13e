package org.sgdvi.core.dynamics.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EigenvalueSummaryTest {

    @Test
    void pairCountsMatchExhaustiveEnumeration() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rnd.nextInt(40);
            double[] mu = new double[n];
            for (int i = 0; i < n; i++) {
                mu[i] = rnd.nextInt(3) == 0 ? 0.0 : rnd.nextGaussian();
            }
            for (double t : new double[] {0.0, 0.3, -0.5}) {
                long brute = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        if (mu[i] + mu[j] <= t) {
                            brute++;
                        }
                    }
                }
                assertThat(EigenvalueSummary.pairsWithSumAtMost(mu, t)).as("trial %d t %s", trial, t).isEqualTo(brute);
            }
        }
    }

    @Test
    void summarizesAKnownSpectrum() {
        double[] mu = {3.0, -2.0, 1e-9, 0.5, -1e-10, 7.0};
        EigenvalueSummary s = EigenvalueSummary.of(mu, 1e-6);
        assertThat(s.count()).isEqualTo(6);
        assertThat(s.min()).isEqualTo(-2.0);
        assertThat(s.max()).isEqualTo(7.0);
        assertThat(s.positive()).isEqualTo(3);
        assertThat(s.negative()).isEqualTo(1);
        assertThat(s.unresolved()).isEqualTo(2);
        assertThat(s.mean()).isCloseTo((3.0 - 2.0 + 1e-9 + 0.5 - 1e-10 + 7.0) / 6, within(1e-15));
        assertThat(s.median()).isCloseTo(0.5 * (1e-9 + 0.5), within(1e-15));
        // rank: lambda > 7 * 6 * 1.19e-7 = 5.0e-6
        assertThat(s.rank()).isEqualTo(3);
        assertThat(s.smallest()).containsExactly(-2.0, -1e-10, 1e-9, 0.5, 3.0, 7.0);
        assertThat(s.largest()[0]).isEqualTo(7.0);
        assertThatThrownBy(() -> EigenvalueSummary.of(new double[0], 0)).hasMessageContaining("at least one");
    }
}
