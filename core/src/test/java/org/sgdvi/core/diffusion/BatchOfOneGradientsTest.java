package org.sgdvi.core.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.models.TrainableLayout;

/** The reference engine of the tests against central finite differences of the per-example loss. */
class BatchOfOneGradientsTest {

    @Test
    void rowsAreCentralFiniteDifferencesOfEachExamplesLoss() {
        MultiLayerNetwork net = TinyNetworks.plainMlp(7);
        DataSet data = TinyNetworks.data(3, 11);
        INDArray g = new BatchOfOneGradients(net.clone()).compute(data.getFeatures(), data.getLabels());
        TrainableLayout layout = TrainableLayout.of(net);
        assertThat(g.shape()).containsExactly(3, 43);
        INDArray x0 = layout.gather(net, DataType.DOUBLE);
        double h = 1e-6;
        for (int k = 0; k < 3; k++) {
            DataSet one = data.get(k);
            for (long j : new long[] {0, 7, 19, 24, 30, 42}) {
                INDArray plus = x0.dup();
                plus.putScalar(j, x0.getDouble(j) + h);
                layout.scatter(plus, net);
                double fp = net.score(one, false);
                INDArray minus = x0.dup();
                minus.putScalar(j, x0.getDouble(j) - h);
                layout.scatter(minus, net);
                double fm = net.score(one, false);
                layout.scatter(x0, net);
                assertThat(g.getDouble(k, j)).as("example %d weight %d", k, j)
                        .isCloseTo((fp - fm) / (2 * h), within(1e-7));
            }
        }
    }
}
