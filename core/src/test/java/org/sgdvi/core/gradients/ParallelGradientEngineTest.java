package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;

/**
 * Splitting a chunk's examples over threads computes every row with the same operations as one
 * thread: the rows agree with the single-threaded engine (whose rows the finite-difference tests
 * check) to float rounding, and the BLAS and ND4J thread settings are restored afterwards.
 */
class ParallelGradientEngineTest {

    @Test
    void rowsSplitOverThreadsEqualTheSingleThreadedRows() {
        MultiLayerNetwork net = ModelZoo.build("small-lenet", ModelOptions.builder().seed(3).dataType(DataType.FLOAT).build());
        Random rng = new Random(5);
        int m = 53; // odd, so the ranges differ in size; two chunks of 40 and 13 rows
        INDArray x = SeededNetworkInputs.gaussian(rng, DataType.FLOAT, 1.0, m, 784);
        INDArray y = SeededNetworkInputs.oneHot(rng, DataType.FLOAT, m, 10);
        INDArray one = new InferenceGradientEngine(net, 40, 1).compute(x, y);
        int ndThreads = Nd4j.getEnvironment().maxThreads();
        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        for (int threads : new int[] {2, 3}) {
            InferenceGradientEngine engine = new InferenceGradientEngine(net, 40, threads);
            assertThat(engine.threads()).isEqualTo(threads);
            INDArray split = engine.compute(x, y);
            for (int k = 0; k < m; k++) {
                double scale = one.getRow(k).amaxNumber().doubleValue();
                double diff = one.getRow(k).sub(split.getRow(k)).amaxNumber().doubleValue();
                // the same operations on the same row; batched GEMMs of another height may round differently
                assertThat(diff).as("row %d, %d threads", k, threads).isLessThanOrEqualTo(64 * Math.ulp(1.0f) * scale);
            }
            assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(ndThreads);
            assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(blasThreads);
        }
        InferenceGradientEngine.releaseWorkspace();
    }
}
