package org.sgdvi.experiments.trajectory;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.knowm.xchart.XYChart;
import org.sgdvi.core.train.EpochFitter;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.core.train.InferenceEvaluator;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.core.train.TrainSettings;
import org.sgdvi.core.train.Trainer;
import org.sgdvi.core.gradients.DenseBnReluSoftmax;
import org.sgdvi.core.gradients.ExampleMatrix;
import org.sgdvi.core.gradients.FullGradient;
import org.sgdvi.core.train.fused.FusedEpochFitter;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.core.trajectory.TrajectoryAnalysisOptions;
import org.sgdvi.core.trajectory.TrajectoryAnalyzer;
import org.sgdvi.core.trajectory.TrajectoryRecorder;
import org.sgdvi.core.trajectory.TrajectoryStore;
import org.sgdvi.datasets.DataProvenance;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.MiniBatchSampler;
import org.sgdvi.experiments.data.SamplerIterator;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.run.RunTemplate;
import org.sgdvi.experiments.train.TrainingPlots;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;

/**
 * Runs (or resumes) the trajectory experiment of the paper's Fig. 3 into a run folder: trains with
 * a checkpoint every {@link TrajectorySettings#checkpointEvery()} epochs while a
 * {@link TrajectoryRecorder} stores the weights, the inference-mode full-gradient norm and loss
 * after every epoch in {@code trajectory/}; then analyses the snapshots after the burn-in with
 * {@link TrajectoryAnalyzer} and writes them with {@link TrajectoryOutputs} (results.json with a
 * {@code training} section, the Fig. 3 panels, report.html).
 *
 * <p>No per-epoch evaluation runs inside the trainer (the recorder's full-set loss is the train
 * loss); the validation split is scored once at the end. The run folder: config.json,
 * checkpoints/, trajectory/ (the store), results.json, loss.png (the recorded train loss per epoch, also inline
 * in the report), fft.png, autocorrelation.png, increment-autocorrelation.png, grad-norm.png, grad-norm-ewma.npy,
 * model.zip, report.html.
 */
public final class TrajectoryRunner extends RunTemplate<TrajectoryRunner.Outcome> {

    /** The store sub-folder of the run folder. */
    public static final String STORE = "trajectory";

    /** What a finished run leaves for the command. */
    public record Outcome(TrainResult result, TrajectoryAnalysis analysis, String engine, int snapshots,
                          double epochsPerSecond) {
    }

    /**
     * config.json of a trajectory run.
     *
     * @param head       command, arguments, versions, backend
     * @param request    the training request
     * @param trajectory the trajectory settings
     * @param engine     the training engine
     * @param data       where the data came from
     * @param model      the network
     */
    public record TrajectoryConfig(@JsonUnwrapped RunConfig head, TrainRequest request, TrajectorySettings trajectory,
                                   String engine, DataProvenance data, RunConfig.Network model) {
    }

    private final TrajectorySettings t;
    private EpochFitter engine;

    /** A runner of the trajectory settings {@code t} writing into {@code run}, logging to {@code log}. */
    public TrajectoryRunner(RunFolder run, PrintStream log, TrajectorySettings t) {
        super(run, log);
        this.t = t;
    }

    /** Whether {@code run} holds a started trajectory run (a checkpoint). */
    public static boolean started(RunFolder run) {
        return Trainer.hasCheckpoint(run.path(RunFolder.CHECKPOINTS));
    }

    /** The engine named by {@code name} for {@code net}. */
    public static EpochFitter engine(String name, MultiLayerNetwork net) {
        String reason = DenseBnReluSoftmax.unsupportedReason(net);
        return switch (name) {
            case "dl4j" -> EpochFitter.dl4j();
            case "auto" -> reason == null ? new FusedEpochFitter() : EpochFitter.dl4j();
            case "fused" -> {
                if (reason != null) {
                    throw new IllegalArgumentException("--engine fused: " + reason + "; use --engine dl4j");
                }
                yield new FusedEpochFitter();
            }
            default -> throw new IllegalArgumentException("--engine '" + name + "': expected auto, fused or dl4j");
        };
    }

    /** The training set as an example matrix (inputs and one-hot labels). */
    public static ExampleMatrix examples(ImageDataset data) {
        int n = data.size();
        int k = data.numClasses();
        float[] oneHot = new float[n * k];
        int[] labels = data.labels();
        for (int i = 0; i < n; i++) {
            oneHot[i * k + labels[i]] = 1f;
        }
        return new ExampleMatrix(data.images(), oneHot, n, data.pixelsPerImage(), k);
    }

    @Override
    protected void prepare(Start s) {
        engine = engine(t.engine(), s.fresh());
    }

    @Override
    protected Object config(Start s, List<String> argv) {
        TrainRequest r = s.request();
        return new TrajectoryConfig(RunConfig.of("trajectory", argv), r, t, engine.toString(), s.split().provenance(),
                RunConfig.Network.of(r.model(), s.fresh()));
    }

