package org.sgdvi.core.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.train.EpochFitter;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.core.train.fused.FusedEpochFitter;

/**
 * The trajectory recorder: one row per epoch with the network's weights, the epoch, the
 * inference-mode loss (checked against DL4J's {@code score(data, false)}) and gradient norm;
 * recording does not change training; after a crash between the store append and the checkpoint
 * (simulated, and for real with a child JVM killed at seeded moments) a resumed run yields exactly
 * the rows of an uninterrupted run; a store behind the checkpoint or of another run is refused.
 */
class TrajectoryRecorderTest {

    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    private static float[][] rows(Path run) throws Exception {
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(RecordingRun.store(run))) {
            return s.readAll();
        }
    }

    private static double[][] scalars(Path run) throws Exception {
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(RecordingRun.store(run))) {
            return s.readScalars();
        }
    }

    @Test
    void recordsOneRowPerEpochWithoutChangingTraining() throws Exception {
        Path run = dir.resolve("run");
        TrainResult recorded = RecordingRun.train(run, EPOCHS, 1, EpochFitter.dl4j(), null);
        MultiLayerNetwork plain = RecordingRun.network();
        org.sgdvi.core.train.Trainer.builder(new org.sgdvi.core.train.TrainSettings(EPOCHS, 32, 77,
                RecordingRun.OPTIMIZER, 0, 1), new org.sgdvi.core.train.ShuffledDataSetIterator(RecordingRun.DATA, 32, 5))
                .build().train(plain);
        assertThat(recorded.network().params().toFloatVector()).as("training with and without the recorder")
                .containsExactly(plain.params().toFloatVector());

        float[][] w = rows(run);
        double[][] s = scalars(run);
        assertThat(w).hasNumberOfRows(EPOCHS);
        for (int k = 0; k < EPOCHS; k++) {
            assertThat(s[k][0]).isEqualTo(k + 1.0);
        }
        MultiLayerNetwork last = recorded.network();
        assertThat(w[EPOCHS - 1]).containsExactly(TrainableLayout.of(last).gather(last, DataType.FLOAT).toFloatVector());
        assertThat(s[EPOCHS - 1][2]).as("trainLoss = DL4J's inference-mode score")
                .isCloseTo(last.score(RecordingRun.DATA, false), org.assertj.core.data.Offset.offset(1e-5));
        double[] g = new double[w[0].length];
        org.sgdvi.core.gradients.FullGradient.of(last, org.sgdvi.core.gradients.ExampleMatrix.of(RecordingRun.DATA))
                .evaluate(TrainableLayout.of(last).gather(last, DataType.FLOAT), g);
        double sq = 0;
        for (double v : g) {
            sq += v * v;
        }
        assertThat(s[EPOCHS - 1][1]).isCloseTo(Math.sqrt(sq / g.length), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s[0][1]).as("gradient norm changes along the run").isNotEqualTo(s[EPOCHS - 1][1]);
    }

    /** Throws at the end of one epoch, after the recorder (attached first) appended its row. */
    private static final class CrashAfterRecording extends BaseTrainingListener {
        private final int epoch;

        CrashAfterRecording(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void onEpochEnd(Model model) {
            if (((MultiLayerNetwork) model).getEpochCount() + 1 == epoch) {
                throw new IllegalStateException("simulated crash after recording epoch " + epoch);
            }
        }
    }

    @Test
    void storeAheadOfTheCheckpointIsCutBackAndResumeMatchesAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight");
        RecordingRun.train(straight, EPOCHS, 1, new FusedEpochFitter(), null);

        Path crashed = dir.resolve("crashed");
        assertThatThrownBy(() -> RecordingRun.train(crashed, EPOCHS, 2, new FusedEpochFitter(), null,
                new CrashAfterRecording(4))).hasMessageContaining("simulated crash");
        assertThat(rows(crashed)).as("rows recorded before the crash").hasNumberOfRows(4);
        // the checkpoint is at epoch 2 (every 2 epochs; epoch 4's was never written)
        RecordingRun.train(crashed, EPOCHS, 2, new FusedEpochFitter(), null);

        assertThat(rows(crashed)).isDeepEqualTo(rows(straight));
        assertThat(scalars(crashed)).isDeepEqualTo(scalars(straight));
    }

    @Test
    void storeBehindTheCheckpointOrFromAnotherRunIsRefused() throws Exception {
        Path run = dir.resolve("behind");
        RecordingRun.train(run, 3, 1, new FusedEpochFitter(), null);
        try (TrajectoryStore s = TrajectoryStore.openForAppend(RecordingRun.store(run))) {
            s.truncateTo(1);
        }
        assertThatThrownBy(() -> RecordingRun.train(run, 5, 1, new FusedEpochFitter(), null))
                .hasMessageContaining("missing");

        Path other = dir.resolve("other");
        RecordingRun.train(other, 3, 1, new FusedEpochFitter(), null);
        try (TrajectoryStore s = TrajectoryStore.openForAppend(RecordingRun.store(other))) {
            s.truncateTo(2);
            s.append(new float[s.layout().dimension()], 3, 0, 0);
        }
        assertThatThrownBy(() -> RecordingRun.train(other, 5, 1, new FusedEpochFitter(), null))
                .hasMessageContaining("different runs");
    }

    @Test
    void childKilledAtSeededMomentsResumesToTheRowsOfAnUninterruptedRun() throws Exception {
        int epochs = 12;
        Path straight = dir.resolve("straight");
        RecordingRun.train(straight, epochs, 1, EpochFitter.dl4j(), null);

        Path run = dir.resolve("killed");
        SplittableRandom random = new SplittableRandom(20180117L);
        int seen = 0;
        for (int round = 0; round < 3; round++) {
            seen = runChildUntilKilled(run, epochs, seen + 1 + random.nextInt(3), round);
        }
        RecordingRun.train(run, epochs, 1, EpochFitter.dl4j(), null);
        assertThat(rows(run)).isDeepEqualTo(rows(straight));
        assertThat(scalars(run)).isDeepEqualTo(scalars(straight));
    }

    /** Runs the child until it reported epoch {@code target}, then kills it; returns the last epoch reported. */
    private int runChildUntilKilled(Path run, int epochs, int target, int round) throws Exception {
        return KilledChild.runUntil(List.of("-Xmx512m"), TrajectoryRecorderCrashChild.class,
                List.of(run.toString(), Integer.toString(epochs)), target, dir.resolve("child-" + round + ".err"), "epoch");
    }
}
