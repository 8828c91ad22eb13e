package org.sgdvi.experiments.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.core.train.Trainer;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.experiments.train.TrainRequest;

/**
 * The one skeleton of every command that trains into a run folder (train, spectrum, trajectory,
 * sweep trials): load the data, find out whether the folder holds a checkpoint to resume from, let
 * the command prepare its listeners, write config.json (a fresh run only), train or resume, write
 * model.zip, and let the command write its results and report. Subclasses fill in the steps.
 *
 * @param <O> what a finished run gives back to its command
 */
public abstract class RunTemplate<O> {

    /** The run folder written. */
    protected final RunFolder run;
    /** The progress log. */
    protected final PrintStream log;

    /** A run writing into {@code run}, logging to {@code log}. */
    protected RunTemplate(RunFolder run, PrintStream log) {
        this.run = run;
        this.log = log;
    }

    /**
     * What the steps share.
     *
     * @param request    the request (on resume: the one read from config.json, possibly with more epochs)
     * @param split      the loaded data
     * @param resume     whether the run folder holds a checkpoint this run continues from
     * @param startNanos when the run started ({@link System#nanoTime()})
     * @param network    the freshly initialized network of the request, built on first use
     */
    public record Start(TrainRequest request, DataSplit split, boolean resume, long startNanos,
                        Supplier<MultiLayerNetwork> network) {

        /** The freshly initialized network of the request (built on the first call, from the request's seed). */
        public MultiLayerNetwork fresh() {
            return network.get();
        }

        /** Trains the fresh network with {@code trainer}, or resumes from the checkpoint. */
        public TrainResult trainOrResume(Trainer trainer) {
            return resume ? trainer.resume() : trainer.train(fresh());
        }

        /** Seconds since the run started. */
        public double elapsedSeconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /**
     * Runs every step.
     *
     * @param r    the request (on resume: from config.json, possibly with more epochs)
     * @param argv the command's arguments for config.json
     */
    public final O run(TrainRequest r, List<String> argv) {
        long t0 = System.nanoTime();
        DataSplit split = r.loadData();
        ImageDataset train = split.train();
        log.printf("data %s: %d train, %d validation, %d classes, %dx%dx%d (%s)%n", split.provenance().name(),
                train.size(), split.validation().size(), train.numClasses(), train.channels(), train.height(),
                train.width(), split.provenance().source());
        Path checkpoints = run.path(RunFolder.CHECKPOINTS);
        MultiLayerNetwork[] fresh = new MultiLayerNetwork[1];
        Start s = new Start(r, split, Trainer.hasCheckpoint(checkpoints), t0, () -> {
            if (fresh[0] == null) {
                fresh[0] = r.buildNetwork(train);
            }
            return fresh[0];
        });
        prepare(s);
        if (!s.resume()) {
            run.writeJson(RunFolder.CONFIG, config(s, argv));
        } else {
            log.printf("resuming from %s%n", checkpoints);
        }
        TrainResult result = train(s);
        MultiLayerNetwork net = result.network();
        run.writeStream(RunFolder.MODEL_FILE, out -> ModelSerializer.writeModel(net, out, true));
        return finish(s, result);
    }

    /** Step 1: what the command needs before config.json is written (listeners, engine, checks of the request). */
    protected abstract void prepare(Start s);

    /** Step 2: the config.json record of a fresh run. */
    protected abstract Object config(Start s, List<String> argv);

    /** Step 3: trains or resumes ({@link Start#trainOrResume}). */
    protected abstract TrainResult train(Start s);

    /** Step 4: writes results.json, plots and report.html, and returns the outcome. */
    protected abstract O finish(Start s, TrainResult result);
}
