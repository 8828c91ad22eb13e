package org.sgdvi.experiments.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelSpec;
import org.sgdvi.core.models.ModelZoo;

/**
 * Cost of exact per-example gradients (measuring D as for the paper's Figs. 1-2 needs one per training
 * example) on a zoo network (default small-lenet; FLOAT, random inputs of the network's shape), measured
 * side by side after a warm-up, in alternating rounds:
 * <ol>
 *   <li>(a) {@link InferenceGradientEngine}: all M per-example gradients, in inference mode;</li>
 *   <li>(b) the naive route: M DL4J {@code computeGradientAndScore} calls with batch size 1, each gradient
 *       copied into its row (training mode, so not even the right quantity; it is the cost baseline);</li>
 *   <li>(c) one batched DL4J training forward and backward pass over the same M examples (the floor any
 *       per-example method is compared with: it yields only the sum of the gradients);</li>
 *   <li>PyTorch on the same architecture, sizes and thread count ({@link TorchContender}, one run of
 *       the script per round, between our rounds): functorch {@code vmap(grad)} per-example gradients
 *       in inference mode, a batch-of-one autograd loop and one batched forward+backward. Skipped, with
 *       the reason in {@code torchSkipped}, when {@code /usr/bin/python3} cannot import functorch.</li>
 * </ol>
 * Reported: ms per example for each (medians and minima over the rounds), the ratios (a)/(c) and
 * (b)/(a), and sgdvi/PyTorch: (a)/vmap and (a)/PyTorch batched.
 * Run it with {@code OMP_WAIT_POLICY=PASSIVE} on shared cores (as {@code bin/sgdvi} does).
 */
public final class PerExampleGradientBench {

    /** The default network. */
    public static final String MODEL = "small-lenet";

    private static final long TORCH_TIMEOUT_SECONDS = 1800;

