package org.sgdvi.core.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgdvi.core.diffusion.GradientTestData.maxAbsDiff;
import static org.sgdvi.core.diffusion.GradientTestData.toJava;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Snapshot timing, snapshot content, and that training is untouched. */
class DiffusionListenerTest {

    private static final int EXAMPLES = 32;
    private static final int BATCH = 8;
    private static final int EPOCHS = 3;
    private static final long TOTAL = (long) EXAMPLES / BATCH * EPOCHS;

    private record Run(MultiLayerNetwork net, List<INDArray> batches, double nextRandom, List<DiffusionSnapshot> snapshots,
                       List<DiffusionMatrix> matrices, DiffusionListener listener) {
    }

    private static Run train(Function<Long, MultiLayerNetwork> factory, DiffusionListener.Builder builder) {
        return train(factory, builder, 0);
    }

    /** Trains; with a builder, snapshots form D over the first {@code snapshotExamples} examples (0: none). */
    private static Run train(Function<Long, MultiLayerNetwork> factory, DiffusionListener.Builder builder,
                             int snapshotExamples) {
        Nd4j.getRandom().setSeed(1234);
        MultiLayerNetwork net = factory.apply(42L);
        DataSet data = TinyNetworks.data(EXAMPLES, 5);
        RecordingIterator training = new RecordingIterator(new ViewIterator(data, BATCH));
        List<DiffusionSnapshot> snapshots = new ArrayList<>();
        List<DiffusionMatrix> matrices = new ArrayList<>();
        DiffusionListener listener = null;
        if (builder != null) {
            DataSet exampleSet = snapshotExamples > 0 ? TinyNetworks.data(snapshotExamples, 5) : data.copy();
            listener = builder.examples(exampleSet, 10).onSnapshot(s -> {
                snapshots.add(s);
                if (snapshotExamples > 0) {
                    matrices.add(s.diffusionMatrix(DataType.DOUBLE, Sampling.WITH_REPLACEMENT));
                }
            }).build();
            net.setListeners(listener);
        }
        net.fit(training, EPOCHS);
        return new Run(net, training.delivered(), Nd4j.getRandom().nextDouble(), snapshots, matrices, listener);
    }

    @Test
    void firesAtTwentyFortyAndHundredPercentOfTraining() {
        Run run = train(TinyNetworks::plainMlp,
                DiffusionListener.builder(BatchOfOneGradients::new).atFractions(TOTAL));
        assertThat(TOTAL).isEqualTo(12);
        assertThat(run.listener().plannedIterations()).containsExactly(2L, 5L, 12L);
        assertThat(run.listener().firedIterations()).containsExactly(2L, 5L, 12L);
        assertThat(run.snapshots()).extracting(DiffusionSnapshot::iteration).containsExactly(2L, 5L, 12L);
        assertThat(run.snapshots()).extracting(DiffusionSnapshot::fractionOfTraining)
                .containsExactly(2.0 / 12, 5.0 / 12, 1.0);
    }

    @Test
    void firesEveryKIterations() {
        Run run = train(TinyNetworks::plainMlp,
                DiffusionListener.builder(BatchOfOneGradients::new).everyIterations(5));
        assertThat(run.listener().firedIterations()).containsExactly(5L, 10L);
        assertThat(run.snapshots().get(0).fractionOfTraining()).isNaN();
    }

    @Test
    void finalSnapshotIsTheDiffusionMatrixOfTheTrainedWeightsOverTheWholeExampleSet() {
        Run run = train(TinyNetworks::plainMlp,
                DiffusionListener.builder(BatchOfOneGradients::new).atFractions(TOTAL), EXAMPLES);
        DiffusionSnapshot last = run.snapshots().get(2);
        assertThat(last.network().params()).isEqualTo(run.net().params());
        DiffusionMatrix expected = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT)
                .estimate(new BatchOfOneGradients(run.net().clone()), new ViewIterator(TinyNetworks.data(EXAMPLES, 5), 32));
        DiffusionMatrix got = run.matrices().get(2);
        assertThat(got.exampleCount()).isEqualTo(EXAMPLES);
        assertThat(maxAbsDiff(toJava(got.matrix()), toJava(expected.matrix()))).isLessThan(1e-14);
        // an earlier snapshot saw other weights
        assertThat(maxAbsDiff(toJava(run.matrices().get(0).matrix()), toJava(got.matrix()))).isGreaterThan(1e-6);
    }

    @Test
    void trainingWithTheListenerIsIdenticalToTrainingWithout() {
        Run without = train(TinyNetworks::batchNormDropoutMlp, null);
        Run with = train(TinyNetworks::batchNormDropoutMlp,
                DiffusionListener.builder(BatchOfOneGradients::new).everyIterations(4), 10);
        assertThat(with.matrices()).hasSize(3);
        assertThat(with.net().params()).isEqualTo(without.net().params());
        assertThat(with.net().getUpdater().getStateViewArray()).isEqualTo(without.net().getUpdater().getStateViewArray());
        assertThat(with.nextRandom()).isEqualTo(without.nextRandom());
        assertThat(with.batches()).hasSize((int) TOTAL).isEqualTo(without.batches());
        assertThat(with.net().getIterationCount()).isEqualTo(without.net().getIterationCount());
    }

    @Test
    void theEngineUsedInTheInvarianceTestDoesDrawRandomNumbers() {
        // without the listener's guard, a training-mode engine on a dropout net would shift the RNG stream
        MultiLayerNetwork net = TinyNetworks.batchNormDropoutMlp(42);
        DataSet data = TinyNetworks.data(4, 5);
        Nd4j.getRandom().setSeed(99);
        double untouched = Nd4j.getRandom().nextDouble();
        Nd4j.getRandom().setSeed(99);
        new BatchOfOneGradients(net).compute(data.getFeatures(), data.getLabels());
        assertThat(Nd4j.getRandom().nextDouble()).isNotEqualTo(untouched);
    }

    @Test
    void incompleteConfigurationIsRejected() {
        assertThatThrownBy(() -> DiffusionListener.builder(BatchOfOneGradients::new).atFractions(10).onSnapshot(s -> { }).build())
                .hasMessageContaining("example set");
        assertThatThrownBy(() -> DiffusionListener.builder(BatchOfOneGradients::new).atFractions(10, 0.5, 1.5))
                .hasMessageContaining("1.5");
    }
}
