package org.sgdvi.core.train.fused;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.SyntheticData;

/**
 * The BLAS pass against a second algorithm, the loop kernel's inference-mode gradient sum, on
 * more examples than one chunk of either (so chunk boundaries differ), at weights and running
 * statistics moved by DL4J training.
 */
class DenseBnBlasGradientTest {

    @Test
    void agreesWithTheLoopKernelAcrossChunks() {
        MultiLayerNetwork net = ModelZoo.build("small-fc", ModelOptions.builder().numClasses(5).seed(3)
                .dropout(false).optimizer(OptimizerSettings.sgd(0.1)).build());
        for (int i = 0; i < 4; i++) {
            net.fit(SyntheticData.classification(64, 49, 5, 40 + i, DataType.FLOAT));
        }
        ExampleMatrix data = ExampleMatrix.of(SyntheticData.classification(DenseBnBlasGradient.CHUNK_ROWS + 300, 49, 5,
                12, DataType.FLOAT));
        DenseBnReluSoftmax arch = DenseBnReluSoftmax.of(net);
        float[] x = arch.readWeights(net);
        float[] m = arch.readRunningMean(net);
        float[] v = arch.readRunningVariance(net);
        double[] blas = new double[arch.dimension()];
        double[] loops = new double[arch.dimension()];
        double lossBlas = new DenseBnBlasGradient(arch, data).gradientSum(x, m, v, blas);
        double lossLoops = new DenseBnKernel(arch).inferenceGradientSum(x, m, v, data, loops);
        assertThat(lossBlas).isCloseTo(lossLoops, org.assertj.core.data.Offset.offset(1e-6 * Math.abs(lossLoops)));
        double scale = 0;
        for (double g : loops) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertThat(scale).isGreaterThan(1.0);
        for (int k = 0; k < blas.length; k++) {
            assertThat(Math.abs(blas[k] - loops[k])).as("weight %d", k).isLessThan(1e-5 * scale);
        }
    }
}
