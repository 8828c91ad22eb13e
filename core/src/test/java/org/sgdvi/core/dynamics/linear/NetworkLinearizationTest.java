package org.sgdvi.core.dynamics.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.EngineFullGradient;
import org.sgdvi.core.models.TrainableLayout;

class NetworkLinearizationTest {

    private static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    @Test
    void softmaxRegressionHessianAndDiffusionMatchTheirClosedForms() {
        // f_k = -log softmax(x_k W + b)_{y_k}. With xt = (x, 1), p_k the softmax and W [nIn, nOut] flattened in C order
        // followed by b (index i * nOut + c, the bias as row i = nIn):
        //   Hessian = (1/N) sum_k (xt_k xt_k^T) kron (diag(p_k) - p_k p_k^T),  g_k = xt_k kron (p_k - y_k)
        int nIn = 4;
        int nOut = 3;
        int n = 50;
        MultiLayerNetwork net = LinearizationTestData.softmaxRegression(DataType.DOUBLE, nIn, nOut, 5);
        INDArray x = LinearizationTestData.inputs(6, n, nIn);
        INDArray y = LinearizationTestData.oneHot(7, n, nOut);
        TrainableLayout layout = TrainableLayout.of(net);
        assertThat(layout.entries()).extracting(TrainableLayout.Entry::param).containsExactly("W", "b");
        int d = (nIn + 1) * nOut;
        double[][] w = net.getLayer(0).getParam("W").toDoubleMatrix();
        double[] b = net.getLayer(0).getParam("b").toDoubleVector();
        double[][] hessian = new double[d][d];
        double[][] grads = new double[n][d];
        for (int k = 0; k < n; k++) {
            double[] xt = new double[nIn + 1];
            for (int i = 0; i < nIn; i++) {
                xt[i] = x.getDouble(k, i);
            }
            xt[nIn] = 1.0;
            double[] z = new double[nOut];
            double zMax = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < nOut; c++) {
                z[c] = b[c];
                for (int i = 0; i < nIn; i++) {
                    z[c] += xt[i] * w[i][c];
                }
                zMax = Math.max(zMax, z[c]);
            }
            double sum = 0;
            double[] p = new double[nOut];
            for (int c = 0; c < nOut; c++) {
                p[c] = Math.exp(z[c] - zMax);
                sum += p[c];
            }
            for (int c = 0; c < nOut; c++) {
                p[c] /= sum;
            }
            for (int i = 0; i <= nIn; i++) {
                for (int c = 0; c < nOut; c++) {
                    grads[k][i * nOut + c] = xt[i] * (p[c] - y.getDouble(k, c));
                    for (int j = 0; j <= nIn; j++) {
                        for (int c2 = 0; c2 < nOut; c2++) {
                            double s = (c == c2 ? p[c] : 0) - p[c] * p[c2];
                            hessian[i * nOut + c][j * nOut + c2] += xt[i] * xt[j] * s / n;
                        }
                    }
                }
            }
        }
        double[] gbar = new double[d];
        for (double[] g : grads) {
            for (int i = 0; i < d; i++) {
                gbar[i] += g[i] / n;
            }
        }
        double[][] diffusion = new double[d][d];
        for (double[] g : grads) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    diffusion[i][j] += g[i] * g[j] / n;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                diffusion[i][j] -= gbar[i] * gbar[j];
            }
        }

        INDArray before = net.params().dup();
        NetworkQuadratic q = new NetworkLinearization(1e-4, 16).measure(net, x, y);
        assertThat(net.params().equals(before)).as("the input network is not modified").isTrue();
        assertThat(q.dimension()).isEqualTo(d);
        assertThat(q.examples()).isEqualTo(n);
        double[][] f = q.hessian().symmetric().toDoubleMatrix();
        double hScale = maxAbs(hessian);
        double[][] dm = q.diffusion().matrix().toDoubleMatrix();
        double dScale = maxAbs(diffusion);
        for (int i = 0; i < d; i++) {
            assertThat(q.fullGradient().getDouble(i)).isCloseTo(gbar[i], within(1e-12));
            for (int j = 0; j < d; j++) {
                assertThat(f[i][j]).as("F[%d][%d]", i, j).isCloseTo(hessian[i][j], within(1e-7 * hScale));
                assertThat(dm[i][j]).as("D[%d][%d]", i, j).isCloseTo(diffusion[i][j], within(1e-12 * dScale));
            }
        }
        assertThat(q.hessian().asymmetry()).isLessThan(1e-7);
    }

    @Test
    void batchNormHessianInInferenceModeIsSymmetricAndMatchesDirectionalDifferences() {
        int nIn = 4;
        MultiLayerNetwork net = LinearizationTestData.batchNormTanh(DataType.DOUBLE, nIn, 8);
        INDArray x = LinearizationTestData.inputs(9, 40, nIn);
        INDArray y = LinearizationTestData.oneHot(10, 40, 3);
        NetworkQuadratic q = new NetworkLinearization(1e-4, 16).measure(net, x, y);
        assertThat(q.dimension()).isEqualTo(53);
        // the exact Jacobian of a gradient is symmetric: what is left is finite-difference error
        assertThat(q.hessian().asymmetry()).isLessThan(1e-7);
        assertThat(q.hessian().skewNorm()).isLessThan(1e-7 * q.hessian().symmetric().norm2Number().doubleValue());

        // F v against a central difference of the gradient along a random direction v (a second route)
        EngineFullGradient loss = new EngineFullGradient(NetworkLinearization.inDouble(net), x, y, 7);
        SplittableRandom rnd = new SplittableRandom(11);
        INDArray v = Nd4j.create(DataType.DOUBLE, 53);
        for (int i = 0; i < 53; i++) {
            v.putScalar(i, rnd.nextGaussian());
        }
        double eps = 1e-5;
        INDArray directional = loss.gradient(q.weights().add(v.mul(eps))).sub(loss.gradient(q.weights().sub(v.mul(eps))))
                .divi(2 * eps);
        INDArray fv = q.hessian().symmetric().mmul(v.reshape(53, 1)).reshape(53);
        double scale = directional.norm2Number().doubleValue();
        assertThat(fv.sub(directional).norm2Number().doubleValue()).isLessThan(1e-6 * scale);
        // the gradient at x* agrees with the centre of D
        INDArray g0 = loss.gradient(q.weights());
        assertThat(g0.sub(q.fullGradient()).norm2Number().doubleValue())
                .isLessThan(1e-12 * Math.max(1, g0.norm2Number().doubleValue()));
    }

    @Test
    void aFloatNetworkIsLinearizedOnADoubleCopy() {
        MultiLayerNetwork net = LinearizationTestData.batchNormTanh(DataType.FLOAT, 3, 12);
        INDArray x = LinearizationTestData.inputs(13, 20, 3);
        MultiLayerNetwork copy = NetworkLinearization.inDouble(net);
        assertThat(copy.params().dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(copy).isNotSameAs(net);
        INDArray pf = net.output(x.castTo(DataType.FLOAT), false).castTo(DataType.DOUBLE);
        INDArray pd = copy.output(x, false);
        assertThat(pf.sub(pd).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(net.params().dataType()).isEqualTo(DataType.FLOAT);
    }
}
