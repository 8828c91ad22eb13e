package org.sgdvi.experiments.sweep;

import java.math.BigDecimal;

/**
 * One point of a sweep: the network, the learning rate eta, the batch size b, the sampling (mini-batches
 * drawn "with" or "without" replacement) and the seed. Its {@link #id()} names the trial's run folder
 * and its ledger entry, and depends on nothing but these five values, so it is stable across runs,
 * shards and machines. Serializable because Arbiter stores candidate values serialized.
 *
 * @param model zoo name
 * @param learningRate eta
 * @param batchSize b
 * @param sampling "with" or "without"
 * @param seed seed of initialization, sampler and dropout
 */
public record TrialPoint(String model, double learningRate, int batchSize, String sampling, long seed)
        implements java.io.Serializable {

    /** e.g. {@code small-fc_lr0.1_b128_without_s1}. */
    public String id() {
        return model + "_lr" + plain(learningRate) + "_b" + batchSize + "_" + sampling + "_s" + seed;
    }

    /** eta / b, the ratio that sets the temperature beta^{-1} = eta / (2 b) (the paper's Remark 11). */
    public double ratio() {
        return learningRate / batchSize;
    }

    /** The shortest plain decimal for a double (0.1 -> "0.1", 1e-4 -> "0.0001", 2.0 -> "2"). */
    static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
