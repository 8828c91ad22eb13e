package org.sgdvi.experiments.train;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.experiments.run.RunFolder;
import picocli.CommandLine.Option;

/**
 * {@code --weights RUN_DIR}: measure the trained network of a run folder (its model.zip and the request in its
 * config.json) instead of a seeded initialization, for the commands that otherwise build one ({@code gradients},
 * {@code bench matrix-free}). A command whose use is narrower says so in its resource bundle (picocli
 * {@code descriptionKey}: weights).
 */
public final class WeightsArgs {

    @Option(names = "--weights", paramLabel = "RUN_DIR", descriptionKey = "weights",
            description = "Use the trained model of this run folder (model.zip); without it, a seeded initialization.")
    public Path run;

    /** @return whether --weights was given */
    public boolean given() {
        return run != null;
    }

    /** @return the training request of the run in --weights */
    public TrainRequest request() {
        return TrainRunner.readRequest(RunFolder.open(run));
    }

    /** @return the trained network of the run in --weights */
    public MultiLayerNetwork network() {
        return TrainRunner.restoreModel(run);
    }
}
