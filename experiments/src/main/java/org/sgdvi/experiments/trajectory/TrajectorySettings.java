package org.sgdvi.experiments.trajectory;

/**
 * The trajectory experiment's own settings (the paper's Fig. 3), stored in {@code config.json}
 * under {@code trajectory} and read back by {@code --resume}.
 *
 * @param burnIn epochs B trained at {@code burnInLearningRate} and dropped by the analysis
 * @param burnInLearningRate eta during the burn-in (epochs 0 .. B-1)
 * @param learningRate eta after the burn-in (the paper's 1e-3)
 * @param engine "auto" (fused when the network supports it, else dl4j), "fused" or "dl4j"
 * @param checkpointEvery checkpoint period in epochs (the store is cut back to the checkpoint on resume)
 * @param chunkSize snapshots per sealed chunk file of the trajectory store
 * @param gradNormEvery the full-gradient norm is measured at epoch 1 and every this many epochs
 *     (0, as read from an older config.json, means every epoch)
 */
public record TrajectorySettings(int burnIn, double burnInLearningRate, double learningRate, String engine,
                                 int checkpointEvery, int chunkSize, int gradNormEvery) {

    /** Validates the fields; messages name the option. */
    public TrajectorySettings {
        if (burnIn < 0) {
            throw new IllegalArgumentException("--burn-in " + burnIn + ": expected >= 0");
        }
        if (!(burnInLearningRate > 0) || !(learningRate > 0)) {
            throw new IllegalArgumentException("--lr " + learningRate + " / --burn-in-lr " + burnInLearningRate
                    + ": expected positive learning rates");
        }
        if (!java.util.List.of("auto", "fused", "dl4j").contains(engine)) {
            throw new IllegalArgumentException("--engine '" + engine + "': expected auto, fused or dl4j");
        }
        if (gradNormEvery < 0) {
            throw new IllegalArgumentException("--grad-norm-every " + gradNormEvery + ": expected >= 1");
        }
        if (checkpointEvery < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("--checkpoint-every " + checkpointEvery + " / --chunk " + chunkSize
                    + ": expected >= 1");
        }
    }

    /** The gradient-norm period in epochs (at least 1). */
    public int gradNormPeriod() {
        return Math.max(1, gradNormEvery);
    }

    /** The learning-rate schedule in {@link org.sgdvi.experiments.train.TrainRequest} form. */
    public String schedule() {
        return burnIn == 0 ? "constant" : "piecewise:" + burnIn + "=" + learningRate;
    }

    /** eta at epoch 0 ({@code TrainRequest.learningRate}). */
    public double initialLearningRate() {
        return burnIn == 0 ? learningRate : burnInLearningRate;
    }
}
