package org.sgdvi.experiments.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.train.EpochFitter;
import org.sgdvi.core.train.LearningRateSchedule;
import org.sgdvi.core.train.OptimizerSettings;
import org.sgdvi.core.train.fused.FusedEpochFitter;
import org.sgdvi.core.gradients.FullGradient;
import org.sgdvi.core.trajectory.StoreLayout;
import org.sgdvi.core.trajectory.TrajectoryRecorder;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.WithoutReplacementSampler;
import org.sgdvi.experiments.data.SamplerIterator;
import org.sgdvi.experiments.trajectory.TrajectoryRunner;

/**
 * How long the trajectory experiment (the paper's Fig. 3: tiny-fc, batch 128, momentum 0.9, 10^5
 * epochs) takes on this machine: epochs per second of tiny-fc on Fashion-MNIST classes 0-4 at 7x7
 * (the training split of the 30,000 images) for each engine, measured alternately in one process
 * (rounds of a few epochs each, contenders interleaved, medians reported) so that load from other
 * processes hits all of them alike, plus the per-epoch cost of recording (weights and fsync'd append
 * every epoch, the inference-mode full gradient over the training set every {@code gradNormEvery}
 * epochs) and of a checkpoint; and the projected wall
 * time of 10^5 epochs, from the medians and from the best rounds (on a machine shared with other
 * jobs the best round is the closest to the code's own cost; the per-round ratios compare engines
 * under the same load).
 *
 * <p>Contenders: {@code dl4j-sampler} (the trainer's DL4J path: a fresh mini-batch DataSet from the
 * sampler, {@code MultiLayerNetwork.fit(DataSet)}), {@code dl4j-sampler-1thread} (the same with
 * ND4J limited to one thread during its rounds: the ops on [128, 16] arrays are too small to gain
 * from OpenMP, whose barriers stall when other processes load the cores), {@code dl4j-prebuilt} (DL4J's floor:
 * {@code fit(INDArray, INDArray)} on pre-built batches, no sampling) and {@code fused}
 * ({@link FusedEpochFitter} on the same sampler).
 */
public final class TrajectoryBench {

    /** The paper's number of epochs. */
    public static final long PAPER_EPOCHS = 100_000;

    private TrajectoryBench() {
    }

    private interface Contender {
        void epoch(int epoch);
    }

    /** The experiment's data when {@code sgdvi bench trajectory} is given no {@code --data}. */
    public static final String DATA = "fashion-mnist";
    /** The image side the experiment down-samples to (tiny-fc takes 7 x 7 inputs). */
    public static final int SIDE = 7;
    /** The classes the experiment keeps. */
    public static final String CLASSES = "0-4";
    /** The experiment's batch size. */
    public static final int BATCH = 128;

