package org.sgdvi.experiments.trajectory;

/**
 * results.json's {@code "training"} of {@code sgdvi trajectory}: the run that made the trajectory
 * of Fig. 3 (arXiv 1710.11029). Losses are the mean cross-entropy over the whole split in inference
 * mode after the last epoch; a number that is not finite is null.
 *
 * @param model                   the zoo network
 * @param data                    the data set's name
 * @param trainExamples           training examples N
 * @param engine                  the training engine
 * @param epochs                  epochs done
 * @param iterations              mini-batch steps done
 * @param diverged                whether the loss became non-finite
 * @param burnIn                  burn-in epochs
 * @param burnInLearningRate      eta during the burn-in
 * @param learningRate            eta after the burn-in
 * @param batchSize               b
 * @param momentum                the momentum
 * @param snapshots               snapshots recorded
 * @param finalTrainLoss          the final loss on the training split
 * @param finalTrainAccuracy      the final accuracy on the training split
 * @param finalValidationLoss     the final validation loss
 * @param finalValidationAccuracy the final validation accuracy
 * @param trainSeconds            training time
 * @param epochsPerSecond         epochs per second of this invocation
 * @param wallSeconds             the whole run's time
 * @param learningRateFirst       eta of the first epoch this invocation trained, or null
 * @param learningRateLast        eta of its last epoch, or null
 */
public record TrajectoryTraining(String model, String data, int trainExamples, String engine, int epochs,
                                 long iterations, boolean diverged, int burnIn, double burnInLearningRate,
                                 double learningRate, int batchSize, double momentum, int snapshots,
                                 Double finalTrainLoss, Double finalTrainAccuracy, Double finalValidationLoss,
                                 Double finalValidationAccuracy, double trainSeconds, Double epochsPerSecond,
                                 double wallSeconds, Double learningRateFirst, Double learningRateLast) {
}
