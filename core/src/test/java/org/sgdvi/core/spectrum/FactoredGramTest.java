package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.nd4j.linalg.dataset.ViewIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.diffusion.EngineChunkSource;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.linalg.SymmetricEigen;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;

/**
 * The Gram route on gradients whose dense weights arrive as outer-product factors (lenet: most of d
 * is its 800 x 500 dense weight) against the same route on the written-out rows, and against the
 * centred Gram matrix formed directly from those rows in double.
 */
class FactoredGramTest {

    private static final int N = 40;

    private record Setup(InferenceGradientEngine engine, INDArray x, INDArray y) {
        EngineChunkSource source() {
            return new EngineChunkSource(engine, new ViewIterator(new DataSet(x, y), 16), N);
        }

        INDArray rows() {
            return engine.compute(x, y);
        }
    }

    private static Setup lenet(DataType dtype) {
        MultiLayerNetwork net = ModelZoo.build("lenet", ModelOptions.builder().numClasses(10).widthScale(0.25).seed(3)
                .dataType(dtype).build());
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(7);
        INDArray x = Nd4j.rand(dtype, N, 1, 28, 28);
        INDArray y = Nd4j.zeros(dtype, N, 10);
        for (int i = 0; i < N; i++) {
            y.putScalar(i, (i * 7) % 10, 1.0);
        }
        return new Setup(new InferenceGradientEngine(net, 16), x, y);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void factoredRouteMatchesTheWrittenOutRowsAndTheDirectGramMatrix(DataType dtype) {
        Setup s = lenet(dtype);
        assertThat(s.engine().factoredLayout().factored()).isTrue();
        assertThat(s.engine().factoredLayout().storedWidth()).isLessThan(s.engine().dimension() / 5);
        for (Sampling sampling : Sampling.values()) {
            SpectrumResult factored = new GramSolver().solve(SpectrumInput.streaming(s.source(), sampling, dtype));
            SpectrumResult written = new GramSolver().solve(SpectrumInput.streaming(new MatrixChunkSource(s.rows(), 16),
                    sampling, dtype));
            assertThat(Checks.spectrum(factored)).allMatch(c -> c.passed());
            assertThat(factored.passes()).isEqualTo(1);
            double scale = written.lambdaMax();
            double tol = (dtype == DataType.FLOAT ? 2e-4 : 1e-11) * scale;
            for (int i = 0; i < N; i++) {
                assertThat(Math.abs(factored.eigenvalues()[i] - written.eigenvalues()[i])).as("eigenvalue %d", i)
                        .isLessThanOrEqualTo(tol);
            }
            // the direct truth: K = (G - 1 gbar^T)(G - 1 gbar^T)^T / c in double, gbar the rows' mean
            INDArray g = s.rows().castTo(DataType.DOUBLE);
            g.subiRowVector(g.mean(0));
            double[] direct = SymmetricEigen.eigenvalues(g.mmul(g.transpose()).divi(sampling.scatterDivisor(N)),
                    SymmetricEigen.Order.DESCENDING);
            for (int i = 0; i < N; i++) {
                assertThat(Math.abs(factored.eigenvalues()[i] - direct[i])).as("eigenvalue %d", i).isLessThanOrEqualTo(tol);
            }
        }
    }

    /** A given gbar (here not the rows' mean) is subtracted from every row, factored blocks included. */
    @Test
    void givenFullGradientCentresTheFactoredBlocksToo() {
        Setup s = lenet(DataType.DOUBLE);
        INDArray g = s.rows();
        INDArray gbar = g.mean(0).muli(0.5).addi(Nd4j.rand(DataType.DOUBLE, g.columns()).muli(1e-3));
        SpectrumResult r = new GramSolver().solve(SpectrumInput.streaming(s.source(), N, gbar, Sampling.WITH_REPLACEMENT,
                DataType.DOUBLE));
        INDArray c = g.dup().subiRowVector(gbar);
        double[] direct = SymmetricEigen.eigenvalues(c.mmul(c.transpose()).divi(N), SymmetricEigen.Order.DESCENDING);
        for (int i = 0; i < N; i++) {
            assertThat(Math.abs(r.eigenvalues()[i] - direct[i])).as("eigenvalue %d", i).isLessThanOrEqualTo(1e-11 * direct[0]);
        }
        assertThat(r.trace()).isCloseTo(Arrays.stream(direct).sum(), org.assertj.core.data.Offset.offset(1e-10 * direct[0] * N));
    }

    /** The sampled-entries check passes on the assembled matrix and fails when one sampled entry is off. */
    @Test
    void sampledEntriesCheckCatchesAWrongEntry() {
        Setup s = lenet(DataType.DOUBLE);
        INDArray g = s.rows();
        INDArray gbar = g.mean(0);
        INDArray c = g.dup().subiRowVector(gbar);
        INDArray gram = c.mmul(c.transpose()).divi(N);
        GramSolver.Sample sample = GramSolver.Sample.of(s.engine().computeFactored(s.x(), s.y()), N);
        assertThat(sample.check(gram, gbar, N, DataType.DOUBLE).passed()).isTrue();
        long k = sample.index()[1];
        long l = sample.index()[3];
        gram.putScalar(k, l, gram.getDouble(k, l) + 1e-6 * Math.sqrt(gram.getDouble(k, k) * gram.getDouble(l, l)));
        GramSolver.Sample again = GramSolver.Sample.of(s.engine().computeFactored(s.x(), s.y()), N);
        assertThat(again.check(gram, gbar, N, DataType.DOUBLE).passed()).isFalse();
    }
}
