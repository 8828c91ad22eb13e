package org.sgdvi.core.train;

/**
 * Numbers measured after one epoch, in inference mode (BatchNorm running statistics, no dropout).
 * Loss is the mean softmax cross-entropy f = (1/N) sum_k f_k without the weight-decay term; error is
 * the fraction of examples whose arg-max prediction is not the label. A metric is NaN when its data
 * was not given.
 *
 * @param epoch number of epochs completed (1 for the first)
 * @param trainLoss loss on the train-evaluation data
 * @param trainError error on the train-evaluation data
 * @param validationLoss loss on the validation data
 * @param validationError error on the validation data
 * @param learningRate eta used during this epoch
 * @param seconds wall time of the epoch, training and evaluation
 */
public record EpochMetrics(int epoch, double trainLoss, double trainError, double validationLoss,
                           double validationError, double learningRate, double seconds) {

    /** Whether every measured loss is finite (NaN for data not given counts as finite). */
    public boolean lossesFinite(boolean hasTrain, boolean hasValidation) {
        return (!hasTrain || Double.isFinite(trainLoss)) && (!hasValidation || Double.isFinite(validationLoss));
    }

    /** The same metrics with {@code seconds} set to 0 (to compare runs timed differently). */
    public EpochMetrics withoutTime() {
        return new EpochMetrics(epoch, trainLoss, trainError, validationLoss, validationError, learningRate, 0);
    }
}
