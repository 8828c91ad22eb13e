package org.sgdvi.core.check;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.sgdvi.core.dynamics.linear.NetworkLinearization;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The spot check of per-example gradients ({@link Checks}, last rule): for a few seeded examples, the
 * mean of their gradient rows g_k projected on a seeded random unit direction v must equal the
 * derivative of their mean inference-mode loss L(x) = (1/m) sum_k f_k(x) along v (eq. 2: the mean
 * of the rows is the full gradient of the same examples). The derivative is taken by a route that
 * shares nothing with the per-example engine: DL4J's own inference-mode forward pass
 * ({@code output(x, false)}: BatchNorm with its running statistics, dropout off) on a DOUBLE copy of
 * the network, scored by the output layer's own loss function, differenced centrally at steps h and
 * 2h; the difference of the two estimates bounds the truncation error (Richardson).
 */
public final class GradientSpotCheck {

    /** How many examples a command spot-checks. */
    public static final int EXAMPLES = 5;

    /** The fault ({@link FaultInjection}) scaling every gradient row by 1.1 (tests of the self-checks). */
    public static final String PERTURB_ROWS = "gradients-rows";

    /** The directional step h along the unit direction v (weights change by at most h). */
    static final double STEP = 1e-5;

    private GradientSpotCheck() {
    }

    /**
     * Seeded example indices for the spot check: {@code m} distinct rows of {@code count}, ascending.
     */
    public static int[] sample(int count, int m, long seed) {
        int k = Math.min(count, m);
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(count - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, k);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * The check for the gradient rows {@code rows} [m, d] of the examples {@code features}, {@code labels}
     * (one-hot) at {@code net}'s weights ({@code net} is not modified).
     *
     * @param name  the check's name
     * @param seed  seeds the direction v
     */
    public static Check of(String name, MultiLayerNetwork net, INDArray features, INDArray labels, INDArray rows,
                           long seed) {
        long m = rows.rows();
        long d = rows.columns();
        double eps = Checks.epsilon(rows.dataType());
        INDArray g = rows.castTo(DataType.DOUBLE);
        double meanNorm = g.norm2(1).meanNumber().doubleValue();
        INDArray gbar = g.mean(0);

        MultiLayerNetwork copy = NetworkLinearization.inDouble(net);
        TrainableLayout layout = TrainableLayout.of(copy);
        if (layout.trainableCount() != d) {
            throw new IllegalArgumentException("gradient rows have " + d + " columns; expected d = " + layout.trainableCount());
        }
        INDArray x0 = layout.gather(copy, DataType.DOUBLE);
        SplittableRandom rnd = new SplittableRandom(seed);
        INDArray v = Nd4j.create(DataType.DOUBLE, d);
        for (long i = 0; i < d; i++) {
            v.putScalar(i, rnd.nextGaussian());
        }
        v.divi(v.norm2Number());
        INDArray x = features.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        ILossFunction loss = lossFunction(copy);
        double l0 = loss(copy, layout, x0, v, 0, x, y, loss);
        double h = STEP;
        double d1 = (loss(copy, layout, x0, v, h, x, y, loss) - loss(copy, layout, x0, v, -h, x, y, loss)) / (2 * h);
        double d2 = (loss(copy, layout, x0, v, 2 * h, x, y, loss) - loss(copy, layout, x0, v, -2 * h, x, y, loss)) / (4 * h);
        double projected = gbar.mul(v).sumNumber().doubleValue();
        double scale = Math.max(meanNorm, Double.MIN_NORMAL);
        double value = Math.abs(projected - d1) / scale;
        double eps64 = Checks.epsilon(DataType.DOUBLE);
        double tol = Checks.C * (Math.sqrt((double) d) * eps + eps64 * (1 + Math.abs(l0)) / (h * scale)
                + Math.abs(d1 - d2) / scale);
        return Check.atMost(name, value, tol, "|mean_k g_k . v - dL/dv| / mean ||g_k|| over " + m
                + " seeded examples <= C (sqrt(d) eps + eps64 (1 + |L|) / (h mean ||g_k||) + |D_h - D_2h| / mean ||g_k||), "
                + "h = " + h + ", d = " + d);
    }

    private static ILossFunction lossFunction(MultiLayerNetwork net) {
        var conf = net.getOutputLayer().conf().getLayer();
        if (conf instanceof BaseOutputLayer o) {
            return o.getLossFn();
        }
        if (conf instanceof LossLayer o) {
            return o.getLossFn();
        }
        throw new IllegalArgumentException("the network's last layer is " + conf.getClass().getSimpleName()
                + "; expected an output or loss layer");
    }

    /** The mean inference-mode loss at x0 + t v: DL4J's forward pass, the output layer's loss on its activations. */
    private static double loss(MultiLayerNetwork net, TrainableLayout layout, INDArray x0, INDArray v, double t,
                               INDArray features, INDArray labels, ILossFunction loss) {
        layout.scatter(x0.add(v.mul(t)), net);
        INDArray p = net.output(features, false);
        return loss.computeScore(labels, p, new ActivationIdentity(), null, true);
    }
}
