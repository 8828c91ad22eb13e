package org.sgdvi.core.gradients;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The oracle: per-example INFERENCE-mode losses L_k(w) = -sum_j y_kj log p_kj(w) with p = net.output(x, false),
 * differentiated numerically one trainable weight at a time (perturbed through DL4J's parameter views), with the
 * fourth-order central stencil (8 (L(w+h) - L(w-h)) - (L(w+2h) - L(w-2h))) / 12h. One batched forward pass gives
 * all examples' losses at once (inference mode does not mix examples).
 *
 * <p>Where the loss is not smooth within the stencil (a ReLU or max-pool switch), the estimate depends on h; such
 * coordinates are detected by comparing h and h/4 and reported as unreliable instead of compared.
 */
final class FiniteDifferences {

    /** Result of a check: worst relative error over the compared coordinates and the counts. */
    record Report(double maxRelativeError, String worst, int compared, int unreliable) {
    }

    private final MultiLayerNetwork net;
    private final INDArray features;
    private final INDArray labels;

    FiniteDifferences(MultiLayerNetwork net, INDArray features, INDArray labels) {
        this.net = net;
        this.features = features;
        this.labels = labels;
    }

    /** Per-example cross-entropy of the inference-mode prediction, as doubles. */
    double[] losses() {
        INDArray p = net.output(features, false);
        int m = (int) p.size(0);
        double[] out = new double[m];
        for (int k = 0; k < m; k++) {
            double l = 0;
            for (int j = 0; j < p.size(1); j++) {
                double y = labels.getDouble(k, j);
                if (y != 0) {
                    l -= y * Math.log(p.getDouble(k, j));
                }
            }
            out[k] = l;
        }
        return out;
    }

    private double[] derivative(INDArray param, long[] index, double h) {
        double w0 = param.getDouble(index);
        double[][] f = new double[4][];
        double[] steps = {h, -h, 2 * h, -2 * h};
        for (int s = 0; s < 4; s++) {
            param.putScalar(index, w0 + steps[s]);
            f[s] = losses();
        }
        param.putScalar(index, w0);
        double[] d = new double[f[0].length];
        for (int k = 0; k < d.length; k++) {
            d[k] = (8 * (f[0][k] - f[1][k]) - (f[2][k] - f[3][k])) / (12 * h);
        }
        return d;
    }

    /**
     * Compares {@code gradients} ([M, d], layout order) with finite differences on up to {@code perParam}
     * seeded random coordinates of every trainable parameter. Relative error |a - n| / max(|a|, |n|, floor).
     */
    Report check(INDArray gradients, TrainableLayout layout, int perParam, long seed, double h, double floor) {
        Random rng = new Random(seed);
        double worst = 0;
        String worstAt = "none";
        int compared = 0;
        int unreliable = 0;
        for (TrainableLayout.Entry e : layout.entries()) {
            INDArray param = net.getLayer(e.layerIndex()).getParam(e.param());
            List<Long> picks = new ArrayList<>();
            if (e.length() <= perParam) {
                for (long i = 0; i < e.length(); i++) {
                    picks.add(i);
                }
            } else {
                while (picks.size() < perParam) {
                    long i = (long) (rng.nextDouble() * e.length());
                    if (!picks.contains(i)) {
                        picks.add(i);
                    }
                }
            }
            for (long flat : picks) {
                long[] index = Shape.ind2subC(e.shape(), flat);
                double[] coarse = derivative(param, index, h);
                double[] fine = derivative(param, index, h / 4);
                for (int k = 0; k < fine.length; k++) {
                    double scale = Math.max(Math.max(Math.abs(coarse[k]), Math.abs(fine[k])), floor);
                    if (Math.abs(coarse[k] - fine[k]) / scale > 1e-7) {
                        unreliable++;
                        continue;
                    }
                    double a = gradients.getDouble(k, e.offset() + flat);
                    double rel = Math.abs(a - fine[k]) / Math.max(Math.max(Math.abs(a), Math.abs(fine[k])), floor);
                    compared++;
                    if (rel > worst) {
                        worst = rel;
                        worstAt = e + " element " + flat + " example " + k + ": engine " + a + ", numeric " + fine[k];
                    }
                }
            }
        }
        return new Report(worst, worstAt, compared, unreliable);
    }
}
