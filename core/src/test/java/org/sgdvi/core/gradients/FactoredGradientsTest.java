package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The engine's factored per-example gradients (dense weights as the factors a_k, delta_k of
 * a_k^T delta_k) against its own written-out rows, and the layout's bookkeeping.
 */
@ExtendWith(SingleThreadedNd4j.class)
class FactoredGradientsTest {

    /** lenet's and small-lenet's dense and output weights become blocks; everything else stays a column. */
    @ParameterizedTest
    @ValueSource(strings = {"lenet", "small-lenet", "tiny-fc", "small-allcnn"})
    void expandedFactorsAreTheEnginesRowsAndOnlyDenseWeightsAreFactored(String model) {
        MultiLayerNetwork net = TestNetworks.zoo(model, model.equals("lenet") ? 0.25 : 0.5, false);
        Random rng = new Random(31);
        SeededNetworkInputs.randomizeBatchNorm(net, rng);
        int m = 40; // chunks of 32 (split over 2 threads) and 8 (on the calling thread)
        INDArray x = model.equals("tiny-fc") ? SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, m, 49)
                : model.equals("small-allcnn") ? SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, m, 3, 32, 32)
                : SeededNetworkInputs.gaussian(rng, DataType.DOUBLE, 1.0, m, 1, 28, 28);
        int classes = model.equals("tiny-fc") ? 5 : 10;
        INDArray y = SeededNetworkInputs.oneHot(rng, DataType.DOUBLE, m, classes);
        InferenceGradientEngine engine = new InferenceGradientEngine(net, 32, 2);
        INDArray rows = engine.compute(x, y);
        FactoredGradients f = engine.computeFactored(x, y);
        FactoredLayout layout = f.layout();
        assertThat(layout).isEqualTo(engine.factoredLayout());
        assertThat(f.rows()).isEqualTo(m);
        // exact: the factors are the very arrays compute() multiplies (double)
        INDArray expanded = f.expand();
        assertThat(expanded.sub(rows).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-15 * rows.amaxNumber().doubleValue());
        long blocks = 0;
        for (TrainableLayout.Entry e : engine.layout().entries()) {
            boolean factored = layout.blocks().stream().anyMatch(b -> b.variable().equals(e.variable()));
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayer(e.layerIndex()).conf().getLayer();
            boolean denseWeight = e.param().equals("W") && conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer
                    || e.param().equals("W") && conf instanceof org.deeplearning4j.nn.conf.layers.OutputLayer;
            assertThat(factored).as(e.toString()).isEqualTo(denseWeight && layout.factored());
            blocks += factored ? e.length() : 0;
        }
        assertThat(layout.explicitWidth() + blocks).isEqualTo(engine.dimension());
        if (!model.equals("small-allcnn")) { // all-CNN has no dense weight
            assertThat(layout.factored()).isTrue();
            assertThat(layout.storedWidth()).isLessThan(engine.dimension());
        }
        f.close();
    }

    @Test
    void layoutSplitsAVectorIntoItsExplicitColumnsAndBlocks() {
        MultiLayerNetwork net = TestNetworks.zoo("lenet", 0.25, false);
        FactoredLayout layout = new InferenceGradientEngine(net).factoredLayout();
        long d = layout.dimension();
        INDArray v = org.nd4j.linalg.factory.Nd4j.linspace(DataType.DOUBLE, 1, d, 1);
        INDArray e = layout.explicitPart(v);
        assertThat(e.length()).isEqualTo(layout.explicitWidth());
        for (FactoredLayout.Segment s : layout.explicit()) {
            assertThat(e.getDouble(s.explicitOffset())).isEqualTo(s.offset() + 1.0);
            assertThat(e.getDouble(s.explicitOffset() + s.length() - 1)).isEqualTo(s.offset() + s.length() * 1.0);
        }
        List<FactoredLayout.Block> blocks = layout.blocks();
        assertThat(blocks).hasSize(2);
        for (int b = 0; b < blocks.size(); b++) {
            INDArray w = layout.blockPart(v, b);
            FactoredLayout.Block k = blocks.get(b);
            assertThat(w.shape()).containsExactly(k.rows(), k.columns());
            // C order: entry (i, j) is column offset + i q + j
            assertThat(w.getDouble(1, 2)).isEqualTo(k.offset() + k.columns() + 2 + 1.0);
        }
    }
}
