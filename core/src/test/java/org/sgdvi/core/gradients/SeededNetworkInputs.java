package org.sgdvi.core.gradients;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded inputs, labels and BatchNorm statistics for the per-example gradient tests of this package
 * (not to be confused with {@code org.sgdvi.core.diffusion.GradientTestData}, the module's generator
 * of synthetic gradient matrices).
 */
final class SeededNetworkInputs {

    private SeededNetworkInputs() {
    }

    /** Standard normal entries times {@code scale}, from {@code rng}. */
    static INDArray gaussian(Random rng, DataType type, double scale, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    /** One-hot rows for random classes. */
    static INDArray oneHot(Random rng, DataType type, int examples, int classes) {
        INDArray y = Nd4j.zeros(type, examples, classes);
        for (int i = 0; i < examples; i++) {
            y.putScalar(i, rng.nextInt(classes), 1.0);
        }
        return y;
    }

    /**
     * Makes every BatchNorm layer's running statistics and gamma/beta non-trivial: mean ~ N(0, 0.3),
     * variance uniform in [0.5, 2] (stored as var or log10 of the std), gamma in [0.5, 1.5], beta ~ N(0, 0.2),
     * so the inference path is really exercised.
     */
    static void randomizeBatchNorm(MultiLayerNetwork net, Random rng) {
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)) {
                continue;
            }
            layer.paramTable().forEach((key, p) -> {
                for (long i = 0; i < p.length(); i++) {
                    double var = 0.5 + 1.5 * rng.nextDouble();
                    double v = switch (key) {
                        case "mean" -> 0.3 * rng.nextGaussian();
                        case "var" -> var;
                        case "log10stdev" -> Math.log10(Math.sqrt(var));
                        case "gamma" -> 0.5 + rng.nextDouble();
                        case "beta" -> 0.2 * rng.nextGaussian();
                        default -> throw new IllegalStateException("unexpected BatchNorm parameter " + key);
                    };
                    p.putScalar(i, v);
                }
            });
        }
    }
}
