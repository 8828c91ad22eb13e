package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FlowIntegratorTest {

    @Test
    void dampedRotationMatchesTheClosedForm() {
        // g(x) = A x with A = [[a, -w], [w, a]]: x(t) = e^{-a t} R(-w t) x0
        double a = 0.3;
        double w = 2.0;
        VectorField2D g = new VectorField2D() {
            @Override
            public void value(double x1, double x2, double[] out) {
                out[0] = a * x1 - w * x2;
                out[1] = w * x1 + a * x2;
            }

            @Override
            public void jacobian(double x1, double x2, double[] out) {
                out[0] = a;
                out[1] = -w;
                out[2] = w;
                out[3] = a;
            }
        };
        double dt = 0.01;
        int steps = 500;
        double[][] path = new FlowIntegrator(g, dt).trajectory(1.0, 0.5, steps);
        double t = dt * steps;
        double c = Math.cos(-w * t);
        double s = Math.sin(-w * t);
        double decay = Math.exp(-a * t);
        double e1 = Math.hypot(path[0][steps] - decay * (c * 1.0 - s * 0.5), path[1][steps] - decay * (s * 1.0 + c * 0.5));
        assertThat(e1).isLessThan(1e-8);
        // fourth order: halving the step divides the error by about 16
        double[][] fine = new FlowIntegrator(g, dt / 2).trajectory(1.0, 0.5, 2 * steps);
        double e2 = Math.hypot(fine[0][2 * steps] - decay * (c * 1.0 - s * 0.5),
                fine[1][2 * steps] - decay * (s * 1.0 + c * 0.5));
        assertThat(e1 / e2).isBetween(12.0, 20.0);
    }

    @Test
    void gradientFlowOfTheDoubleWellEndsInAWell() {
        double[][] path = new FlowIntegrator(new DoubleWell(0.0).gradFField(), 0.01).trajectory(0.3, 1.0, 3000);
        assertThat(path[0][3000]).isCloseTo(1.0, within(1e-6));
        assertThat(path[1][3000]).isCloseTo(0.0, within(1e-6));
    }
}
