package org.sgdvi.experiments.trajectory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.core.models.TrainableLayout;
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
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.MiniBatchSampler;
import org.sgdvi.experiments.data.SamplerIterator;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
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
 * checkpoints/, trajectory/ (the store), results.json, fft.png, autocorrelation.png,
 * increment-autocorrelation.png, grad-norm.png, grad-norm-ewma.npy, model.zip, report.html.
 */
public final class TrajectoryRunner {

    /** The store sub-folder of the run folder. */
    public static final String STORE = "trajectory";

    /** What a finished run leaves for the command. */
    public record Outcome(TrainResult result, TrajectoryAnalysis analysis, String engine, int snapshots,
                          double epochsPerSecond) {
    }

    private final RunFolder run;
    private final PrintStream log;

    /** A runner writing into {@code run}, logging to {@code log}. */
    public TrajectoryRunner(RunFolder run, PrintStream log) {
        this.run = run;
        this.log = log;
    }

    /** Whether {@code run} holds a started trajectory run (a checkpoint). */
    public static boolean started(RunFolder run) {
        return Trainer.hasCheckpoint(run.path(TrainRunner.CHECKPOINTS));
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

    /**
     * Trains or resumes, records, analyses and writes everything.
     *
     * @param r the training request (on resume: from config.json, possibly with more epochs)
     * @param t the trajectory settings
     * @param argv the command line for config.json
     */
    public Outcome run(TrainRequest r, TrajectorySettings t, List<String> argv) {
        long t0 = System.nanoTime();
        DataSplit split = TrainRunner.loadData(r);
        ImageDataset train = split.train();
        log.printf("data %s: %d train, %d validation, %d classes, %dx%dx%d (%s)%n", split.provenance().name(),
                train.size(), split.validation().size(), train.numClasses(), train.channels(), train.height(),
                train.width(), split.provenance().source());
        boolean resume = started(run);
        MultiLayerNetwork fresh = TrainRunner.buildNetwork(r, train);
        EpochFitter engine = engine(t.engine(), fresh);
        if (!resume) {
            Map<String, Object> config = RunConfig.base("trajectory", argv);
            config.put("request", r);
            config.put("trajectory", t);
            config.put("engine", engine.toString());
            config.put("data", split.provenance());
            config.put("model", Map.of("name", r.model(), "trainableWeights",
                    TrainableLayout.of(fresh).trainableCount(), "totalParams", fresh.numParams()));
            run.writeJson(RunFolder.CONFIG, config);
        } else {
            log.printf("resuming from %s%n", run.path(TrainRunner.CHECKPOINTS));
        }
        MiniBatchSampler sampler = TrainRunner.sampler(r, train);
        TrainSettings settings = new TrainSettings(r.epochs(), r.batchSize(), r.seed(), r.optimizer(), 0,
                t.checkpointEvery());
        // the fused kernel for the dense-BN nets, the per-example engine's mean for every other zoo net
        ExampleMatrix examples = examples(train);
        int logEvery = Math.max(1, r.epochs() / 20);
        long[] last = {System.nanoTime()};
        int[] lastEpoch = {-1};
        TrainResult result;
        try (TrajectoryRecorder recorder = new TrajectoryRecorder(run.path(STORE), n -> FullGradient.of(n, examples), t.chunkSize(),
                t.gradNormPeriod())) {
            Trainer trainer = Trainer.builder(settings, new SamplerIterator(sampler))
                    .checkpointDir(run.path(TrainRunner.CHECKPOINTS)).listeners(recorder).epochFitter(engine)
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
            result = resume ? trainer.resume() : trainer.train(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultiLayerNetwork net = result.network();
        run.writeStream(TrainRunner.MODEL_FILE,
                out -> org.deeplearning4j.util.ModelSerializer.writeModel(net, out, true));
        TrajectoryInput input;
        try {
            input = TrajectoryInput.load(run.path(STORE), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int snapshots = input.matrix().length();
        TrajectoryAnalysisOptions options = TrajectoryAnalysisOptions.defaults().withBurnIn(Math.min(t.burnIn(),
                Math.max(0, snapshots - TrajectoryAnalyzer.MIN_SNAPSHOTS)));
        TrajectoryAnalysis analysis = TrajectoryAnalyzer.analyze(input.matrix(), input.gradNorm(), options);
        double trainSeconds = result.wallSeconds();
        double epochsPerSecond = trainSeconds > 0 ? result.epochsDone() / trainSeconds : Double.NaN;
        TrajectoryOutputs.write(run, analysis, input, training(r, t, engine, split, net, result, snapshots,
                epochsPerSecond, (System.nanoTime() - t0) / 1e9));
        return new Outcome(result, analysis, engine.toString(), snapshots, epochsPerSecond);
    }

    private static Map<String, Object> training(TrainRequest r, TrajectorySettings t, EpochFitter engine, DataSplit split,
                                                MultiLayerNetwork net, TrainResult result, int snapshots,
                                                double epochsPerSecond, double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("data", split.provenance().name());
        m.put("trainExamples", split.train().size());
        m.put("engine", engine.toString());
        m.put("epochs", result.epochsDone());
        m.put("iterations", result.iterations());
        m.put("diverged", result.diverged());
        m.put("burnIn", t.burnIn());
        m.put("burnInLearningRate", t.burnInLearningRate());
        m.put("learningRate", t.learningRate());
        m.put("batchSize", r.batchSize());
        m.put("momentum", r.momentum());
        m.put("snapshots", snapshots);
        InferenceEvaluator.LossAndError va = InferenceEvaluator.evaluate(net,
                TrainRunner.batches(split.validation(), 1000), 0);
        InferenceEvaluator.LossAndError tr = InferenceEvaluator.evaluate(net, TrainRunner.batches(split.train(), 1000), 0);
        m.put("finalTrainLoss", finite(tr.loss()));
        m.put("finalTrainAccuracy", finite(1 - tr.error()));
        m.put("finalValidationLoss", finite(va.loss()));
        m.put("finalValidationAccuracy", finite(1 - va.error()));
        m.put("trainSeconds", result.wallSeconds());
        m.put("epochsPerSecond", finite(epochsPerSecond));
        m.put("wallSeconds", wallSeconds);
        List<Double> rates = new ArrayList<>();
        for (EpochMetrics e : result.history()) {
            rates.add(e.learningRate());
        }
        m.put("learningRateFirst", rates.isEmpty() ? null : rates.get(0));
        m.put("learningRateLast", rates.isEmpty() ? null : rates.get(rates.size() - 1));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
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
