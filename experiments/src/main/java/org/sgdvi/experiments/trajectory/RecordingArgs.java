package org.sgdvi.experiments.trajectory;

import picocli.CommandLine.Option;

/**
 * How a long trajectory run records itself ({@link TrajectorySettings}): a checkpoint every {@code --checkpoint-every}
 * epochs and the full-gradient norm (Fig. 3c of arXiv 1710.11029) at epoch 1 and every {@code --grad-norm-every}
 * epochs; {@code trajectory} records so, and {@code bench trajectory} projects the cost of the paper's 10^5 epochs
 * recorded so. Each command states its defaults through the constructor and, where the options mean something
 * narrower, its own descriptions in its resource bundle (picocli {@code descriptionKey}: checkpointEvery,
 * gradNormEvery).
 */
public final class RecordingArgs {

    @Option(names = "--checkpoint-every", descriptionKey = "checkpointEvery", description = "Checkpoint period in epochs.")
    public int checkpointEvery;

    @Option(names = "--grad-norm-every", descriptionKey = "gradNormEvery",
            description = "Measure the full-gradient norm at epoch 1 and every K epochs (a full pass costs about an epoch).")
    public int gradNormEvery;

    /** For picocli; the command's default periods, in epochs. */
    public RecordingArgs(int checkpointEvery, int gradNormEvery) {
        this.checkpointEvery = checkpointEvery;
        this.gradNormEvery = gradNormEvery;
    }
}
