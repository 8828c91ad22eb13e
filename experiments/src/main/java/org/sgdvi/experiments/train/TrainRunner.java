package org.sgdvi.experiments.train;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.core.train.TrainSettings;
import org.sgdvi.core.train.Trainer;
import org.sgdvi.datasets.DataProvenance;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.MiniBatchSampler;
import org.sgdvi.datasets.sampling.SubsetSampler;
import org.sgdvi.datasets.sampling.WithReplacementSampler;
import org.sgdvi.datasets.sampling.WithoutReplacementSampler;
import org.sgdvi.datasets.transform.FlipPadCropAugmentation;
import org.sgdvi.experiments.data.SamplerIterator;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.run.RunTemplate;

/**
 * Runs (or resumes) one training run into a run folder: loads the data, builds the network from the
 * zoo, trains with checkpoints after every epoch, and writes config.json, metrics.csv, results.json,
 * model.zip and loss.png. Commands that train (train, spectrum, trajectory, sweep trials) share it
 * and add their own listeners. The per-epoch train loss and error are scored on all of the training
 * split or, when {@code --train-eval N} is smaller, on a uniform sample of N examples seeded with the
 * run's seed ({@link TrainingSubset}; indices in {@value #TRAIN_EVAL_SUBSET}, counts in results.json).
 */
public final class TrainRunner extends RunTemplate<TrainRunner.Outcome> {

    /** Indices (int64, into the training split) of the examples the per-epoch train metrics score. */
    public static final String TRAIN_EVAL_SUBSET = "train-eval-subset.npy";
    /** The loss and error curves. */
    public static final String LOSS_PNG = "loss.png";

    /** What a finished run leaves for the command that asked for it; {@code results} is results.json's training part. */
    public record Outcome(TrainRequest request, DataSplit data, MultiLayerNetwork network, TrainResult result,
                          TrainableLayout layout, int batchesPerEpoch, TrainResults results) {
    }

    /**
     * config.json of a training run: the common head, the request, the data's provenance, the
     * augmentation when {@code --augment} is on, the network, and the command's own entries
     * ({@code extra}: a record or a map whose entries are written at the top level, last).
     *
     * @param head         command, arguments, versions, backend
     * @param request      the training request
     * @param data         where the data came from and how it was transformed
     * @param augmentation the augmentation of {@code --augment}, or null (absent)
     * @param model        the network
     * @param extra        the command's own entries, or null
     */
    public record TrainConfig(@JsonUnwrapped RunConfig head, TrainRequest request, DataProvenance data,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String augmentation, RunConfig.Network model,
                              @JsonIgnore Object extra) {

        /** The entries of {@code extra}, written after the others. */
        @JsonAnyGetter
        public Map<String, Object> extraEntries() {
            return extra == null ? Map.of() : Json.mapper().convertValue(extra, new TypeReference<LinkedHashMap<String, Object>>() { });
        }
    }

    /**
     * results.json of a training run (the training part of a spectrum run's results.json).
     *
     * @param model                 the zoo network
     * @param data                  the data set's name
     * @param dataSource            where the data came from
     * @param trainableWeights      the trainable weights d
     * @param epochs                epochs done
     * @param iterations            mini-batch steps done
     * @param diverged              whether the loss became non-finite
     * @param finalMetrics          the last epoch's metrics ({@code "final"}), or null before any epoch
     * @param validationAccuracy    1 - the last validation error, or null before any epoch
     * @param trainEvaluationSubset the sample the train metrics score ({@code --train-eval}), or null (absent)
     * @param trainSeconds          training time
     * @param wallSeconds           the whole run's time
     */
    @JsonPropertyOrder({"model", "data", "dataSource", "trainableWeights", "epochs", "iterations", "diverged", "final",
            "validationAccuracy", "trainEvaluationSubset", "trainSeconds", "wallSeconds"})
    public record TrainResults(String model, String data, String dataSource, long trainableWeights, int epochs,
                               long iterations, boolean diverged, @JsonProperty("final") EpochMetrics finalMetrics,
                               Double validationAccuracy,
                               @JsonInclude(JsonInclude.Include.NON_NULL) TrainingSubset.Description trainEvaluationSubset,
                               double trainSeconds, double wallSeconds) {
    }

    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<ListenerFactory> listenerFactories = new ArrayList<>();
    private Function<TrainResults, ?> resultsRecord = t -> t;
    private String command;
    private Object extraConfig;
    // set by prepare, used by the later steps of one run
    private MiniBatchSampler sampler;
    private TrainingSubset evalSubset;
    private Trainer.Builder trainerBuilder;
    private final List<EpochMetrics> history = new ArrayList<>();

