package org.sgdvi.core.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
                new CurvatureAnalysis.Options(5, 0, 200, N, 11, Sampling.WITH_REPLACEMENT, 32, 5000),
                new CurvatureAnalysis.Measures(true, new SpectralDensity.Options(40, 8, 13, 1000, 0.005), 3, true),
                line -> { });
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

        // the SLQ density of H: its trace within 4 of its standard errors of the exact tr H
        assertThat(r.hessianDensity()).isNotNull();
        assertThat(r.hessianDensity().moment(1) * d).isCloseTo(trH, within(4 * r.hessianDensity().traceOverDimension()
                .standardError() * d));
        assertThat(r.checks()).extracting(x -> x.name()).contains("densityTraceAgreement", "densityNodesWithinSpectrum",
                "tailProjectionMoment", "diffusionDiagonalSum", "layerCoverage");

        // the tail index along the top 3 eigenvectors of the dense D, recomputed here from Gc v_i
        SymmetricEigen.Decomposition ed = SymmetricEigen.decompose(dm.dup(), SymmetricEigen.Order.DESCENDING);
        assertThat(r.noiseTailIndex()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            double[] p = gc.mmul(ed.vectors().getColumn(i).reshape(d, 1)).toDoubleVector();
            CurvatureAnalysis.TailDirection t = r.noiseTailIndex().get(i);
            assertThat(t.diffusionEigenvalue()).isCloseTo(ed.values()[i], within(1e-10 * ed.values()[0]));
            assertThat(t.hill().alpha()).isCloseTo(TailIndex.hill(p, 9).alpha(), within(1e-6));
            assertThat(t.hill().used()).isEqualTo(9);
            assertThat(t.mohammadi().alpha()).isCloseTo(TailIndex.mohammadi(p, 9, 0, new Random(1)).alpha(), within(1e-6));
            assertThat(t.mohammadi().samples()).isEqualTo(90);
        }
        assertThat(r.noiseProjections().shape()).containsExactly(N, 3);

        // per-layer blocks: their traces sum to the whole traces, each block against the dense slice
        double sumH = 0;
        double sumD = 0;
        long covered = 0;
        for (CurvatureAnalysis.LayerBlock b : r.layers()) {
            assertThat(b.exact()).isTrue();
            assertThat(b.offset()).isEqualTo(covered);
            covered += b.size();
            sumH += b.hessianTrace().value();
            sumD += b.diffusionTrace();
            INDArray hl = h.get(NDArrayIndex.interval(b.offset(), b.offset() + b.size()),
                    NDArrayIndex.interval(b.offset(), b.offset() + b.size()));
            INDArray dl = dm.get(NDArrayIndex.interval(b.offset(), b.offset() + b.size()),
                    NDArrayIndex.interval(b.offset(), b.offset() + b.size()));
            double[] mh = SymmetricEigen.eigenvalues(hl.dup(), SymmetricEigen.Order.DESCENDING);
            double[] md = SymmetricEigen.eigenvalues(dl.dup(), SymmetricEigen.Order.DESCENDING);
            assertThat(b.hessianTopEigenvalue()).isCloseTo(mh[0], within(1e-10 * Math.abs(mu[0])));
            assertThat(b.diffusionTopEigenvalue()).isCloseTo(md[0], within(1e-10 * trD));
            INDArray cl = hl.mmul(dl).sub(dl.mmul(hl));
            assertThat(b.commutator()).isCloseTo(cl.norm2Number().doubleValue()
                    / (hl.norm2Number().doubleValue() * dl.norm2Number().doubleValue()), within(1e-9));
        }
        assertThat(r.layers()).hasSizeGreaterThan(1);
        assertThat(covered).isEqualTo(d);
        assertThat(sumH).isCloseTo(trH, within(1e-10 * Math.abs(trH) + 1e-14));
        assertThat(sumD).isCloseTo(trD, within(1e-10 * trD));
    }

    @Test
    void estimatedLayerBlocksAndDensityAgreeWithTheExactOnes() {
        MultiLayerNetwork net = net();
        INDArray[] xy = data();
        CurvatureAnalysis.Measures m = new CurvatureAnalysis.Measures(false,
                new SpectralDensity.Options(30, 12, 13, 1000, 0.005), 2, true);
        CurvatureAnalysis.Result exact = CurvatureAnalysis.analyze(net, xy[0], xy[1],
                new CurvatureAnalysis.Options(4, 0, 20, N, 11, Sampling.WITH_REPLACEMENT, 32, 5000), m, line -> { });
        // dense limit 0: the whole and every block of more than 4k = 16 weights by the estimated route
        CurvatureAnalysis.Result est = CurvatureAnalysis.analyze(net, xy[0], xy[1],
                new CurvatureAnalysis.Options(4, 48, 20, N, 11, Sampling.WITH_REPLACEMENT, 32, 0), m, line -> { });
        assertThat(exact.hessianDensity()).as("below the dense limit only on request").isNull();
        assertThat(est.hessianDensity()).as("always above the dense limit").isNotNull();
        assertThat(est.checks()).allMatch(c -> c.passed());
        assertThat(est.layers()).hasSameSizeAs(exact.layers());
        boolean anyEstimated = false;
        for (int i = 0; i < est.layers().size(); i++) {
            CurvatureAnalysis.LayerBlock e = est.layers().get(i);
            CurvatureAnalysis.LayerBlock x = exact.layers().get(i);
            anyEstimated |= !e.exact();
            assertThat(e.diffusionTrace()).isCloseTo(x.diffusionTrace(), within(1e-10 * exact.diffusionTrace()));
            assertThat(e.hessianTrace().value()).isCloseTo(x.hessianTrace().value(),
                    within(4 * e.hessianTrace().standardError() + 1e-12));
            assertThat(e.hessianTopEigenvalue()).isCloseTo(x.hessianTopEigenvalue(),
                    within(1e-6 * Math.abs(x.hessianTopEigenvalue())));
            assertThat(e.diffusionTopEigenvalue()).isCloseTo(x.diffusionTopEigenvalue(),
                    within(1e-6 * x.diffusionTopEigenvalue()));
        }
        assertThat(anyEstimated).isTrue();
        // the tail index sees the same projections up to the eigenvectors' accuracy
        for (int i = 0; i < 2; i++) {
            assertThat(est.noiseTailIndex().get(i).hill().alpha()).isCloseTo(exact.noiseTailIndex().get(i).hill().alpha(),
                    within(1e-3 * exact.noiseTailIndex().get(i).hill().alpha()));
        }
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