    private PerExampleGradientBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param model a zoo network the engine and the PyTorch script both know (small-lenet, small-allcnn,
     *              small-fc, tiny-fc)
     * @param examples M, the number of examples per measurement of (a) and (c); (b) uses min(M, 64)
     * @param seed seeds the network and the inputs
     * @param rounds alternating measurement rounds after 2 warm-up rounds (at least 1)
     * @return the figures, times in ms per example
     */
    public static Figures run(String model, int examples, long seed, int rounds) {
        if (examples < 1 || rounds < 1) {
            throw new IllegalArgumentException("examples = " + examples + ", rounds = " + rounds + "; expected at least 1");
        }
        ModelSpec spec = ModelZoo.spec(model);
        MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().seed(seed).dataType(DataType.FLOAT).build());
        Random rng = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, examples, spec.inputSize());
        INDArray y = Nd4j.zeros(DataType.FLOAT, examples, spec.defaultClasses());
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < spec.inputSize(); j++) {
                x.putScalar(i, j, rng.nextFloat());
            }
            y.putScalar(i, rng.nextInt(spec.defaultClasses()), 1.0);
        }
        int naiveExamples = Math.min(examples, 64);
        InferenceGradientEngine engine = new InferenceGradientEngine(net);
        INDArray engineOut = Nd4j.create(DataType.FLOAT, examples, engine.dimension());
        INDArray naiveOut = Nd4j.create(DataType.FLOAT, naiveExamples, net.numParams());

        Runnable a = () -> engine.computeInto(x, y, engineOut);
        Runnable b = () -> {
            for (int k = 0; k < naiveExamples; k++) {
                net.setInput(x.getRow(k, true));
                net.setLabels(y.getRow(k, true));
                net.computeGradientAndScore();
                naiveOut.getRow(k).assign(net.gradient().gradient());
            }
        };
        Runnable c = () -> {
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        };
        String torchSkipped = TorchContender.unavailable();
        List<String> torchArgs = List.of("--model", model, "--classes", Integer.toString(spec.defaultClasses()),
                "--examples", Integer.toString(examples), "--seed", Long.toString(seed), "--warmup", "1", "--reps", "1");
        for (int i = 0; i < 2; i++) {
            a.run();
            b.run();
            c.run();
        }
        List<Double> ta = new ArrayList<>();
        List<Double> tb = new ArrayList<>();
        List<Double> tc = new ArrayList<>();
        List<Double> tVmap = new ArrayList<>();
        List<Double> tBatchOfOne = new ArrayList<>();
        List<Double> tBatched = new ArrayList<>();
        JsonNode torchRound = null;
        for (int i = 0; i < rounds; i++) {
            ta.add(millis(a) / examples);
            tb.add(millis(b) / naiveExamples);
            tc.add(millis(c) / examples);
            if (torchSkipped == null) {
                torchRound = TorchContender.run("gradients", torchArgs, TORCH_TIMEOUT_SECONDS);
                tVmap.add(TorchContender.number(torchRound, "msPerExampleVmap"));
                tBatchOfOne.add(TorchContender.number(torchRound, "msPerExampleBatchOfOne"));
                tBatched.add(TorchContender.number(torchRound, "msPerExampleBatched"));
            }
        }
        double ma = median(ta);
        double mc = median(tc);
        double mb = median(tb);
        TorchGradients torch;
        if (torchSkipped != null) {
            torch = TorchGradients.skipped(torchSkipped);
        } else {
            long torchD = (long) TorchContender.number(torchRound, "trainableWeights");
            if (torchD != engine.dimension()) {
                throw new IllegalStateException("the PyTorch script built " + model + " with " + torchD
                        + " weights, sgdvi with " + engine.dimension() + "; not the same network, no ratio reported");
            }
            double mVmap = median(tVmap);
            double mBatched = median(tBatched);
            double mBatchOfOne = median(tBatchOfOne);
            torch = new TorchGradients(null, TorchContender.text(torchRound, "torchVersion"),
                    (int) TorchContender.number(torchRound, "threads"), mVmap, minimum(tVmap), mBatchOfOne,
                    minimum(tBatchOfOne), mBatched, minimum(tBatched), ma / mVmap, minimum(ta) / minimum(tVmap),
                    ma / mBatched, ma / mBatchOfOne);
        }
        return new Figures(model, "FLOAT", engine.dimension(), examples, naiveExamples, engine.maxChunk(), rounds, ma,
                minimum(ta), mb, minimum(tb), mc, minimum(tc), ma / mc, mb / ma, TorchContender.threads(),
                TorchContender.waitPolicy(), torch, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The figures of one run; times in ms per example, medians (and minima) over the rounds.
     *
     * @param model                          zoo name
     * @param dataType                       the network's data type
     * @param trainableWeights               d
     * @param examples                       M for (a) and (c)
     * @param naiveExamples                  min(M, 64) for (b)
     * @param engineMaxChunk                 the engine's rows per call
     * @param repetitions                    alternating rounds
     * @param msPerExampleEngine             (a) the inference-mode per-example engine
     * @param msPerExampleEngineMin          its minimum
     * @param msPerExampleNaiveBatch1        (b) a batch-of-one DL4J loop
     * @param msPerExampleNaiveBatch1Min     its minimum
     * @param msPerExampleBatchedTraining    (c) one batched training forward and backward
     * @param msPerExampleBatchedTrainingMin its minimum
     * @param ratioEngineToBatched           (a) / (c)
     * @param ratioNaiveToEngine             (b) / (a)
     * @param threads                        the threads of ND4J, and of PyTorch
     * @param ompWaitPolicy                  the OpenMP wait policy both ran under
     * @param torch                          PyTorch's figures and the sgdvi/PyTorch ratios, or why it was skipped
     *                                       (its fields stand at the top level)
     * @param availableProcessors            processors
     * @param systemLoadAverage              the load average during the run
     */
    public record Figures(String model, String dataType, long trainableWeights, int examples, int naiveExamples,
                          int engineMaxChunk, int repetitions, double msPerExampleEngine, double msPerExampleEngineMin,
                          double msPerExampleNaiveBatch1, double msPerExampleNaiveBatch1Min,
                          double msPerExampleBatchedTraining, double msPerExampleBatchedTrainingMin,
                          double ratioEngineToBatched, double ratioNaiveToEngine, int threads, String ompWaitPolicy,
                          @JsonUnwrapped TorchGradients torch, int availableProcessors, double systemLoadAverage) {
    }

    /**
     * PyTorch's per-example gradients beside ours ({@code torch_bench.py gradients}, one run per round):
     * either {@code torchSkipped} alone, or all the other fields; times in ms per example, medians
     * (and minima) over the rounds.
     *
     * @param torchSkipped                 why PyTorch did not run, or null
     * @param torchVersion                 torch.__version__
     * @param torchThreads                 torch.get_num_threads()
     * @param msPerExampleTorchVmap        functorch vmap(grad), inference mode
     * @param msPerExampleTorchVmapMin     its minimum
     * @param msPerExampleTorchBatchOfOne  a batch-of-one autograd loop
     * @param msPerExampleTorchBatchOfOneMin its minimum
     * @param msPerExampleTorchBatched     one batched forward and backward
     * @param msPerExampleTorchBatchedMin  its minimum
     * @param ratioEngineToTorchVmap       (a) / vmap, medians
     * @param ratioEngineToTorchVmapMin    (a) / vmap, minima
     * @param ratioEngineToTorchBatched    (a) / PyTorch batched
     * @param ratioEngineToTorchBatchOfOne (a) / PyTorch batch-of-one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TorchGradients(String torchSkipped, String torchVersion, Integer torchThreads,
                                 Double msPerExampleTorchVmap, Double msPerExampleTorchVmapMin,
                                 Double msPerExampleTorchBatchOfOne, Double msPerExampleTorchBatchOfOneMin,
                                 Double msPerExampleTorchBatched, Double msPerExampleTorchBatchedMin,
                                 Double ratioEngineToTorchVmap, Double ratioEngineToTorchVmapMin,
                                 Double ratioEngineToTorchBatched, Double ratioEngineToTorchBatchOfOne) {

        /** PyTorch did not run, for {@code reason}. */
        public static TorchGradients skipped(String reason) {
            return new TorchGradients(reason, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** One readable line per contender and one for the ratios, for stderr. */
    public static List<String> summary(Figures r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s FLOAT, %d examples (batch-of-one loops: %d), %d threads, OMP_WAIT_POLICY %s, "
                        + "medians of %d alternating rounds (load average %.1f)", r.model(), r.examples(),
                r.naiveExamples(), r.threads(), r.ompWaitPolicy(), r.repetitions(), r.systemLoadAverage()));
        lines.add(contender("sgdvi inference engine", r.msPerExampleEngine(), r.msPerExampleEngineMin()));
        lines.add(contender("DL4J batch-of-one loop", r.msPerExampleNaiveBatch1(), r.msPerExampleNaiveBatch1Min()));
        lines.add(contender("DL4J batched fwd+bwd", r.msPerExampleBatchedTraining(), r.msPerExampleBatchedTrainingMin()));
        TorchGradients t = r.torch();
        if (t.torchSkipped() != null) {
            lines.add("PyTorch skipped: " + t.torchSkipped());
            return lines;
        }
        lines.add(contender("PyTorch vmap(grad)", t.msPerExampleTorchVmap(), t.msPerExampleTorchVmapMin()));
        lines.add(contender("PyTorch batch-of-one loop", t.msPerExampleTorchBatchOfOne(), t.msPerExampleTorchBatchOfOneMin()));
        lines.add(contender("PyTorch batched fwd+bwd", t.msPerExampleTorchBatched(), t.msPerExampleTorchBatchedMin()));
        lines.add(String.format("sgdvi / PyTorch vmap = %.2f (minima %.2f), sgdvi / PyTorch batched = %.2f, "
                        + "sgdvi / DL4J batched = %.2f", t.ratioEngineToTorchVmap(), t.ratioEngineToTorchVmapMin(),
                t.ratioEngineToTorchBatched(), r.ratioEngineToBatched()));
        return lines;
    }

    private static String contender(String name, double median, double min) {
        return String.format("%-26s %8.4f ms/example (min %.4f)", name, median, min);
    }

    private static double millis(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double minimum(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@code PerExampleGradientBench [examples=512] [seed=1] [model=small-lenet]}: prints the figures of {@link #run}. */
    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        String model = args.length > 2 ? args[2] : MODEL;
        summary(run(model, examples, seed, 5)).forEach(System.out::println);
    }
}