    /** Makes a listener once the data is loaded (e.g. one that needs the training set or the epoch length). */
    @FunctionalInterface
    public interface ListenerFactory {
        /**
         * @param split the loaded data
         * @param batchesPerEpoch iterations per epoch
         * @param totalIterations iterations of the whole run
         */
        TrainingListener create(DataSplit split, int batchesPerEpoch, long totalIterations);
    }

    /** A runner writing into {@code run}, logging to {@code log}. */
    public TrainRunner(RunFolder run, PrintStream log) {
        super(run, log);
    }

    /** Attaches a DL4J listener to the training run. */
    public TrainRunner listener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Attaches a listener made once the data is loaded. */
    public TrainRunner listener(ListenerFactory factory) {
        listenerFactories.add(factory);
        return this;
    }

    /**
     * What results.json holds, made from the training numbers when training ends (default: them
     * alone); a command that measures during training (spectrum) adds its own.
     */
    public TrainRunner results(Function<TrainResults, ?> record) {
        this.resultsRecord = record;
        return this;
    }


    /**
     * The sampler the request asks for; with {@link TrainRequest#augment()}, each mini-batch it serves
     * is flipped, padded and cropped ({@link #augmentation()}) from a stream seeded by the run's seed,
     * the epoch and the batch, so a resumed run (its sampler restored from the checkpoint) draws the
     * same augmentation. Only training mini-batches come from it.
     */
    public static MiniBatchSampler sampler(TrainRequest r, ImageDataset train) {
        MiniBatchSampler s = r.withReplacement() ? new WithReplacementSampler(train, r.batchSize(), r.seed())
                : new WithoutReplacementSampler(train, r.batchSize(), r.seed());
        return r.augment() ? s.withAugmentation(augmentation()) : s;
    }

    /** The augmentation of {@code --augment}: the paper's flip, 4-pixel pad and crop (Fig. 2c). */
    public static FlipPadCropAugmentation augmentation() {
        return FlipPadCropAugmentation.paper();
    }

    /** Batches of a whole data set for evaluation. */
    public static DataSetIterator batches(ImageDataset data, int batch) {
        List<DataSet> list = new ArrayList<>();
        for (int from = 0; from < data.size(); from += batch) {
            list.add(data.toDataSet(from, Math.min(data.size(), from + batch)));
        }
        return new ListDataSetIterator<>(list, 1);
    }

    /**
     * Trains a fresh run, or resumes it when the run folder holds a checkpoint.
     *
     * @param r the request (on resume: the one read from config.json, possibly with more epochs)
     * @param command the command name for config.json
     * @param argv the command's arguments for config.json
     * @param extraConfig further config.json entries (the command's own settings: a record, or a map), or null
     */
    public Outcome run(TrainRequest r, String command, List<String> argv, Object extraConfig) {
        this.command = command;
        this.extraConfig = extraConfig;
        return run(r, argv);
    }

    @Override
    protected void prepare(Start s) {
        TrainRequest r = s.request();
        ImageDataset train = s.split().train();
        sampler = sampler(r, train);
        TrainSettings settings = new TrainSettings(r.epochs(), r.batchSize(), r.seed(), r.optimizer(),
                Math.min(r.trainEvalExamples(), train.size()), 1);
        List<TrainingListener> all = new ArrayList<>(listeners);
        for (ListenerFactory f : listenerFactories) {
            all.add(f.create(s.split(), sampler.batchesPerEpoch(), (long) sampler.batchesPerEpoch() * r.epochs()));
        }
        evalSubset = r.trainEvalExamples() > 0 && r.trainEvalExamples() < train.size()
                ? TrainingSubset.draw(train, "--train-eval", r.trainEvalExamples(), false, SubsetSampler.Rule.UNIFORM,
                        r.seed(), log::println) : null;
        trainerBuilder = Trainer.builder(settings, new SamplerIterator(sampler))
                .trainEvaluation(batches(evalSubset == null ? train : evalSubset.apply(train), 1000))
                .validation(batches(s.split().validation(), 1000))
                .checkpointDir(run.path(RunFolder.CHECKPOINTS)).listeners(all.toArray(new TrainingListener[0]));
        history.clear();
        if (s.resume()) {
            MetricsCsv.read(run.path(MetricsCsv.FILE)).forEach(history::add);
        }
    }

