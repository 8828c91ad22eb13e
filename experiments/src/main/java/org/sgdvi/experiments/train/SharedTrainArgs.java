package org.sgdvi.experiments.train;

import org.sgdvi.experiments.data.DataArgs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training options a single run ({@link TrainArgs}: {@code train}, {@code spectrum},
 * {@code gradients}) and a sweep share, declared once. Each command states its own defaults: the
 * values here are those of a single run, and {@code sweep} supplies its own through a default value
 * provider (its help shows them) and reads an option only when it was typed, so that a sweep file
 * or the stored sweep can fill the rest.
 */
public final class SharedTrainArgs {

    @Mixin
    public DataArgs data = new DataArgs();

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    public int epochs;

    @Option(names = "--lr-schedule", paramLabel = "SPEC", defaultValue = "constant",
            description = "constant, step:GAMMA:EVERY or piecewise:EPOCH=LR,... (default: ${DEFAULT-VALUE}).")
    public String schedule;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0.9", descriptionKey = "momentum",
            description = "Momentum (default: ${DEFAULT-VALUE}).")
    public double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum instead of plain (heavy-ball) momentum.")
    public boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "L2", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    public double weightDecay;

    @Option(names = "--width-scale", paramLabel = "S", defaultValue = "1.0", description = "Multiply every layer width (default: ${DEFAULT-VALUE}).")
    public double widthScale;

    @Option(names = "--no-dropout", description = "Disable the networks' dropout layers.")
    public boolean noDropout;

    @Option(names = "--train-eval", paramLabel = "N", defaultValue = "10000",
            description = "Training examples scored after each epoch, 0 = all (default: ${DEFAULT-VALUE}).")
    public int trainEval;

    @Option(names = "--augment",
            description = "Augment every training mini-batch as the paper's CIFAR-10 runs (Fig. 2c): random "
                    + "horizontal flip, 4-pixel zero padding, random crop back to the image size; drawn from the run's seed, "
                    + "so a resumed run draws the same. Never applied to validation or to the examples D is measured on.")
    public boolean augment;
}
