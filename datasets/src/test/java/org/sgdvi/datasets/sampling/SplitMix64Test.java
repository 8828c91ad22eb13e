package org.sgdvi.datasets.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
    @Test
    void matchesTheJdkSplittableRandomStream() {
        // SplittableRandom(seed) is SplitMix64 with the golden gamma: an independent implementation
        for (long seed : new long[] {0L, 1L, -7L, 123456789L}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitMix64 ours = new SplitMix64(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
            }
        }
    }

    @Test
    void stateContinuesTheSequence() {
        SplitMix64 a = new SplitMix64(5);
        a.nextLong();
        a.nextInt(10);
        SplitMix64 b = new SplitMix64(a.state());
        for (int i = 0; i < 20; i++) {
            assertThat(b.nextInt(1000)).isEqualTo(a.nextInt(1000));
        }
    }

    @Test
    void nextIntIsUniformByChiSquare() {
        SplitMix64 r = new SplitMix64(11);
        int k = 7;
        int n = 70000;
        int[] c = new int[k];
        for (int i = 0; i < n; i++) {
            c[r.nextInt(k)]++;
        }
        double chi2 = 0;
        for (int v : c) {
            chi2 += (v - n / (double) k) * (v - n / (double) k) / (n / (double) k);
        }
        // 6 degrees of freedom: P(chi2 > 22.46) = 0.001
        assertThat(chi2).isLessThan(22.46);
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = new SplitMix64(3).permutation(1000);
        assertThat(p).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 1000).toArray());
    }
}