    @Override
    protected Object config(Start s, List<String> argv) {
        TrainRequest r = s.request();
        return new TrainConfig(RunConfig.of(command, argv), r, s.split().provenance(),
                r.augment() ? augmentation().describe() : null, RunConfig.Network.of(r.model(), s.fresh()), extraConfig);
    }

    @Override
    protected TrainResult train(Start s) {
        TrainRequest r = s.request();
        try (Progress progress = new Progress(r.model(), sampler.batchesPerEpoch(), history.size(), r.epochs(), log)) {
            Trainer trainer = trainerBuilder.onIteration(progress).onEpoch(m -> {
                history.removeIf(h -> h.epoch() >= m.epoch());
                history.add(m);
                MetricsCsv.write(run.path(MetricsCsv.FILE), history);
                progress.epoch(m);
            }).build();
            return s.trainOrResume(trainer);
        }
    }

    @Override
    protected Outcome finish(Start s, TrainResult result) {
        TrainRequest r = s.request();
        DataSplit split = s.split();
        MultiLayerNetwork net = result.network();
        if (!result.history().isEmpty()) {
            run.writePng(LOSS_PNG, TrainingPlots.lossAndError(result.history(), r.model() + " on " + r.data()));
        }
        TrainableLayout layout = TrainableLayout.of(net);
        if (evalSubset != null) {
            evalSubset.write(run, TRAIN_EVAL_SUBSET);
        }
        boolean any = !result.history().isEmpty();
        TrainResults results = new TrainResults(r.model(), split.provenance().name(), split.provenance().source(),
                layout.trainableCount(), result.epochsDone(), result.iterations(), result.diverged(),
                any ? result.finalMetrics() : null, any ? 1 - result.finalMetrics().validationError() : null,
                evalSubset == null ? null : evalSubset.describe(TRAIN_EVAL_SUBSET), result.wallSeconds(),
                s.elapsedSeconds());
        run.writeJson(RunFolder.RESULTS, resultsRecord.apply(results));
        return new Outcome(r, split, net, result, layout, sampler.batchesPerEpoch(), results);
    }

    /**
     * The trained network of a finished run folder (its model.zip, without updater state).
     *
     * @throws IllegalArgumentException naming the folder when it has no model.zip, it cannot be read,
     *                                  or its weights are not finite (a diverged run)
     */
    public static MultiLayerNetwork restoreModel(Path runDir) {
        RunFolder source = RunFolder.open(runDir);
        Path model = source.path(RunFolder.MODEL_FILE);
        if (!model.toFile().isFile()) {
            throw new IllegalArgumentException(runDir + " has no " + RunFolder.MODEL_FILE + "; expected a finished run folder");
        }
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(model + ": unreadable model (" + e.getMessage() + ")", e);
        }
        requireFiniteWeights(net, runDir);
        return net;
    }

    /**
     * Refuses a network whose parameters hold NaN or an infinity (what a diverged run leaves): every
     * quantity computed from it (gradients, D, F) would be NaN.
     *
     * @throws IllegalArgumentException naming the run folder and the first non-finite parameter
     */
    public static void requireFiniteWeights(MultiLayerNetwork net, Path runDir) {
        org.deeplearning4j.nn.api.Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> p : layers[i].paramTable().entrySet()) {
                org.nd4j.linalg.api.ndarray.INDArray v = p.getValue();
                long bad = v.isNaN().castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue()
                        + v.isInfinite().castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
                if (bad > 0) {
                    String name = layers[i].conf().getLayer().getLayerName();
                    throw new IllegalArgumentException(runDir + ": the weights are not finite (parameter " + i + "_"
                            + p.getKey() + (name == null ? "" : " of layer '" + name + "'") + " holds " + bad
                            + " NaN or infinite values of " + v.length() + "); the run diverged, so use a run "
                            + "that finished with finite weights");
                }
            }
        }
    }

    /** Reads the request a run folder was started with (for --resume). */
    public static TrainRequest readRequest(RunFolder run) {
        if (!run.has(RunFolder.CONFIG)) {
            throw new IllegalArgumentException(run.dir() + " is not a run folder (no config.json)");
        }
        var node = run.readJson(RunFolder.CONFIG).get("request");
        if (node == null) {
            throw new IllegalArgumentException(run.path(RunFolder.CONFIG) + ": field request is missing");
        }
        try {
            return Json.mapper().treeToValue(node, TrainRequest.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(run.path(RunFolder.CONFIG) + ": unreadable (" + e.getMessage() + ")", e);
        }
    }
}
