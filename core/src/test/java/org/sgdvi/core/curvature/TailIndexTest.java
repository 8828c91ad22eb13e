package org.sgdvi.core.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The tail-index estimators on seeded samples of known tail index: Gaussian (stable alpha = 2), symmetric
 * alpha-stable by Chambers-Mallows-Stuck (alpha = 1.5, 1.2), symmetric Pareto (alpha = 1.5) and Student-t (nu = 3,
 * tail index 3). Tolerances are about 4 to 5 asymptotic standard errors (stated per assertion).
 */
class TailIndexTest {

    private static final int N = 100_000;

    /** Symmetric alpha-stable (beta = 0, scale 1) by Chambers, Mallows &amp; Stuck (1976). */
    static double[] stable(double alpha, int n, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double v = Math.PI * (rng.nextDouble() - 0.5);
            double w = -Math.log(1 - rng.nextDouble());
            x[i] = Math.sin(alpha * v) / Math.pow(Math.cos(v), 1 / alpha)
                    * Math.pow(Math.cos(v - alpha * v) / w, (1 - alpha) / alpha);
        }
        return x;
    }

    static double[] gaussian(int n, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    @Test
    void mohammadiRecoversTheStableIndex() {
        // K_1 = 100, K_2 = 1000 blocks: the standard error is about 0.03 (the bootstrap's figure is asserted too)
        TailIndex.Estimate g = TailIndex.mohammadi(gaussian(N, 1), 100, 200, new Random(2));
        assertThat(g.alpha()).isCloseTo(2, within(0.15));
        assertThat(g.standardError()).isBetween(0.01, 0.1);
        assertThat(g.samples()).isEqualTo(N);
        for (double alpha : new double[] {1.5, 1.2}) {
            TailIndex.Estimate s = TailIndex.mohammadi(stable(alpha, N, 3), 100, 200, new Random(4));
            assertThat(s.alpha()).as("alpha = %s", alpha).isCloseTo(alpha, within(0.15));
            assertThat(Math.abs(s.alpha() - alpha)).isLessThan(5 * s.standardError());
        }
    }

    @Test
    void hillRecoversPowerLawTails() {
        Random rng = new Random(5);
        double[] pareto = new double[N];
        for (int i = 0; i < N; i++) {
            pareto[i] = (rng.nextBoolean() ? 1 : -1) * Math.pow(1 - rng.nextDouble(), -1 / 1.5);
        }
        // k = 1000: standard error 1.5 / sqrt(1000) = 0.047
        TailIndex.Estimate p = TailIndex.hill(pareto, 1000);
        assertThat(p.alpha()).isCloseTo(1.5, within(0.2));
        assertThat(p.standardError()).isCloseTo(p.alpha() / Math.sqrt(1000), within(1e-12));
        // Student-t with 3 degrees of freedom: P(|T| > t) ~ c t^-3; k = 400 of 200,000 keeps the bias small
        TDistribution t = new TDistribution(new Well19937c(6), 3);
        TailIndex.Estimate st = TailIndex.hill(t.sample(200_000), 400);
        assertThat(st.alpha()).isCloseTo(3, within(0.5));
        // symmetric stable with alpha = 1.5 has the power tail of index 1.5
        TailIndex.Estimate s = TailIndex.hill(stable(1.5, N, 7), 500);
        assertThat(s.alpha()).isCloseTo(1.5, within(0.25));
        // a Gaussian has no power tail: Hill's figure lies far above 2
        assertThat(TailIndex.hill(gaussian(N, 8), TailIndex.defaultOrderStatistics(N)).alpha()).isGreaterThan(4);
    }

    @Test
    void aSampleWithoutATailGivesNaNWithItsReason() {
        // alternating +-1: every block of 2 sums to 0, so mean log |Y| = -infinity: no stable law
        double[] alternating = new double[100];
        for (int i = 0; i < alternating.length; i++) {
            alternating[i] = i % 2 == 0 ? 1 : -1;
        }
        TailIndex.Estimate m = TailIndex.mohammadi(alternating, 2, 10, new Random(1));
        assertThat(m.alpha()).isNaN();
        assertThat(m.note()).contains("no stable law fits");
        // all |x| tied: Hill has no tail to fit
        TailIndex.Estimate h = TailIndex.hill(alternating, 10);
        assertThat(h.alpha()).isNaN();
        assertThat(h.note()).contains("tied");
        assertThat(TailIndex.hill(gaussian(1000, 9), 30).note()).isEmpty();
    }

    @Test
    void refusesTooFewSamples() {
        assertThatThrownBy(() -> TailIndex.hill(new double[] {1, 2, 3}, 3)).hasMessageContaining("Hill's k = 3");
        assertThatThrownBy(() -> TailIndex.mohammadi(new double[] {1, 2, 3}, 2, 10, new Random(1)))
                .hasMessageContaining("block size");
    }
}
