package org.sgdvi.core.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.HessianVectorProducts;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.linalg.SymmetricEigen;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;

/**
 * The joint measures of H and D on tiny-fc at width 0.5 (DOUBLE), against a dense computation written out here
 * from the per-example gradient matrix (D = (1/N) Gc^T Gc) and the Hessian formed from products, and the
 * estimated route (Lanczos + projected Hutchinson) against the exact one.
 */
class CurvatureAnalysisTest {

    private static final int N = 96;

    static MultiLayerNetwork net() {
        return ModelZoo.build("tiny-fc", ModelOptions.builder().widthScale(0.5).seed(7).dataType(DataType.DOUBLE).build());
    }

    static INDArray[] data() {
        Random rng = new Random(3);
        double[][] x = new double[N][49];
        double[][] y = new double[N][5];
        for (int k = 0; k < N; k++) {
            for (int i = 0; i < 49; i++) {
                x[k][i] = rng.nextGaussian();
            }
            y[k][rng.nextInt(5)] = 1;
        }
        return new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }

    @Test
    void exactMeasuresMatchADenseComputation() {
        MultiLayerNetwork net = net();
        INDArray[] xy = data();
        CurvatureAnalysis.Result r = CurvatureAnalysis.analyze(net, xy[0], xy[1],
                new CurvatureAnalysis.Options(5, 0, 200, N, 11, Sampling.WITH_REPLACEMENT, 32, 5000), line -> { });
        assertThat(r.exact()).isTrue();
        assertThat(r.checks()).allMatch(c -> c.passed());
        long d = r.dimension();
        INDArray g = new InferenceGradientEngine(net).compute(xy[0], xy[1]);
        INDArray gbar = g.mean(0).reshape(1, d);
        INDArray gc = g.subRowVector(gbar);
        INDArray dm = gc.transpose().mmul(gc).divi(N);
        INDArray h = new HessianVectorProducts(net, 32, HessianVectorProducts.Curvature.HESSIAN)
                .apply(xy[0], xy[1], Nd4j.eye(d).castTo(DataType.DOUBLE)).products();
        h = h.add(h.transpose()).divi(2);
        double trH = trace(h);
        double trD = trace(dm);
        assertThat(r.hessianTrace().value()).isCloseTo(trH, within(1e-10 * Math.abs(trH) + 1e-14));
        assertThat(r.diffusionTrace()).isCloseTo(trD, within(1e-10 * trD));
        double trHD = trace(h.mmul(dm));
        assertThat(r.traceHD().value()).isCloseTo(trHD, within(1e-10 * Math.abs(trHD)));
        assertThat(r.isotropicTraceHD()).isCloseTo(trH * trD / d, within(1e-10 * Math.abs(trH * trD / d)));
        INDArray c = h.mmul(dm).sub(dm.mmul(h));
        assertThat(r.commutator()).isCloseTo(c.norm2Number().doubleValue()
                / (h.norm2Number().doubleValue() * dm.norm2Number().doubleValue()), within(1e-10));
        double gg = gbar.mul(gbar).sumNumber().doubleValue();
        assertThat(r.noiseScaleSimple()).isCloseTo(trD / gg, within(1e-9 * trD / gg));
        double ghg = gbar.mmul(h).mmul(gbar.transpose()).getDouble(0);
        assertThat(r.noiseScaleBNoise()).isCloseTo(trHD / ghg, within(1e-9 * Math.abs(trHD / ghg)));
        // percentile intervals of a ratio whose denominator ||gbar*||^2 is inflated by resampling noise (by about
        // tr D / N): at this small N they may lie below the point estimate, so only their order is asserted
        assertThat(r.noiseScaleSimpleInterval().low()).isPositive().isLessThan(r.noiseScaleSimpleInterval().high());
        assertThat(r.noiseScaleBNoiseInterval().low()).isLessThan(r.noiseScaleBNoiseInterval().high());
        double[] mu = SymmetricEigen.eigenvalues(h, SymmetricEigen.Order.DESCENDING);
        for (int i = 0; i < 5; i++) {
            assertThat(r.hessianTopEigenvalues()[i]).isCloseTo(mu[i], within(1e-10 * Math.abs(mu[0])));
            assertThat(r.hessianBottomEigenvalues()[i]).isCloseTo(mu[(int) d - 1 - i], within(1e-10 * Math.abs(mu[0])));
        }
        // u_1^T D u_1 along the top Hessian eigenvector
        INDArray u1 = SymmetricEigen.decompose(h, SymmetricEigen.Order.DESCENDING).vectors().getColumn(0).reshape(d, 1);
        assertThat(r.diffusionAlongHessianEigenvectors()[0])
                .isCloseTo(u1.transpose().mmul(dm).mmul(u1).getDouble(0), within(1e-9 * trD));
    }

    @Test
    void estimatedRouteAgreesWithTheExactOneWithinItsErrorBars() {
        MultiLayerNetwork net = net();
        INDArray[] xy = data();
        CurvatureAnalysis.Result exact = CurvatureAnalysis.analyze(net, xy[0], xy[1],
                new CurvatureAnalysis.Options(4, 0, 50, N, 11, Sampling.WITH_REPLACEMENT, 32, 5000), line -> { });
        CurvatureAnalysis.Result est = CurvatureAnalysis.analyze(net, xy[0], xy[1],
                new CurvatureAnalysis.Options(4, 64, 50, N, 11, Sampling.WITH_REPLACEMENT, 32, 0), line -> { });
        assertThat(est.exact()).isFalse();
        assertThat(est.checks()).allMatch(c -> c.passed());
        for (int i = 0; i < 4; i++) {
            assertThat(est.hessianTopEigenvalues()[i]).isCloseTo(exact.hessianTopEigenvalues()[i],
                    within(1e-6 * exact.hessianTopEigenvalues()[0]));
            assertThat(est.diffusionTopEigenvalues()[i]).isCloseTo(exact.diffusionTopEigenvalues()[i],
                    within(1e-6 * exact.diffusionTopEigenvalues()[0]));
        }
        assertThat(est.hessianTrace().value()).isCloseTo(exact.hessianTrace().value(),
                within(4 * est.hessianTrace().standardError() + 1e-12));
        assertThat(est.traceHD().value()).isCloseTo(exact.traceHD().value(), within(4 * est.traceHD().standardError() + 1e-12));
        assertThat(est.diffusionTrace()).isCloseTo(exact.diffusionTrace(), within(1e-10 * exact.diffusionTrace()));
        assertThat(est.gradientCurvature()).isCloseTo(exact.gradientCurvature(),
                within(1e-9 * Math.abs(exact.gradientCurvature())));
    }

    private static double trace(INDArray a) {
        double t = 0;
        for (long i = 0; i < a.rows(); i++) {
            t += a.getDouble(i, i);
        }
        return t;
    }
}
