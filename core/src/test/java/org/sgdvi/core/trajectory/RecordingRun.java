package org.sgdvi.core.trajectory;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.train.EpochFitter;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.ShuffledDataSetIterator;
import org.sgdvi.core.train.SyntheticData;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.core.train.TrainSettings;
import org.sgdvi.core.train.Trainer;
import org.sgdvi.core.gradients.ExampleMatrix;
import org.sgdvi.core.gradients.FullGradient;

/**
 * A small recorded training run shared by the recorder tests and the crash child: tiny-fc on 96
 * seeded synthetic examples, batch 32, momentum 0.9, checkpoints in {@code run/checkpoints}, the
 * trajectory in {@code run/trajectory} (chunks of 3 rows, so sealing happens often).
 */
final class RecordingRun {

    static final DataSet DATA = SyntheticData.classification(96, 49, 5, 31, DataType.FLOAT);
    static final OptimizerSettings OPTIMIZER = OptimizerSettings.paperDefaults()
            .withLearningRate(org.sgdvi.core.train.LearningRateSchedule.constant(0.05));
    static final int CHUNK = 3;

    private RecordingRun() {
    }

    static MultiLayerNetwork network() {
        return ModelZoo.build("tiny-fc", ModelOptions.builder().numClasses(5).seed(4).dropout(false)
                .optimizer(OPTIMIZER).build());
    }

    static Path store(Path run) {
        return run.resolve("trajectory");
    }

    /**
     * Trains (or resumes, when {@code run} holds a checkpoint) up to {@code epochs}, recording.
     *
     * @param checkpointEvery checkpoint period in epochs
     * @param extra further listeners, attached after the recorder
     * @param onEpoch called with each epoch's metrics before its checkpoint is written
     */
    static TrainResult train(Path run, int epochs, int checkpointEvery, EpochFitter engine, Consumer<EpochMetrics> onEpoch,
                             TrainingListener... extra) throws Exception {
        TrainSettings settings = new TrainSettings(epochs, 32, 77, OPTIMIZER, 0, checkpointEvery);
        try (TrajectoryRecorder recorder = new TrajectoryRecorder(store(run),
                n -> FullGradient.of(n, ExampleMatrix.of(DATA)), CHUNK)) {
            TrainingListener[] all = new TrainingListener[extra.length + 1];
            all[0] = recorder;
            System.arraycopy(extra, 0, all, 1, extra.length);
            Trainer trainer = Trainer.builder(settings, new ShuffledDataSetIterator(DATA, 32, 5))
                    .checkpointDir(run.resolve("checkpoints")).listeners(all).epochFitter(engine)
                    .onEpoch(onEpoch == null ? m -> { } : onEpoch).build();
            return Trainer.hasCheckpoint(run.resolve("checkpoints")) ? trainer.resume() : trainer.train(network());
        }
    }
}
