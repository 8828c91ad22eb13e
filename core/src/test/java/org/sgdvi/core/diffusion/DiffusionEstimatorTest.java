package org.sgdvi.core.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgdvi.core.diffusion.GradientTestData.maxAbs;
import static org.sgdvi.core.diffusion.GradientTestData.maxAbsDiff;
import static org.sgdvi.core.diffusion.GradientTestData.toArray;
import static org.sgdvi.core.diffusion.GradientTestData.toJava;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

/** D against exact arithmetic, chunking, precision and the engine route. */
class DiffusionEstimatorTest {

    @ParameterizedTest
    @EnumSource(Sampling.class)
    void equalsTheDefinitionInExactArithmetic(Sampling sampling) {
        double[][] g = GradientTestData.integers(9, 4, 5, 3);
        DiffusionMatrix dm = new DiffusionEstimator(DataType.DOUBLE, sampling).estimate(toArray(g, DataType.DOUBLE));
        assertThat(maxAbsDiff(toJava(dm.matrix()), GradientTestData.exactDiffusion(g, sampling))).isLessThan(1e-13);
        double[] mean = dm.fullGradient().toDoubleVector();
        for (int j = 0; j < 4; j++) {
            double s = 0;
            for (double[] row : g) {
                s += row[j];
            }
            assertThat(mean[j]).isCloseTo(s / 9, org.assertj.core.api.Assertions.within(1e-14));
        }
        assertThat(dm.exampleCount()).isEqualTo(9);
        assertThat(dm.sampling()).isEqualTo(sampling);
    }

    @Test
    void handComputedTwoExampleCase() {
        // g1 = (1, 0), g2 = (3, 2): gbar = (2, 1), deviations +-(1, 1), D = [[1, 1], [1, 1]]; D' = 2 D.
        INDArray g = toArray(new double[][] {{1, 0}, {3, 2}}, DataType.DOUBLE);
        double[][] with = toJava(new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT).estimate(g).matrix());
        double[][] without = toJava(new DiffusionEstimator(DataType.DOUBLE, Sampling.WITHOUT_REPLACEMENT).estimate(g).matrix());
        assertThat(with).isEqualTo(new double[][] {{1, 1}, {1, 1}});
        assertThat(without).isEqualTo(new double[][] {{2, 2}, {2, 2}});
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 16, 17})
    void chunkedAccumulationEqualsOneShot(int chunkRows) {
        double[][] g = GradientTestData.gaussian(17, 6, 0.5, 2.0, 5);
        INDArray matrix = toArray(g, DataType.DOUBLE);
        DiffusionEstimator est = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT);
        DiffusionMatrix oneShot = est.estimate(matrix);
        DiffusionMatrix chunked = est.estimate(new MatrixChunkSource(matrix, chunkRows));
        assertThat(maxAbsDiff(toJava(chunked.matrix()), toJava(oneShot.matrix()))).isLessThan(1e-13);
        assertThat(maxAbsDiff(new double[][] {chunked.fullGradient().toDoubleVector()},
                new double[][] {oneShot.fullGradient().toDoubleVector()})).isLessThan(1e-14);
        assertThat(maxAbsDiff(toJava(chunked.matrix()), GradientTestData.centredDiffusion(g, Sampling.WITH_REPLACEMENT)))
                .isLessThan(1e-13);
    }

    @Test
    void float32AgreesWithFloat64ToFloatPrecisionDespiteALargeMean() {
        // gradients far from zero relative to their spread: raw sums of g g^T would cancel badly in float32
        double[][] g = GradientTestData.gaussian(600, 12, 20.0, 1.0, 9);
        DiffusionMatrix f64 = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT)
                .estimate(new MatrixChunkSource(toArray(g, DataType.DOUBLE), 64));
        DiffusionMatrix f32 = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT)
                .estimate(new MatrixChunkSource(toArray(g, DataType.FLOAT), 64));
        assertThat(f32.dataType()).isEqualTo(DataType.FLOAT);
        double scale = maxAbs(toJava(f64.matrix()));
        assertThat(maxAbsDiff(toJava(f32.matrix()), toJava(f64.matrix())) / scale).isLessThan(2e-6);
    }

    @Test
    void castsChunksToTheAccumulationType() {
        double[][] g = GradientTestData.integers(7, 3, 4, 1);
        DiffusionMatrix dm = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT)
                .estimate(new MatrixChunkSource(toArray(g, DataType.FLOAT), 3));
        assertThat(dm.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(maxAbsDiff(toJava(dm.matrix()), GradientTestData.exactDiffusion(g, Sampling.WITH_REPLACEMENT)))
                .isLessThan(1e-13);
    }

    @Test
    void engineRouteEqualsTheGradientsOfEachExample() {
        MultiLayerNetwork net = TinyNetworks.plainMlp(3);
        DataSet data = TinyNetworks.data(13, 4);
        BatchOfOneGradients engine = new BatchOfOneGradients(net);
        INDArray rows = engine.compute(data.getFeatures(), data.getLabels());
        DiffusionEstimator est = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITHOUT_REPLACEMENT);
        DiffusionMatrix viaIterator = est.estimate(engine, new ViewIterator(data, 5));
        assertThat(viaIterator.exampleCount()).isEqualTo(13);
        assertThat(maxAbsDiff(toJava(viaIterator.matrix()),
                GradientTestData.centredDiffusion(toJava(rows), Sampling.WITHOUT_REPLACEMENT))).isLessThan(1e-14);
    }

    @Test
    void refusesBeforeAllocatingWhenDDoesNotFit() {
        GradientChunkSource untouchable = new GradientChunkSource() {
            @Override
            public long dimension() {
                return 136_506;
            }

            @Override
            public void forEachChunk(java.util.function.Consumer<INDArray> consumer) {
                throw new AssertionError("the source must not be read when D cannot be allocated");
            }
        };
        DiffusionEstimator est = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT,
                () -> new FreeMemory(20_000_000_000L, 1L << 40));
        assertThatThrownBy(() -> est.estimate(untouchable))
                .isInstanceOf(InsufficientMemoryException.class)
                .hasMessage("D would need 74.5 GB for d = 136,506 in float32 but 20.0 GB is free; use --solver matrix-free");
    }

    @Test
    void emptyExampleSetIsAnError() {
        GradientChunkSource empty = new GradientChunkSource() {
            @Override
            public long dimension() {
                return 3;
            }

            @Override
            public void forEachChunk(java.util.function.Consumer<INDArray> consumer) {
            }
        };
        assertThatThrownBy(() -> new DiffusionEstimator().estimate(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
