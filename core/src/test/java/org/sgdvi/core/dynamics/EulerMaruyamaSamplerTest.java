package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EulerMaruyamaSamplerTest {

    private static final Grid2D GRID = new Grid2D(-3, 3, 20);

    @Test
    void eulerMaruyamaVarianceOfAnOrnsteinUhlenbeckProcessIsTheExactDiscreteValue() {
        // g(x) = (a x1, b x2): each EM chain from 0 is x_{k+1} = (1 - c dt) x_k + sqrt(2 dt / beta) xi,
        // so var_k = V_c (1 - (1 - c dt)^{2k}) with V_c = (2 / beta) / (c (2 - c dt)) exactly.
        DynamicsTestData.DiagonalField linear = new DynamicsTestData.DiagonalField(1.0, 3.0);
        double dt = 0.2;
        double beta = 2.0;
        int n = 20000;
        int steps = 60;
        ParticleEnsemble e = ParticleEnsemble.at(n, 0.0, 0.0);
        new EulerMaruyamaSampler(linear, beta, dt, 11, false).advance(e, steps);
        double[] x1 = e.x1();
        double[] x2 = e.x2();
        for (int c = 0; c < 2; c++) {
            double rate = c == 0 ? linear.a() : linear.b();
            double[] x = c == 0 ? x1 : x2;
            double v = (2 / beta) / (rate * (2 - rate * dt)) * (1 - Math.pow(1 - rate * dt, 2 * steps));
            double ss = 0;
            for (double xi : x) {
                ss += xi * xi;
            }
            double var = ss / n;
            // the second moment of n centred Gaussians has relative sd sqrt(2/n) = 1%: allow 4 sd
            assertThat(Math.abs(var - v)).isLessThan(4 * Math.sqrt(2.0 / n) * v);
            // and the EM bias above the continuous-time variance 1 / (beta c) is resolved
            assertThat(var).isGreaterThan(1.0 / (beta * rate) * (1 + 6 * Math.sqrt(2.0 / n)));
        }
    }

    @Test
    void lambdaZeroHistogramConvergesToExpMinusPhi() {
        DoubleWell w = new DoubleWell(0.0);
        double[] exact = new DoubleWellDensity(w).cellProbabilities(GRID);
        int n = 4000;
        double dt = 0.02;
        ParticleEnsemble e = ParticleEnsemble.at(n, 1.5, 1.0);
        EulerMaruyamaSampler sampler = new EulerMaruyamaSampler(w.gradFField(), 1.0, dt, 5, false);
        Histogram2D early = new Histogram2D(GRID);
        sampler.advance(e, 25);
        early.add(e);
        sampler.advance(e, 225); // burn-in to t = 5
        Histogram2D h = new Histogram2D(GRID);
        for (int r = 0; r < 150; r++) { // 150 snapshots 0.2 apart: 6e5 points
            sampler.advance(e, 10);
            h.add(e);
        }
        // Threshold: the sampling floor of h.total() independent draws (snapshots 0.2 apart are
        // nearly independent; allow a factor 2 for their correlation) plus the Euler-Maruyama bias,
        // measured at TV ~ 0.5 dt on this grid (dt = 0.1, 0.05, 0.02, 0.01 gave 0.053, 0.024,
        // 0.010, 0.007 with 1e6 points) - so 0.75 dt leaves 50% headroom.
        double floor = Histogram2D.expectedSamplingTv(exact, h.total());
        double threshold = 2 * floor + 0.75 * dt;
        double tv = h.totalVariation(exact);
        assertThat(tv).isLessThan(threshold);
        assertThat(early.totalVariation(exact)).isGreaterThan(0.3);
        // a slightly wrong target (beta = 1.3) is rejected by the same threshold
        double[] wrong = new DoubleWellDensity(new DoubleWell(0.0, 1.3)).cellProbabilities(GRID);
        assertThat(h.totalVariation(wrong)).isGreaterThan(threshold);
    }

    @Test
    void windingRateMatchesTheExactStationaryAngularVelocity() {
        DoubleWell w = new DoubleWell(1.5);
        double exact = new DoubleWellDensity(w).meanAngularVelocity() / (2 * Math.PI);
        ParticleEnsemble e = ParticleEnsemble.at(2000, 1.5, 1.0);
        EulerMaruyamaSampler sampler = new EulerMaruyamaSampler(w.gradFField(), 1.0, 0.01, 9, true);
        sampler.advance(e, 300);
        e.resetWinding();
        sampler.advance(e, 1500);
        double rate = e.windingRate();
        double se = e.windingRateStandardError();
        // 4 standard errors plus the O(dt) Euler-Maruyama bias (about 1% at dt = 0.01)
        assertThat(Math.abs(rate - exact)).isLessThan(4 * se + 0.02 * exact);
        assertThat(se).isLessThan(0.05 * exact);
        assertThat(Math.abs(e.meanDriftAngularVelocity(w.gradFField()) / (2 * Math.PI) - exact))
                .isLessThan(0.1 * exact);
    }

    @Test
    void noRotationMeansNoWinding() {
        DoubleWell w = new DoubleWell(0.0);
        ParticleEnsemble e = ParticleEnsemble.at(2000, 1.5, 1.0);
        EulerMaruyamaSampler sampler = new EulerMaruyamaSampler(w.gradFField(), 1.0, 0.02, 13, true);
        sampler.advance(e, 150);
        e.resetWinding();
        sampler.advance(e, 500);
        assertThat(Math.abs(e.windingRate())).isLessThan(4 * e.windingRateStandardError());
    }

    @Test
    void sameSeedSameRunAndDivergenceIsReported() {
        DoubleWell w = new DoubleWell(1.5);
        ParticleEnsemble a = ParticleEnsemble.at(10, 0.3, 0.2);
        ParticleEnsemble b = ParticleEnsemble.at(10, 0.3, 0.2);
        new EulerMaruyamaSampler(w.gradFField(), 1.0, 0.01, 3, false).advance(a, 50);
        new EulerMaruyamaSampler(w.gradFField(), 1.0, 0.01, 3, false).advance(b, 50);
        assertThat(a.x1()).containsExactly(b.x1());
        ParticleEnsemble far = ParticleEnsemble.at(1, 30.0, 0.0);
        assertThatThrownBy(() -> new EulerMaruyamaSampler(w.gradFField(), 1.0, 0.5, 1, false).advance(far, 50))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dt=0.5");
    }
}
