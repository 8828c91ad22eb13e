package org.sgdvi.core.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The SGD optimizer of the paper's experiments: learning rate eta_e (a schedule over epochs), momentum
 * mu, Nesterov or plain momentum, and weight decay lambda.
 *
 * <p>Updater: momentum 0 gives DL4J's {@link Sgd} (x &lt;- x - eta g); {@code nesterov} gives DL4J's
 * {@link Nesterovs}; otherwise {@link PlainMomentum} (what the authors' code runs).
 *
 * <p>Weight decay follows the paper's (PyTorch) convention {@code weight_decay = 1e-4}: the
 * gradient becomes g + lambda x BEFORE the momentum step, i.e. an L2 penalty (lambda / 2)||x||^2
 * added to the loss. In DL4J that is {@code l2(lambda)} and {@code l2Bias(lambda)} (applied before
 * the updater), not {@code weightDecay(lambda)} (which DL4J applies after the updater, decoupled as
 * in AdamW). One deviation from PyTorch: DL4J never regularizes BatchNorm gamma/beta, PyTorch's
 * {@code weight_decay} does.
 *
 * @param learningRate eta_e
 * @param momentum mu in [0, 1)
 * @param nesterov Nesterov momentum instead of plain momentum (ignored when mu = 0)
 * @param weightDecay lambda &gt;= 0 (L2 coefficient on weights and biases)
 */
public record OptimizerSettings(LearningRateSchedule learningRate, double momentum, boolean nesterov,
                                double weightDecay) {

    public OptimizerSettings {
        if (learningRate == null) {
            throw new IllegalArgumentException("optimizer settings: learningRate is missing, expected a schedule");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("optimizer settings: momentum = " + momentum
                    + ", expected 0 <= momentum < 1");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("optimizer settings: weightDecay = " + weightDecay
                    + ", expected a finite number >= 0");
        }
    }

    /** The paper's MNIST setting: eta = 0.1 constant, plain momentum 0.9, no weight decay. */
    public static OptimizerSettings paperDefaults() {
        return new OptimizerSettings(LearningRateSchedule.constant(0.1), 0.9, false, 0.0);
    }

    /** Plain SGD with a constant rate, no momentum, no weight decay. */
    public static OptimizerSettings sgd(double learningRate) {
        return new OptimizerSettings(LearningRateSchedule.constant(learningRate), 0.0, false, 0.0);
    }

    public OptimizerSettings withLearningRate(LearningRateSchedule schedule) {
        return new OptimizerSettings(schedule, momentum, nesterov, weightDecay);
    }

    public OptimizerSettings withMomentum(double mu, boolean useNesterov) {
        return new OptimizerSettings(learningRate, mu, useNesterov, weightDecay);
    }

    public OptimizerSettings withWeightDecay(double lambda) {
        return new OptimizerSettings(learningRate, momentum, nesterov, lambda);
    }

    /** The DL4J updater for these settings (see the class comment). */
    public IUpdater toUpdater() {
        var schedule = learningRate.toDl4j();
        double lr = learningRate.initial();
        if (momentum == 0) {
            return schedule == null ? new Sgd(lr) : new Sgd(schedule);
        }
        if (nesterov) {
            return schedule == null ? new Nesterovs(lr, momentum) : new Nesterovs(schedule, momentum);
        }
        return schedule == null ? new PlainMomentum(lr, momentum) : new PlainMomentum(schedule, momentum);
    }

    /** Sets the updater and the L2 weight decay on a network-wide configuration builder. */
    public NeuralNetConfiguration.Builder applyTo(NeuralNetConfiguration.Builder builder) {
        builder.updater(toUpdater());
        if (weightDecay > 0) {
            builder.l2(weightDecay).l2Bias(weightDecay);
        }
        return builder;
    }
}
