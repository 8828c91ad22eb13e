package org.sgdvi.core.train;

/**
 * What a training run needs besides the network and the data (the paper's setup: batch size 128,
 * SGD with momentum 0.9, learning rate 0.1 with step annealing).
 *
 * @param epochs total number of epochs E (a resumed run stops after epoch E as well)
 * @param batchSize b; the training iterator must deliver batches of this size (checked when it
 *     reports a positive {@code batch()})
 * @param seed seeds ND4J's random generator at the start of every epoch e with a fixed function
 *     of (seed, e), so dropout masks are the same whether or not a run was resumed
 * @param optimizer eta_e, mu, Nesterov flag and weight decay; the network must have been built
 *     with the same settings (checked by the trainer)
 * @param trainEvaluationExamples how many examples of the train-evaluation data to score after
 *     each epoch (the first ones, a fixed subset); 0 means all
 * @param checkpointEvery write a checkpoint after every this many epochs (and after the last)
 */
public record TrainSettings(int epochs, int batchSize, long seed, OptimizerSettings optimizer,
                            int trainEvaluationExamples, int checkpointEvery) {

    public TrainSettings {
        if (epochs < 0) {
            throw new IllegalArgumentException("train settings: epochs = " + epochs + ", expected >= 0");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("train settings: batchSize = " + batchSize + ", expected >= 1");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("train settings: optimizer is missing");
        }
        if (trainEvaluationExamples < 0) {
            throw new IllegalArgumentException("train settings: trainEvaluationExamples = "
                    + trainEvaluationExamples + ", expected >= 0 (0 = all)");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("train settings: checkpointEvery = " + checkpointEvery
                    + ", expected >= 1");
        }
    }

    /** Settings with the paper's batch size 128, evaluation on all examples, a checkpoint every epoch. */
    public static TrainSettings of(int epochs, long seed, OptimizerSettings optimizer) {
        return new TrainSettings(epochs, 128, seed, optimizer, 0, 1);
    }

    /** A copy with another number of epochs (a resumed run extended by {@code --epochs}). */
    public TrainSettings withEpochs(int e) {
        return new TrainSettings(e, batchSize, seed, optimizer, trainEvaluationExamples, checkpointEvery);
    }

    /**
     * The seed of ND4J's generator for 0-based epoch {@code epoch}: SplitMix64 of seed and epoch, so
     * neighbouring epochs and seeds give unrelated streams.
     */
    public long epochSeed(int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
