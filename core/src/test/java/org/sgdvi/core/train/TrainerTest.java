package org.sgdvi.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;

class TrainerTest {

    private static final OptimizerSettings OPTIMIZER = OptimizerSettings.paperDefaults()
            .withLearningRate(LearningRateSchedule.step(0.05, 0.5, 1)).withWeightDecay(1e-4);

    /** What one run sees: data, settings and a freshly built network. */
    private record Setup(String model, double widthScale, DataSet train, DataSet validation, int batch) {

        MultiLayerNetwork network(OptimizerSettings optimizer) {
            return ModelZoo.build(model, ModelOptions.builder().widthScale(widthScale).dataType(DataType.DOUBLE)
                    .dropout(true).optimizer(optimizer).seed(21).build());
        }

        Trainer.Builder trainer(TrainSettings s, Path dir) {
            Trainer.Builder b = Trainer.builder(s, new ShuffledDataSetIterator(train, batch, 77))
                    .trainEvaluation(new ViewIterator(train, 32)).checkpointDir(dir);
            return validation == null ? b : b.validation(new ViewIterator(validation, 32));
        }
    }

    private static Setup lenet() {
        return new Setup("small-lenet", 0.25, SyntheticData.classification(32, 784, 10, 1, DataType.DOUBLE),
                SyntheticData.classification(16, 784, 10, 2, DataType.DOUBLE), 16);
    }

    private static Setup tinyFc() {
        return new Setup("tiny-fc", 0.5, SyntheticData.classification(60, 49, 5, 3, DataType.DOUBLE), null, 16);
    }

    private static TrainSettings settings(int epochs, long seed, int batch) {
        return new TrainSettings(epochs, batch, seed, OPTIMIZER, 40, 1);
    }

    private static List<EpochMetrics> withoutTime(List<EpochMetrics> h) {
        return h.stream().map(EpochMetrics::withoutTime).toList();
    }

    private static void assertSameRun(TrainResult resumed, TrainResult straight) {
        assertThat(resumed.network().params()).isEqualTo(straight.network().params());
        assertThat(resumed.network().getUpdater().getStateViewArray())
                .isEqualTo(straight.network().getUpdater().getStateViewArray());
        assertThat(withoutTime(resumed.history())).isEqualTo(withoutTime(straight.history()));
        assertThat(resumed.iterations()).isEqualTo(straight.iterations());
        assertThat(resumed.epochsDone()).isEqualTo(straight.epochsDone());
        assertThat(resumed.diverged()).isFalse();
    }

    /**
     * small-lenet with BatchNorm and dropout: 3 epochs straight equal 1 epoch, a restart from the
     * checkpoint folder with new objects, and 2 more epochs: weights, BN statistics, momentum
     * buffers and metrics identical. A different seed (other dropout masks) changes the weights, so
     * the equality is not vacuous (the first epoch with another seed already differs).
     */
    @Test
    void resumedRunEqualsUninterruptedRunWithDropoutAndBatchNorm(@TempDir Path tmp) {
        Setup s = lenet();
        TrainResult straight = s.trainer(settings(3, 5, 16), tmp.resolve("a")).build().train(s.network(OPTIMIZER));
        assertThat(straight.epochsDone()).isEqualTo(3);
        assertThat(straight.iterations()).isEqualTo(6);

        TrainResult first = s.trainer(settings(1, 5, 16), tmp.resolve("b")).build().train(s.network(OPTIMIZER));
        assertThat(first.epochsDone()).isEqualTo(1);
        assertThat(Trainer.hasCheckpoint(tmp.resolve("b"))).isTrue();
        TrainResult resumed = s.trainer(settings(3, 5, 16), tmp.resolve("b")).build().resume();
        assertSameRun(resumed, straight);
        assertThat(resumed.history().get(2).learningRate()).isEqualTo(0.05 * 0.25);

        TrainResult otherMasks = s.trainer(settings(1, 6, 16), tmp.resolve("c")).build().train(s.network(OPTIMIZER));
        assertThat(otherMasks.network().params()).isNotEqualTo(first.network().params());
    }

