package org.sgdvi.core.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Performs the SGD steps of one epoch (the paper's SGD: x_{t+1} = x_t - eta_t (momentum update
 * of the mini-batch gradient)), draining the training iterator. The {@link Trainer} does everything
 * around it (seeding, listeners' epoch hooks, epoch counter, evaluation, checkpoints).
 *
 * <p>Contract: on return the network's parameters (BatchNorm running statistics included), its
 * updater state and its iteration count are exactly what the steps produced, so a checkpoint of
 * the network captures the run; the iterator has been drained (or stopped at a non-finite loss).
 * {@link #dl4j()} is DL4J's own {@code fit} per mini-batch; other engines must reproduce it.
 */
@FunctionalInterface
public interface EpochFitter {

    /**
     * @param net the network (its epoch count is the 0-based {@code epoch})
     * @param data the training iterator, positioned at the start of the epoch
     * @param epoch 0-based epoch index
     * @param onIteration progress callback after each step, or null
     * @return false if a mini-batch loss was not finite (training stops there)
     */
    boolean fitEpoch(MultiLayerNetwork net, ResumableDataSetIterator data, int epoch, IterationProgress onIteration);

    /** DL4J's {@code MultiLayerNetwork.fit(DataSet)} once per mini-batch (the default engine). */
    static EpochFitter dl4j() {
        return Dl4jEpochFitter.INSTANCE;
    }
}
