package org.sgdvi.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.ViewIterator;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;

class InferenceEvaluatorTest {

    private static MultiLayerNetwork trainedTinyFc(DataSet ds) {
        MultiLayerNetwork net = ModelZoo.build("tiny-fc", ModelOptions.builder().dataType(DataType.DOUBLE)
                .widthScale(0.5).optimizer(OptimizerSettings.sgd(0.1)).seed(4).build());
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        return net;
    }

    /** Loss = DL4J's own inference-mode score (no regularization); error = 1 - DL4J's accuracy. */
    @Test
    void lossAndErrorAgreeWithDl4jScoreAndEvaluation() {
        DataSet ds = SyntheticData.classification(50, 49, 5, 8, DataType.DOUBLE);
        MultiLayerNetwork net = trainedTinyFc(ds);
        DataSetIterator it = new ViewIterator(ds, 16);
        InferenceEvaluator.LossAndError r = InferenceEvaluator.evaluate(net, it, 0);
        assertThat(r.examples()).isEqualTo(50);
        assertThat(r.loss()).isCloseTo(net.score(ds, false), within(1e-12));
        Evaluation eval = net.evaluate(new ViewIterator(ds, 50));
        assertThat(r.error()).isCloseTo(1 - eval.accuracy(), within(1e-12));
        assertThat(r.error()).isBetween(0.0, 1.0);
    }

    @Test
    void aLimitScoresTheFirstExamplesOnly() {
        DataSet ds = SyntheticData.classification(50, 49, 5, 9, DataType.DOUBLE);
        MultiLayerNetwork net = trainedTinyFc(ds);
        InferenceEvaluator.LossAndError first = InferenceEvaluator.evaluate(net, new ViewIterator(ds, 16), 20);
        DataSet head = new DataSet(ds.getFeatures().getRows(java.util.stream.IntStream.range(0, 20).toArray()),
                ds.getLabels().getRows(java.util.stream.IntStream.range(0, 20).toArray()));
        assertThat(first.examples()).isEqualTo(20);
        assertThat(first.loss()).isCloseTo(net.score(head, false), within(1e-12));
    }
}