    @Override
    protected TrainResult train(Start s) {
        TrainRequest r = s.request();
        ImageDataset train = s.split().train();
        MiniBatchSampler sampler = TrainRunner.sampler(r, train);
        TrainSettings settings = new TrainSettings(r.epochs(), r.batchSize(), r.seed(), r.optimizer(), 0,
                t.checkpointEvery());
        // the fused kernel for the dense-BN nets, the per-example engine's mean for every other zoo net
        ExampleMatrix examples = examples(train);
        int logEvery = Math.max(1, r.epochs() / 20);
        long[] last = {System.nanoTime()};
        int[] lastEpoch = {-1};
        try (TrajectoryRecorder recorder = new TrajectoryRecorder(run.path(STORE), n -> FullGradient.of(n, examples), t.chunkSize(),
                t.gradNormPeriod())) {
            Trainer trainer = Trainer.builder(settings, new SamplerIterator(sampler))
                    .checkpointDir(run.path(RunFolder.CHECKPOINTS)).listeners(recorder).epochFitter(engine)
                    .onEpoch(m -> {
                        if (lastEpoch[0] < 0) {
                            lastEpoch[0] = m.epoch() - 1;
                        }
                        if (m.epoch() % logEvery == 0 || m.epoch() == r.epochs()) {
                            long now = System.nanoTime();
                            log.printf("epoch %d/%d: lr %.4g, %.1f epochs/s (%s engine)%n", m.epoch(), r.epochs(),
                                    m.learningRate(), (m.epoch() - lastEpoch[0]) / ((now - last[0]) / 1e9), engine);
                            last[0] = now;
                            lastEpoch[0] = m.epoch();
                        }
                    }).build();
            return s.trainOrResume(trainer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Outcome finish(Start s, TrainResult result) {
        TrajectoryInput input;
        XYChart loss;
        try {
            input = TrajectoryInput.load(run.path(STORE), null);
            try (TrajectoryStore store = TrajectoryStore.openReadOnly(run.path(STORE))) {
                loss = TrainingPlots.trainLoss(store.readScalarColumn(TrajectoryRecorder.EPOCH),
                        store.readScalarColumn(TrajectoryRecorder.TRAIN_LOSS),
                        "Training loss per epoch, " + s.request().model() + " on " + s.split().provenance().name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int snapshots = input.matrix().length();
        TrajectoryAnalysisOptions options = TrajectoryAnalysisOptions.defaults().withBurnIn(Math.min(t.burnIn(),
                Math.max(0, snapshots - TrajectoryAnalyzer.MIN_SNAPSHOTS)));
        TrajectoryAnalysis analysis = TrajectoryAnalyzer.analyze(input.matrix(), input.gradNorm(), options);
        double trainSeconds = result.wallSeconds();
        double epochsPerSecond = trainSeconds > 0 ? result.epochsDone() / trainSeconds : Double.NaN;
        TrajectoryOutputs.write(run, analysis, input, training(s, result, snapshots, epochsPerSecond), loss);
        return new Outcome(result, analysis, engine.toString(), snapshots, epochsPerSecond);
    }

    private TrajectoryTraining training(Start s, TrainResult result, int snapshots, double epochsPerSecond) {
        TrainRequest r = s.request();
        DataSplit split = s.split();
        MultiLayerNetwork net = result.network();
        InferenceEvaluator.LossAndError va = InferenceEvaluator.evaluate(net,
                TrainRunner.batches(split.validation(), 1000), 0);
        InferenceEvaluator.LossAndError tr = InferenceEvaluator.evaluate(net, TrainRunner.batches(split.train(), 1000), 0);
        List<EpochMetrics> h = result.history();
        return new TrajectoryTraining(r.model(), split.provenance().name(), split.train().size(), engine.toString(),
                result.epochsDone(), result.iterations(), result.diverged(), t.burnIn(), t.burnInLearningRate(),
                t.learningRate(), r.batchSize(), r.momentum(), snapshots, TrajectoryResults.finite(tr.loss()), TrajectoryResults.finite(1 - tr.error()),
                TrajectoryResults.finite(va.loss()), TrajectoryResults.finite(1 - va.error()), result.wallSeconds(), TrajectoryResults.finite(epochsPerSecond),
                s.elapsedSeconds(), h.isEmpty() ? null : h.get(0).learningRate(),
                h.isEmpty() ? null : h.get(h.size() - 1).learningRate());
    }

    /** Reads the trajectory settings a run folder was started with (for --resume). */
    public static TrajectorySettings readSettings(RunFolder run) {
        try {
            var node = Json.mapper().readTree(run.path(RunFolder.CONFIG).toFile()).get("trajectory");
            if (node == null) {
                throw new IllegalArgumentException(run.path(RunFolder.CONFIG) + ": field trajectory is missing; "
                        + "expected a run folder written by sgdvi trajectory");
            }
            return Json.mapper().treeToValue(node, TrajectorySettings.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(run.path(RunFolder.CONFIG) + ": unreadable (" + e.getMessage() + ")", e);
        }
    }
}
