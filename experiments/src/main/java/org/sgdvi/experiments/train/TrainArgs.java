package org.sgdvi.experiments.train;

import org.sgdvi.experiments.data.DataArgs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The training options shared by {@code train}, {@code spectrum}, {@code trajectory} and sweeps. */
public final class TrainArgs {

    @Option(names = "--model", defaultValue = "small-lenet", description = "Network from the zoo (default: ${DEFAULT-VALUE}).")
    public String model;

    @Mixin
    public DataArgs data = new DataArgs();

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    public int epochs;

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate eta (default: ${DEFAULT-VALUE}).")
    public double lr;

    @Option(names = "--lr-schedule", defaultValue = "constant",
            description = "constant, step:GAMMA:EVERY or piecewise:EPOCH=LR,... (default: ${DEFAULT-VALUE}).")
    public String schedule;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size b (default: ${DEFAULT-VALUE}).")
    public int batch;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum (default: ${DEFAULT-VALUE}).")
    public double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum instead of plain (heavy-ball) momentum.")
    public boolean nesterov;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    public double weightDecay;

    @Option(names = "--sampling", defaultValue = "without",
            description = "Mini-batches drawn 'with' or 'without' replacement (default: ${DEFAULT-VALUE}).")
    public String sampling;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialization, sampler and dropout (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--width-scale", defaultValue = "1.0", description = "Multiply every layer width (default: ${DEFAULT-VALUE}).")
    public double widthScale;

    @Option(names = "--no-dropout", description = "Disable the networks' dropout layers.")
    public boolean noDropout;

    @Option(names = "--train-eval", defaultValue = "10000",
            description = "Training examples scored after each epoch, 0 = all (default: ${DEFAULT-VALUE}).")
    public int trainEval;

    /**
     * The request these options describe.
     *
     * @throws IllegalArgumentException naming the option when --epochs or --lr is out of range
     */
    public TrainRequest request() {
        requirePositiveEpochs(epochs);
        requirePositiveLearningRate(lr);
        TrainRequest r = new TrainRequest(model, data.data, data.dataDir == null ? null : data.dataDir.toString(),
                data.downsample, data.classes, data.zca, data.splitSeed, epochs, lr, schedule, batch, momentum,
                nesterov, weightDecay, sampling, seed, widthScale, !noDropout, trainEval);
        r.withReplacement();
        r.optimizer();
        return r;
    }

    /** @throws IllegalArgumentException (a usage error) unless {@code epochs >= 1} */
    public static void requirePositiveEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
    }

    /** @throws IllegalArgumentException (a usage error) unless {@code lr} is a positive finite number */
    public static void requirePositiveLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
    }
}
