package org.sgdvi.experiments.train;

import java.util.Map;
import java.util.TreeMap;
import org.sgdvi.core.train.LearningRateSchedule;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.experiments.data.Replacement;

/**
 * Everything needed to rerun a training run; stored in {@code config.json} under {@code request}
 * and read back by {@code --resume}.
 *
 * @param model zoo name
 * @param data catalog name
 * @param dataDir data folder or null
 * @param downsample target side or null
 * @param classes class list ("0-4") or null
 * @param zca GCN + ZCA whitening
 * @param splitSeed seed of the train/validation split
 * @param epochs total epochs
 * @param learningRate eta_0
 * @param schedule "constant", "step:GAMMA:EVERY" or "piecewise:E0=LR0,E1=LR1,..."
 * @param batchSize b
 * @param momentum mu
 * @param nesterov Nesterov momentum instead of plain (heavy-ball) momentum
 * @param weightDecay L2 coefficient
 * @param sampling "with" or "without" replacement
 * @param seed seed of the initialization, the sampler and ND4J's generator
 * @param widthScale width multiplier of the network
 * @param dropout whether dropout layers are active in training
 * @param trainEvalExamples examples scored for the train metrics each epoch (0 = all)
 * @param augment random flip, pad and crop of every training mini-batch (Fig. 2c; false in
 *                config.json files written before the option existed)
 */
public record TrainRequest(String model, String data, String dataDir, Integer downsample, String classes, boolean zca,
                           long splitSeed, int epochs, double learningRate, String schedule, int batchSize,
                           double momentum, boolean nesterov, double weightDecay, String sampling, long seed,
                           double widthScale, boolean dropout, int trainEvalExamples,
                           boolean augment) {

    /** The optimizer settings this request describes. */
    public OptimizerSettings optimizer() {
        return new OptimizerSettings(schedule(schedule, learningRate), momentum, nesterov, weightDecay);
    }

    /** Whether mini-batches are drawn with replacement. */
    public boolean withReplacement() {
        return Replacement.parse("--sampling", sampling) == Replacement.WITH;
    }

    /** A copy with a different number of epochs (resume can extend a run). */
    public TrainRequest withEpochs(int e) {
        return new TrainRequest(model, data, dataDir, downsample, classes, zca, splitSeed, e, learningRate, schedule,
                batchSize, momentum, nesterov, weightDecay, sampling, seed, widthScale, dropout, trainEvalExamples, augment);
    }

    /**
     * Parses a schedule: {@code constant}, {@code step:GAMMA:EVERY} (eta_0 gamma^floor(e/EVERY)) or
     * {@code piecewise:0=0.1,30=0.01} (epoch=rate pairs; epoch 0 defaults to eta_0).
     */
    public static LearningRateSchedule schedule(String spec, double lr) {
        String s = spec == null ? "constant" : spec.trim();
        try {
            if (s.equals("constant")) {
                return LearningRateSchedule.constant(lr);
            }
            if (s.startsWith("step:")) {
                String[] f = s.substring(5).split(":");
                return LearningRateSchedule.step(lr, Double.parseDouble(f[0]), Integer.parseInt(f[1]));
            }
            if (s.startsWith("piecewise:")) {
                Map<Integer, Double> m = new TreeMap<>();
                m.put(0, lr);
                for (String pair : s.substring(10).split(",")) {
                    String[] kv = pair.split("=");
                    m.put(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
                }
                return LearningRateSchedule.piecewise(m);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--lr-schedule '" + spec + "': expected constant, step:GAMMA:EVERY or "
                    + "piecewise:EPOCH=LR,...", e);
        }
        throw new IllegalArgumentException("--lr-schedule '" + spec + "': expected constant, step:GAMMA:EVERY or "
                + "piecewise:EPOCH=LR,...");
    }
}
