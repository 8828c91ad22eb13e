package org.sgdvi.experiments.train;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelSpec;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.catalog.DataOptions;
import org.sgdvi.datasets.catalog.DatasetCatalog;
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

    /** Loads the request's data set. */
    public DataSplit loadData() {
        DataOptions.Builder b = DataOptions.builder().dataDir(dataDir() == null ? null : Path.of(dataDir()))
                .downsample(downsample()).seed(splitSeed()).zcaWhiten(zca());
        if (classes() != null) {
            b.classes(classes());
        }
        return DatasetCatalog.load(data(), b.build());
    }

    /** Builds the request's network for the data's shape, failing clearly when they do not fit. */
    public MultiLayerNetwork buildNetwork(ImageDataset train) {
        ModelSpec spec = ModelZoo.spec(model());
        int inputs = train.channels() * train.height() * train.width();
        if (inputs != spec.inputSize()) {
            throw new IllegalArgumentException("model " + model() + " takes " + spec.channels() + "x" + spec.height()
                    + "x" + spec.width() + " inputs, but data " + data() + " has " + train.channels() + "x"
                    + train.height() + "x" + train.width() + (spec.height() == 7 ? " (use --data mnist7x7, "
                    + "mnist7x7-5class or --downsample 7)" : ""));
        }
        ModelOptions options = ModelOptions.builder().numClasses(train.numClasses()).widthScale(widthScale())
                .seed(seed()).dropout(dropout()).optimizer(optimizer()).build();
        return ModelZoo.build(model(), options);
    }
}