    /**
     * A run killed while writing the epoch-3 checkpoint (a torn model file and a half-written commit
     * record) resumes from epoch 2 and ends as the uninterrupted run; the debris is cleaned up.
     */
    @Test
    void halfWrittenCheckpointIsIgnored(@TempDir Path tmp) throws IOException {
        Setup s = tinyFc();
        List<EpochMetrics> seen = new ArrayList<>();
        List<Integer> iterations = new ArrayList<>();
        EpochCounter counter = new EpochCounter();
        TrainResult straight = s.trainer(settings(3, 5, 16), tmp.resolve("a"))
                .onEpoch(seen::add)
                .onIteration((epoch, it, examples, loss) -> iterations.add(epoch * 100 + it))
                .listeners(counter)
                .build().train(s.network(OPTIMIZER));
        assertThat(seen).isEqualTo(straight.history());
        // 60 examples in batches of 16: 4 steps per epoch
        assertThat(iterations).containsExactly(101, 102, 103, 104, 201, 202, 203, 204, 301, 302, 303, 304);
        assertThat(counter.starts).isEqualTo(3);
        assertThat(counter.ends).isEqualTo(3);
        assertThat(straight.finalMetrics().validationLoss()).isNaN();
        assertThat(straight.finalMetrics().trainLoss()).isFinite();

        Path dir = tmp.resolve("b");
        s.trainer(settings(2, 5, 16), dir).build().train(s.network(OPTIMIZER));
        Files.write(dir.resolve(CheckpointStore.modelFileName(3)), new byte[] {'P', 'K', 3});
        Files.writeString(dir.resolve(CheckpointStore.COMMIT_FILE + ".123" + CheckpointStore.TEMP_SUFFIX),
                "{\"format\":1,\"epoch\":3,\"modelFile\":\"" + CheckpointStore.modelFileName(3), StandardCharsets.UTF_8);
        Files.write(dir.resolve(CheckpointStore.modelFileName(3) + ".456" + CheckpointStore.TEMP_SUFFIX), new byte[7]);

        TrainResult resumed = s.trainer(settings(3, 5, 16), dir).build().resume();
        assertSameRun(resumed, straight);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(CheckpointStore.COMMIT_FILE, CheckpointStore.modelFileName(3));
        }
    }

    /** A rate of 1e300 from epoch 2 on blows the weights up: the run stops, flagged, with epoch 1's metrics. */
    @Test
    void divergenceStopsTheRunWithTheLastFiniteMetrics(@TempDir Path tmp) {
        Setup s = tinyFc();
        OptimizerSettings explosive = OptimizerSettings.sgd(0.1)
                .withLearningRate(LearningRateSchedule.piecewise(Map.of(0, 0.05, 1, 1e300)));
        TrainSettings ts = new TrainSettings(4, 16, 5, explosive, 0, 1);
        TrainResult r = s.trainer(ts, tmp).build().train(s.network(explosive));
        assertThat(r.diverged()).isTrue();
        assertThat(r.epochsDone()).isEqualTo(1);
        assertThat(r.finalMetrics().epoch()).isEqualTo(1);
        assertThat(r.finalMetrics().trainLoss()).isFinite();
        // the last checkpoint is the finite epoch 1
        TrainResult again = s.trainer(ts, tmp).build().resume();
        assertThat(again.diverged()).isTrue();
        assertThat(again.history()).hasSize(1);
    }

    @Test
    void refusesMismatchedSettingsAndOccupiedFolders(@TempDir Path tmp) {
        Setup s = tinyFc();
        Trainer t = s.trainer(settings(1, 5, 16), tmp).build();
        assertThatThrownBy(() -> t.train(s.network(OptimizerSettings.sgd(0.3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updater");
        assertThatThrownBy(() -> s.trainer(settings(1, 5, 32), tmp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(t::resume).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CheckpointStore.COMMIT_FILE);
        t.train(s.network(OPTIMIZER));
        assertThatThrownBy(() -> s.trainer(settings(1, 5, 16), tmp).build().train(s.network(OPTIMIZER)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resume()");
        assertThatThrownBy(() -> s.trainer(settings(2, 6, 16), tmp).build().resume())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed");
    }

    /** Counts epoch callbacks. */
    private static final class EpochCounter extends BaseTrainingListener {
        int starts;
        int ends;

        @Override
        public void onEpochStart(Model model) {
            starts++;
        }

        @Override
        public void onEpochEnd(Model model) {
            ends++;
        }
    }
}
