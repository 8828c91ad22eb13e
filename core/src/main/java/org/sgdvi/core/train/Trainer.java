package org.sgdvi.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Trains a network epoch by epoch with mini-batch SGD, x_{t+1} = x_t - eta_e (update from the
 * mini-batch gradient of the mean loss), the SGD the paper analyses, and makes the run resumable.
 *
 * <p>Each epoch e (0-based): ND4J's generator is reseeded with {@link TrainSettings#epochSeed(int)};
 * listeners get {@code onEpochStart}; the training iterator is drained with one {@code fit} per
 * mini-batch (or the {@link EpochFitter} set with {@link Builder#epochFitter}); listeners get {@code onEpochEnd}; the epoch counter advances (so epoch-based
 * learning-rate schedules see e + 1 next); the iterator is {@code reset()}; train (a fixed subset,
 * {@link TrainSettings#trainEvaluationExamples()}) and validation loss and error are measured in
 * inference mode ({@link InferenceEvaluator}); a checkpoint is written ({@link CheckpointStore}).
 * A run killed at any moment resumes from its last checkpoint with {@link #resume()} and then
 * produces the same weights, updater state and metrics as an uninterrupted run.
 *
 * <p>If a mini-batch loss or an evaluated loss is NaN or infinite, training stops and the result is
 * flagged {@code diverged} with the metrics of the last finite epoch; nothing is thrown and no
 * checkpoint is written for the diverged epoch.
 */
public final class Trainer {

    private final TrainSettings settings;
    private final ResumableDataSetIterator trainData;
    private final DataSetIterator trainEvaluation;
    private final DataSetIterator validation;
    private final CheckpointStore checkpoints;
    private final List<TrainingListener> listeners;
    private final Consumer<EpochMetrics> onEpoch;
    private final IterationProgress onIteration;
    private final EpochFitter fitter;

    private Trainer(Builder b) {
        this.settings = b.settings;
        this.trainData = b.trainData;
        this.trainEvaluation = b.trainEvaluation;
        this.validation = b.validation;
        this.checkpoints = b.checkpointDir == null ? null : new CheckpointStore(b.checkpointDir);
        this.listeners = List.copyOf(b.listeners);
        this.onEpoch = b.onEpoch;
        this.onIteration = b.onIteration;
        this.fitter = b.fitter;
    }

    /** A trainer for the given settings drawing mini-batches from {@code trainData}. */
    public static Builder builder(TrainSettings settings, ResumableDataSetIterator trainData) {
        return new Builder(settings, trainData);
    }

    /** Whether {@code checkpointDir} holds a complete checkpoint. */
    public static boolean hasCheckpoint(Path checkpointDir) {
        return new CheckpointStore(checkpointDir).exists();
    }

    /**
     * Trains {@code net} from its current epoch count (0 for a fresh network) up to
     * {@code settings.epochs()}. Refuses to start if the checkpoint folder already holds a
     * checkpoint (use {@link #resume()}).
     */
    public TrainResult train(MultiLayerNetwork net) {
        if (checkpoints != null && checkpoints.exists()) {
            throw new IllegalStateException("checkpoint folder " + checkpoints.dir()
                    + " already holds a checkpoint; call resume() or use an empty folder");
        }
        requireMatchingUpdater(net);
        return run(net, new ArrayList<>(), 0.0);
    }

    /**
     * Continues the run saved in the checkpoint folder: loads the network with its updater state,
     * restores the training iterator and the metrics so far, and trains up to
     * {@code settings.epochs()}.
     */
    public TrainResult resume() {
        if (checkpoints == null) {
            throw new IllegalStateException("resume() needs a checkpoint folder (Builder.checkpointDir)");
        }
        CheckpointStore.State s = checkpoints.readState().orElseThrow(() -> new IllegalStateException(
                "checkpoint folder " + checkpoints.dir() + " holds no complete checkpoint ("
                        + CheckpointStore.COMMIT_FILE + " is missing)"));
        if (s.settings().seed() != settings.seed()) {
            throw new IllegalArgumentException("checkpoint " + checkpoints.dir() + ": field settings.seed = "
                    + s.settings().seed() + ", but this trainer has seed " + settings.seed()
                    + "; expected the same seed to reproduce the run");
        }
        MultiLayerNetwork net = checkpoints.readNetwork(s);
        if (net.getEpochCount() != s.epoch()) {
            throw new IllegalStateException("checkpoint " + checkpoints.dir() + ": model epoch count "
                    + net.getEpochCount() + " differs from field epoch = " + s.epoch());
        }
        requireMatchingUpdater(net);
        trainData.restore(s.iterator());
        return run(net, new ArrayList<>(s.history()), s.wallSeconds());
    }

    private TrainResult run(MultiLayerNetwork net, List<EpochMetrics> history, double priorWallSeconds) {
        if (!listeners.isEmpty()) {
            net.addListeners(listeners.toArray(new TrainingListener[0]));
        }
        long start = System.nanoTime();
        Collection<TrainingListener> all = net.getListeners();
        for (int e = net.getEpochCount(); e < settings.epochs(); e++) {
            long t0 = System.nanoTime();
            double lr = learningRate(net, e);
            Nd4j.getRandom().setSeed(settings.epochSeed(e));
            notifyEpoch(all, net, true);
            if (!trainData.hasNext()) {
                trainData.reset();
            }
            if (!fitEpoch(net, e)) {
                return result(net, history, true, priorWallSeconds, start);
            }
            notifyEpoch(all, net, false);
            net.incrementEpochCount();
            trainData.reset();
            InferenceEvaluator.LossAndError tr = trainEvaluation == null ? InferenceEvaluator.LossAndError.NONE
                    : InferenceEvaluator.evaluate(net, trainEvaluation, settings.trainEvaluationExamples());
            InferenceEvaluator.LossAndError va = validation == null ? InferenceEvaluator.LossAndError.NONE
                    : InferenceEvaluator.evaluate(net, validation, 0);
            EpochMetrics m = new EpochMetrics(e + 1, tr.loss(), tr.error(), va.loss(), va.error(), lr,
                    (System.nanoTime() - t0) / 1e9);
            if (!m.lossesFinite(trainEvaluation != null, validation != null)) {
                return result(net, history, true, priorWallSeconds, start);
            }
            history.add(m);
            if (onEpoch != null) {
                onEpoch.accept(m);
            }
            if (checkpoints != null && ((e + 1) % settings.checkpointEvery() == 0 || e + 1 == settings.epochs())) {
                checkpoints.write(net, new CheckpointStore.State(CheckpointStore.FORMAT, e + 1,
                        CheckpointStore.modelFileName(e + 1), trainData.state(), settings.epochSeed(e + 1),
                        history, priorWallSeconds + (System.nanoTime() - start) / 1e9, settings));
            }
        }
        return result(net, history, false, priorWallSeconds, start);
    }

    /** One pass over the training iterator; false when a mini-batch loss is not finite. */
    private boolean fitEpoch(MultiLayerNetwork net, int epoch) {
        return fitter.fitEpoch(net, trainData, epoch, onIteration);
    }

    private static void notifyEpoch(Collection<TrainingListener> all, MultiLayerNetwork net, boolean start) {
        if (all == null) {
            return;
        }
        for (TrainingListener l : all) {
            if (start) {
                l.onEpochStart(net);
            } else {
                l.onEpochEnd(net);
            }
        }
    }

    private TrainResult result(MultiLayerNetwork net, List<EpochMetrics> history, boolean diverged,
                               double priorWallSeconds, long start) {
        return new TrainResult(net, history, diverged, history.size(),
                priorWallSeconds + (System.nanoTime() - start) / 1e9, net.getIterationCount());
    }

    /** eta for epoch e as the network's updater computes it. */
    private static double learningRate(MultiLayerNetwork net, int epoch) {
        for (Layer layer : net.getLayers()) {
            for (String key : layer.paramTable().keySet()) {
                IUpdater u = layer.conf().getLayer().getUpdaterByParam(key);
                if (u != null && u.hasLearningRate()) {
                    return u.getLearningRate(net.getIterationCount(), epoch);
                }
            }
        }
        return Double.NaN;
    }

    /** Every trainable parameter must use the updater that {@code settings.optimizer()} describes. */
    private void requireMatchingUpdater(MultiLayerNetwork net) {
        IUpdater expected = settings.optimizer().toUpdater();
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, INDArray> p : layers[i].paramTable().entrySet()) {
                if (!isTrainable(p.getKey())) {
                    continue;
                }
                IUpdater actual = layers[i].conf().getLayer().getUpdaterByParam(p.getKey());
                if (!expected.equals(actual)) {
                    throw new IllegalArgumentException("network parameter " + i + "_" + p.getKey()
                            + " uses updater " + actual + ", but TrainSettings.optimizer gives " + expected
                            + "; expected the network to be built with the same OptimizerSettings");
                }
            }
        }
    }

    private static boolean isTrainable(String key) {
        return !(key.equals("mean") || key.equals("var") || key.equals("log10stdev"));
    }

    /** Builder for {@link Trainer}. */
    public static final class Builder {
        private final TrainSettings settings;
        private final ResumableDataSetIterator trainData;
        private DataSetIterator trainEvaluation;
        private DataSetIterator validation;
        private Path checkpointDir;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Consumer<EpochMetrics> onEpoch;
        private IterationProgress onIteration;
        private EpochFitter fitter = EpochFitter.dl4j();

        private Builder(TrainSettings settings, ResumableDataSetIterator trainData) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.trainData = Objects.requireNonNull(trainData, "trainData");
            if (trainData.batch() > 0 && trainData.batch() != settings.batchSize()) {
                throw new IllegalArgumentException("training iterator delivers batches of " + trainData.batch()
                        + ", but TrainSettings.batchSize = " + settings.batchSize() + "; expected them equal");
            }
        }

        /** Data for the per-epoch train loss/error (its first trainEvaluationExamples examples). */
        public Builder trainEvaluation(DataSetIterator data) {
            this.trainEvaluation = data;
            return this;
        }

        /** Data for the per-epoch validation loss/error. */
        public Builder validation(DataSetIterator data) {
            this.validation = data;
            return this;
        }

        /** Folder for checkpoints; none are written without it. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** DL4J listeners to attach to the network (also after a resume). */
        public Builder listeners(TrainingListener... ls) {
            listeners.addAll(List.of(ls));
            return this;
        }

        /** Called with each epoch's metrics. */
        public Builder onEpoch(Consumer<EpochMetrics> callback) {
            this.onEpoch = callback;
            return this;
        }

        /** Called after each mini-batch step. */
        public Builder onIteration(IterationProgress callback) {
            this.onIteration = callback;
            return this;
        }

        /**
         * The engine that performs each epoch's steps (default {@link EpochFitter#dl4j()}). DL4J
         * listeners' per-iteration hooks only fire with the DL4J engine; epoch hooks always fire.
         */
        public Builder epochFitter(EpochFitter engine) {
            this.fitter = Objects.requireNonNull(engine, "engine");
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
