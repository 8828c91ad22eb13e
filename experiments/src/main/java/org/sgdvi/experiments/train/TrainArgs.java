package org.sgdvi.experiments.train;

import org.sgdvi.experiments.data.DataArgs;
import org.sgdvi.experiments.data.Replacement;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of one training run ({@code train}, {@code spectrum}, {@code gradients}): the network, eta, b,
 * the sampling and the seed, plus the options a sweep shares ({@link SharedTrainArgs}).
 */
public final class TrainArgs {

    @Option(names = "--model", defaultValue = "small-lenet", description = "Network from the zoo (default: ${DEFAULT-VALUE}).")
    public String model;

    @Mixin
    public SharedTrainArgs shared = new SharedTrainArgs();

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate eta (default: ${DEFAULT-VALUE}).")
    public double lr;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size b (default: ${DEFAULT-VALUE}).")
    public int batch;

    @Option(names = "--sampling", defaultValue = "without", converter = Replacement.Converter.class,
            description = "Mini-batches drawn 'with' or 'without' replacement (default: ${DEFAULT-VALUE}).")
    public Replacement sampling;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of initialization, sampler, augmentation and dropout (default: ${DEFAULT-VALUE}).")
    public long seed;

    /**
     * The request these options describe.
     *
     * @throws IllegalArgumentException naming the option when --epochs or --lr is out of range
     */
    public TrainRequest request() {
        SharedTrainArgs s = shared;
        DataArgs data = s.data;
        requirePositiveEpochs(s.epochs);
        requirePositiveLearningRate(lr);
        TrainRequest r = new TrainRequest(model, data.data, data.dataDir == null ? null : data.dataDir.toString(),
                data.downsample, data.classes, data.zca, data.splitSeed, s.epochs, lr, s.schedule, batch, s.momentum,
                s.nesterov, s.weightDecay, sampling.cliName(), seed, s.widthScale, !s.noDropout, s.trainEval, s.augment);
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
