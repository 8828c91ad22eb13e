package org.sgdvi.core.dynamics.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.FullGradient;

class FiniteDifferenceHessianTest {

    /**
     * A vector field x -> g(x) on R^d as a {@link FullGradient} of one term: the estimator reads only
     * the gradient; some fields here are no gradients at all, so f is not defined and is NaN.
     */
    static FullGradient map(int d, UnaryOperator<double[]> gradient) {
        return new FullGradient() {
            @Override
            public long dimension() {
                return d;
            }

            @Override
            public long exampleCount() {
                return 1;
            }

            @Override
            public double evaluate(INDArray x, double[] out) {
                System.arraycopy(gradient.apply(x.toDoubleVector()), 0, out, 0, d);
                return Double.NaN;
            }
        };
    }

    private static double[][] gaussian(long seed, int rows, int cols, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * rnd.nextGaussian();
            }
        }
        return a;
    }

    @Test
    void smoothFunctionMatchesItsClosedFormHessian() {
        // f(x) = sum_m cos(a_m . x): grad = -sum sin(a_m . x) a_m, Hessian = -sum cos(a_m . x) a_m a_m^T
        int d = 6;
        double[][] a = gaussian(3, 4, d, 0.7);
        FullGradient g = map(d, x -> {
            double[] out = new double[d];
            for (double[] am : a) {
                double t = 0;
                for (int i = 0; i < d; i++) {
                    t += am[i] * x[i];
                }
                for (int i = 0; i < d; i++) {
                    out[i] -= Math.sin(t) * am[i];
                }
            }
            return out;
        });
        double[] x0 = {0.3, -1.7, 2.5, 0.0, 0.9, -0.2};
        HessianEstimate h = new FiniteDifferenceHessian(1e-4).estimate(g, Nd4j.createFromArray(x0));
        double[][] exact = new double[d][d];
        double norm = 0;
        for (double[] am : a) {
            double t = 0;
            for (int i = 0; i < d; i++) {
                t += am[i] * x0[i];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    exact[i][j] -= Math.cos(t) * am[i] * am[j];
                }
            }
        }
        for (double[] row : exact) {
            for (double v : row) {
                norm = Math.max(norm, Math.abs(v));
            }
        }
        double[][] f = h.symmetric().toDoubleMatrix();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // truncation error h_i^2 |f'''| / 6 with h_i <= 2.5e-4
                assertThat(f[i][j]).as("F[%d][%d]", i, j).isCloseTo(exact[i][j], within(1e-7 * norm));
            }
        }
        assertThat(h.asymmetry()).isLessThan(1e-7);
        assertThat(h.gradientCalls()).isEqualTo(2L * d + 1);
        assertThat(h.switchedColumns()).isEmpty();
        // steps h max(|x_i|, 1), exactly representable
        assertThat(h.steps()[2]).isCloseTo(2.5e-4, within(1e-15));
        assertThat(h.steps()[0]).isCloseTo(1e-4, within(1e-15));
        for (int i = 0; i < d; i++) {
            assertThat((x0[i] + h.steps()[i]) - x0[i]).isEqualTo(h.steps()[i]);
        }
    }

    @Test
    void aNonGradientFieldShowsItsSkewPartInTheAsymmetry() {
        // g(x) = M x with M = S + K (K antisymmetric): raw = M exactly (linear), asymmetry = 2||K|| / ||M||,
        // and skewNorm = ||K||_2; for K = k [[0, -1], [1, 0]] embedded in the first two coordinates, ||K||_2 = k.
        int d = 3;
        double k = 0.4;
        double[][] m = {{2.0, 0.5 - k, 0.1}, {0.5 + k, 1.0, -0.3}, {0.1, -0.3, 3.0}};
        FullGradient g = map(d, x -> {
            double[] out = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out[i] += m[i][j] * x[j];
                }
            }
            return out;
        });
        HessianEstimate h = new FiniteDifferenceHessian(1e-3).estimate(g, Nd4j.zeros(DataType.DOUBLE, d));
        double[][] raw = h.raw().toDoubleMatrix();
        double mNorm = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertThat(raw[i][j]).isCloseTo(m[i][j], within(1e-10));
                mNorm += m[i][j] * m[i][j];
            }
        }
        assertThat(h.asymmetry()).isCloseTo(2 * Math.sqrt(2) * k / Math.sqrt(mNorm), within(1e-9));
        assertThat(h.skewNorm()).isCloseTo(k, within(1e-9));
        assertThat(h.symmetric().getDouble(0, 1)).isCloseTo(0.5, within(1e-10));
    }

    @Test
    void aGradientJumpInsideOneStencilIsDetectedAndAvoided() {
        // f(x) = x^T A x / 2 + c |t . x - s| with t = (1, 0.5, 0), the kink t . x = s placed 0.7 h beyond x0 along
        // coordinate 0: the stencil of column 0 (+-h) straddles it, that of column 1 (+-0.5 h in t . x) does not.
        // Off the kink the Hessian is exactly A; the central column 0 would carry the jump 2 c t / (2 h).
        int d = 3;
        double[][] a = {{2.0, 0.3, -0.1}, {0.3, 1.0, 0.2}, {-0.1, 0.2, 0.5}};
        double[] t = {1.0, 0.5, 0.0};
        double c = 0.8;
        double step = 1e-6;
        double[] x0 = {0.2, -0.4, 0.1};
        double s0 = t[0] * x0[0] + t[1] * x0[1] + 0.7 * step;
        FullGradient g = map(d, x -> {
            double[] out = new double[d];
            double u = t[0] * x[0] + t[1] * x[1] + t[2] * x[2] - s0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out[i] += a[i][j] * x[j];
                }
                out[i] += c * Math.signum(u) * t[i];
            }
            return out;
        });
        HessianEstimate h = new FiniteDifferenceHessian(step).estimate(g, Nd4j.createFromArray(x0));
        assertThat(h.switchedColumns()).containsExactly(0);
        double[][] raw = h.raw().toDoubleMatrix();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // one-sided differences of a linear gradient: exact up to rounding eps |grad| / h
                assertThat(raw[i][j]).as("raw[%d][%d]", i, j).isCloseTo(a[i][j], within(1e-8));
            }
        }
        assertThat(h.asymmetry()).isLessThan(1e-8);
    }

    @Test
    void rejectsBadSteps() {
        assertThatThrownBy(() -> new FiniteDifferenceHessian(0)).hasMessageContaining("step");
        assertThatThrownBy(() -> new FiniteDifferenceHessian(Double.NaN)).hasMessageContaining("expected 0 < h");
        FullGradient g = map(2, x -> x);
        assertThatThrownBy(() -> new FiniteDifferenceHessian().estimate(g, Nd4j.zeros(DataType.DOUBLE, 3)))
                .hasMessageContaining("d = 2");
    }
}