    /**
     * @param split the data (the experiment's: {@value #DATA} at {@value #SIDE} x {@value #SIDE}, classes
     *              {@value #CLASSES}); its training split is trained on
     * @param seed seed of the networks and the samplers (the pre-built batches use seed + 1)
     * @param rounds rounds of interleaved measurements
     * @param epochsPerRound epochs per contender per round
     * @param checkpointEvery checkpoint period assumed for the projection
     * @param gradNormEvery the full-gradient period assumed for the projection ({@code trajectory --grad-norm-every})
     * @return the figures (seconds per epoch, epochs per second, projected hours, ratios)
     */
    public static Figures run(DataSplit split, long seed, int rounds, int epochsPerRound,
                              int checkpointEvery, int gradNormEvery) {
        ImageDataset train = split.train();
        OptimizerSettings opt = new OptimizerSettings(LearningRateSchedule.constant(1e-3), 0.9, false, 0.0);
        int batch = Math.min(BATCH, train.size());
        int classes = train.numClasses();

        Map<String, Contender> contenders = new LinkedHashMap<>();
        MultiLayerNetwork dl4jNet = network(opt, classes, seed);
        SamplerIterator dl4jData = new SamplerIterator(new WithoutReplacementSampler(train, batch, seed));
        contenders.put("dl4j-sampler", e -> {
            dl4jData.reset();
            EpochFitter.dl4j().fitEpoch(dl4jNet, dl4jData, e, null);
        });
        MultiLayerNetwork oneThreadNet = network(opt, classes, seed);
        SamplerIterator oneThreadData = new SamplerIterator(new WithoutReplacementSampler(train, batch, seed));
        contenders.put("dl4j-sampler-1thread", e -> {
            int threads = Nd4j.getEnvironment().maxThreads();
            int master = Nd4j.getEnvironment().maxMasterThreads();
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            try {
                oneThreadData.reset();
                EpochFitter.dl4j().fitEpoch(oneThreadNet, oneThreadData, e, null);
            } finally {
                Nd4j.getEnvironment().setMaxThreads(threads);
                Nd4j.getEnvironment().setMaxMasterThreads(master);
            }
        });
        MultiLayerNetwork prebuiltNet = network(opt, classes, seed);
        List<INDArray[]> prebuilt = new ArrayList<>();
        SamplerIterator source = new SamplerIterator(new WithoutReplacementSampler(train, batch, seed + 1));
        while (source.hasNext()) {
            DataSet ds = source.next();
            prebuilt.add(new INDArray[] {ds.getFeatures(), ds.getLabels()});
        }
        contenders.put("dl4j-prebuilt", e -> {
            for (INDArray[] b : prebuilt) {
                prebuiltNet.fit(b[0], b[1]);
            }
        });
        MultiLayerNetwork fusedNet = network(opt, classes, seed);
        SamplerIterator fusedData = new SamplerIterator(new WithoutReplacementSampler(train, batch, seed));
        FusedEpochFitter fused = new FusedEpochFitter();
        contenders.put("fused", e -> {
            fusedData.reset();
            fused.fitEpoch(fusedNet, fusedData, e, null);
        });

        Map<String, double[]> seconds = new LinkedHashMap<>();
        contenders.keySet().forEach(k -> seconds.put(k, new double[rounds]));
        int[] epoch = new int[1];
        contenders.values().forEach(c -> c.epoch(epoch[0]++)); // warm-up
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Contender> c : contenders.entrySet()) {
                long t0 = System.nanoTime();
                for (int k = 0; k < epochsPerRound; k++) {
                    c.getValue().epoch(epoch[0]++);
                }
                seconds.get(c.getKey())[r] = (System.nanoTime() - t0) / 1e9 / epochsPerRound;
            }
        }
        int recorded = Math.max(3, rounds * epochsPerRound);
        double[] recordSeconds = recordingSeconds(fusedNet, train, recorded, 1);
        double[] weightsSeconds = recordingSeconds(fusedNet, train, recorded, Integer.MAX_VALUE);
        double[] checkpointSeconds = checkpointSeconds(fusedNet, 3);

        double perEpochExtras = extras(weightsSeconds[0], recordSeconds[0], gradNormEvery, checkpointSeconds[0],
                checkpointEvery);
        double bestExtras = extras(weightsSeconds[1], recordSeconds[1], gradNormEvery, checkpointSeconds[1],
                checkpointEvery);
        int iterations = train.size() / batch;
        Map<String, Engine> engines = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : seconds.entrySet()) {
            double s = median(e.getValue());
            double best = Arrays.stream(e.getValue()).min().orElse(Double.NaN);
            engines.put(e.getKey(), new Engine(s, e.getValue(), 1 / s, 1e3 * s / iterations, PAPER_EPOCHS * s / 3600,
                    PAPER_EPOCHS * (s + perEpochExtras) / 3600, best, PAPER_EPOCHS * (best + bestExtras) / 3600));
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = seconds.get("dl4j-sampler")[r] / seconds.get("fused")[r];
        }
        return new Figures(split.provenance().name() + " " + split.provenance().source(), train.size(), batch, iterations,
                Runtime.getRuntime().availableProcessors(), rounds, epochsPerRound, recordSeconds[0], recordSeconds[1],
                weightsSeconds[0], weightsSeconds[1], gradNormEvery, checkpointSeconds[0], checkpointSeconds[1], checkpointEvery, engines, ratios, median(ratios),
                median(seconds.get("dl4j-sampler")) / median(seconds.get("dl4j-sampler-1thread")),
                median(seconds.get("dl4j-prebuilt")) / median(seconds.get("fused")));
    }

    /**
     * The trajectory benchmark's figures.
     *
     * @param data                               the data set and its source
     * @param trainExamples                      training examples
     * @param batchSize                          b
     * @param iterationsPerEpoch                 N / b
     * @param cores                              available processors
     * @param rounds                             rounds of interleaved measurements
     * @param epochsPerRound                     epochs per engine and round
     * @param recordingSecondsPerEpochMedian     the recorder's work per epoch with the full gradient every epoch, median
     * @param recordingSecondsPerEpochBest       and best
     * @param recordingWeightsOnlySecondsPerEpochMedian the recorder's work per epoch without the full gradient, median
     * @param recordingWeightsOnlySecondsPerEpochBest   and best
     * @param gradNormEvery                      the full-gradient period the projection assumes
     * @param checkpointSecondsMedian            one checkpoint, median
     * @param checkpointSecondsBest              and best
     * @param checkpointEvery                    the checkpoint period the projection assumes
     * @param engines                            per training engine
     * @param speedupFusedOverDl4jPerRound       dl4j-sampler / fused seconds per round
     * @param speedupFusedOverDl4jMedian         their median
     * @param speedupDl4jOneThreadOverDl4jMedian dl4j-sampler / dl4j-sampler-1thread, medians
     * @param speedupFusedOverDl4jPrebuiltMedian dl4j-prebuilt / fused, medians
     */
    public record Figures(String data, int trainExamples, int batchSize, int iterationsPerEpoch, int cores, int rounds,
                          int epochsPerRound, double recordingSecondsPerEpochMedian, double recordingSecondsPerEpochBest,
                          double recordingWeightsOnlySecondsPerEpochMedian, double recordingWeightsOnlySecondsPerEpochBest,
                          int gradNormEvery, double checkpointSecondsMedian, double checkpointSecondsBest, int checkpointEvery,
                          Map<String, Engine> engines, double[] speedupFusedOverDl4jPerRound,
                          double speedupFusedOverDl4jMedian, double speedupDl4jOneThreadOverDl4jMedian,
                          double speedupFusedOverDl4jPrebuiltMedian) {
    }

    /**
     * One training engine's figures.
     *
     * @param secondsPerEpochMedian                median seconds per epoch over the rounds
     * @param secondsPerEpochRounds                seconds per epoch of each round
     * @param epochsPerSecond                      1 / median
     * @param millisecondsPerIteration             per mini-batch
     * @param projectedHoursTraining               the paper's 10^5 epochs
     * @param projectedHoursWithRecording          with recording (full gradient every gradNormEvery epochs) and checkpoints
     * @param secondsPerEpochBest                  the best round
     * @param projectedHoursWithRecordingBestRound the projection from the best round
     */
    public record Engine(double secondsPerEpochMedian, double[] secondsPerEpochRounds, double epochsPerSecond,
                         double millisecondsPerIteration, double projectedHoursTraining,
                         double projectedHoursWithRecording, double secondsPerEpochBest,
                         double projectedHoursWithRecordingBestRound) {
    }

    private static MultiLayerNetwork network(OptimizerSettings opt, int classes, long seed) {
        return ModelZoo.build("tiny-fc", ModelOptions.builder().numClasses(classes).seed(seed).dropout(false).optimizer(opt)
                .build());
    }

    /**
     * Recording and checkpoint seconds per epoch: the weights every epoch, the full gradient's extra
     * cost (recording with it minus without it) every {@code gradNormEvery} epochs, a checkpoint every
     * {@code checkpointEvery}.
     */
    static double extras(double weightsOnly, double withGradient, int gradNormEvery, double checkpoint,
                         int checkpointEvery) {
        return weightsOnly + Math.max(0, withGradient - weightsOnly) / gradNormEvery + checkpoint / checkpointEvery;
    }

    /**
     * Median and best seconds per epoch of the recorder's work (weights, fsync'd append, and the full
     * gradient at the epochs {@code gradNormEvery} selects; the first recorded epoch, which always
     * measures it, is left out).
     */
    private static double[] recordingSeconds(MultiLayerNetwork net, ImageDataset train, int epochs, int gradNormEvery) {
        try {
            Path dir = Files.createTempDirectory("trajectory-bench");
            double[] s = new double[epochs];
            try (TrajectoryRecorder recorder = new TrajectoryRecorder(dir.resolve("store"),
                    n -> FullGradient.of(n, TrajectoryRunner.examples(train)), StoreLayout.DEFAULT_CHUNK_SIZE,
                    gradNormEvery)) {
                int e0 = net.getEpochCount();
                net.setEpochCount(0);
                recorder.onEpochStart(net);
                recorder.onEpochEnd(net);
                for (int k = 0; k < epochs; k++) {
                    net.setEpochCount(k + 1);
                    long t0 = System.nanoTime();
                    recorder.onEpochEnd(net);
                    s[k] = (System.nanoTime() - t0) / 1e9;
                }
                net.setEpochCount(e0);
            } finally {
                deleteTree(dir);
            }
            return new double[] {median(s), Arrays.stream(s).min().orElse(Double.NaN)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Median and best seconds of writing the network with updater state (ModelSerializer) and forcing it to disk. */
    private static double[] checkpointSeconds(MultiLayerNetwork net, int repeats) {
        try {
            Path dir = Files.createTempDirectory("trajectory-bench-ckpt");
            double[] s = new double[repeats];
            try {
                for (int k = 0; k < repeats; k++) {
                    Path f = dir.resolve("model-" + k + ".zip");
                    long t0 = System.nanoTime();
                    ModelSerializer.writeModel(net, f.toFile(), true);
                    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                    s[k] = (System.nanoTime() - t0) / 1e9;
                }
            } finally {
                deleteTree(dir);
            }
            return new double[] {median(s), Arrays.stream(s).min().orElse(Double.NaN)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * The figures of {@link #run} in words, one line per engine and one for the speed-up of the fused
     * engine, e.g. {@code fused  120.00 epochs/s  0.044 ms/iteration  10^5 epochs: 0.23 h training, ...}.
     */
    public static List<String> summary(Figures r) {
        List<String> lines = new ArrayList<>();
        r.engines().forEach((name, m) -> lines.add(String.format("%-21s %8.2f epochs/s  %6.3f ms/iteration  10^5 epochs: "
                + "%6.2f h training, %6.2f h with recording and checkpoints (best round: %6.2f h)", name,
                m.epochsPerSecond(), m.millisecondsPerIteration(), m.projectedHoursTraining(),
                m.projectedHoursWithRecording(), m.projectedHoursWithRecordingBestRound())));
        lines.add(String.format("recording per epoch: %.1f ms weights only, %.1f ms with the full gradient (assumed every %d "
                + "epochs); checkpoint %.1f ms (every %d epochs)", 1e3 * r.recordingWeightsOnlySecondsPerEpochMedian(),
                1e3 * r.recordingSecondsPerEpochMedian(), r.gradNormEvery(), 1e3 * r.checkpointSecondsMedian(),
                r.checkpointEvery()));
        lines.add(String.format("fused / dl4j-sampler speed-up: %.1fx (median of per-round ratios)",
                r.speedupFusedOverDl4jMedian()));
        return lines;
    }
}
