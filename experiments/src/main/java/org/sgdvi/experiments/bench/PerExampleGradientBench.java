package org.sgdvi.experiments.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelSpec;
import org.sgdvi.core.models.ModelZoo;

/**
 * Cost of exact per-example gradients (measuring D as for the paper's Figs. 1-2 needs one per training
 * example) on small-lenet
 * (FLOAT, random MNIST-shaped inputs), measured side by side in one process after a warm-up, as medians of
 * alternating repetitions:
 * <ol>
 *   <li>(a) {@link InferenceGradientEngine}: all M per-example gradients, in inference mode;</li>
 *   <li>(b) the naive route: M DL4J {@code computeGradientAndScore} calls with batch size 1, each gradient
 *       copied into its row (training mode, so not even the right quantity; it is the cost baseline);</li>
 *   <li>(c) one batched DL4J training forward and backward pass over the same M examples (the floor any
 *       per-example method is compared with: it yields only the sum of the gradients).</li>
 * </ol>
 * Reported: ms per example for each, and the ratios (a)/(c) (target at most 2) and (b)/(a).
 * Run it with {@code OMP_WAIT_POLICY=PASSIVE} on shared cores (as {@code bin/sgdvi} does).
 */
public final class PerExampleGradientBench {

    private static final String MODEL = "small-lenet";

    private PerExampleGradientBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param examples M, the number of examples per measurement of (a) and (c); (b) uses min(M, 64)
     * @param seed seeds the network and the inputs
     * @return the figures, keys in camelCase, times in ms per example
     */
    public static Figures run(int examples, long seed) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples = " + examples + "; expected at least 1");
        }
        ModelSpec spec = ModelZoo.spec(MODEL);
        MultiLayerNetwork net = ModelZoo.build(MODEL, ModelOptions.builder().seed(seed).dataType(DataType.FLOAT).build());
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
        int warmup = 2;
        int reps = 5;
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
            c.run();
        }
        List<Double> ta = new ArrayList<>();
        List<Double> tb = new ArrayList<>();
        List<Double> tc = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            ta.add(millis(a) / examples);
            tb.add(millis(b) / naiveExamples);
            tc.add(millis(c) / examples);
        }
        double ma = median(ta);
        double mb = median(tb);
        double mc = median(tc);
        return new Figures(MODEL, "FLOAT", engine.dimension(), examples, naiveExamples, engine.maxChunk(), reps, ma, mb, mc,
                ma / mc, mb / ma, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The figures of one run; times in ms per example, medians over the repetitions.
     *
     * @param model                       zoo name
     * @param dataType                    the network's data type
     * @param trainableWeights            d
     * @param examples                    M for (a) and (c)
     * @param naiveExamples               min(M, 64) for (b)
     * @param engineMaxChunk              the engine's rows per call
     * @param repetitions                 alternating repetitions
     * @param msPerExampleEngine          (a) the inference-mode per-example engine
     * @param msPerExampleNaiveBatch1     (b) a batch-of-one DL4J loop
     * @param msPerExampleBatchedTraining (c) one batched training forward and backward
     * @param ratioEngineToBatched        (a) / (c)
     * @param ratioNaiveToEngine          (b) / (a)
     * @param availableProcessors         processors
     * @param systemLoadAverage           the load average during the run
     */
    public record Figures(String model, String dataType, long trainableWeights, int examples, int naiveExamples,
                          int engineMaxChunk, int repetitions, double msPerExampleEngine, double msPerExampleNaiveBatch1,
                          double msPerExampleBatchedTraining, double ratioEngineToBatched, double ratioNaiveToEngine,
                          int availableProcessors, double systemLoadAverage) {
    }

    private static double millis(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@code PerExampleGradientBench [examples=512] [seed=1]}: prints the figures of {@link #run}. */
    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        Figures r = run(examples, seed);
        System.out.printf("small-lenet FLOAT, %d examples (naive loop: %d), medians of %d alternating repetitions%n",
                examples, r.naiveExamples(), r.repetitions());
        System.out.printf("(a) inference engine            %.4f ms/example%n", r.msPerExampleEngine());
        System.out.printf("(b) naive batch-1 DL4J loop     %.4f ms/example%n", r.msPerExampleNaiveBatch1());
        System.out.printf("(c) one batched training pass   %.4f ms/example%n", r.msPerExampleBatchedTraining());
        System.out.printf("(a)/(c) = %.2f (target <= 2), (b)/(a) = %.1f; %d processors, load average %.1f%n",
                r.ratioEngineToBatched(), r.ratioNaiveToEngine(), r.availableProcessors(), r.systemLoadAverage());
    }
}
