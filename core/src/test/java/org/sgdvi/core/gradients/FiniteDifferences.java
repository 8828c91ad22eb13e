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
 * coordinates are detected by comparing steps h and 2h and reported as unreliable instead of compared.
 *
 * @param net      the network, perturbed in place and restored
 * @param features the examples
 * @param labels   their one-hot labels
 */
record FiniteDifferences(MultiLayerNetwork net, INDArray features, INDArray labels) {

    /** Result of a check: worst relative error over the compared coordinates and the counts. */
    record Report(double maxRelativeError, String worst, int compared, int unreliable, int minComparedPerParam) {
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

    /**
     * The fourth-order central estimates at steps h and 2h, {D4(h), D4(2h)} per example, from the losses at
     * w +- h, w +- 2h, w +- 4h (six forward passes).
     */
    private double[][] derivatives(INDArray param, long[] index, double h) {
        double w0 = param.getDouble(index);
        double[] steps = {h, -h, 2 * h, -2 * h, 4 * h, -4 * h};
        double[][] f = new double[steps.length][];
        for (int s = 0; s < steps.length; s++) {
            param.putScalar(index, w0 + steps[s]);
            f[s] = losses();
        }
        param.putScalar(index, w0);
        int m = f[0].length;
        double[][] d = new double[2][m];
        for (int k = 0; k < m; k++) {
            d[0][k] = (8 * (f[0][k] - f[1][k]) - (f[2][k] - f[3][k])) / (12 * h);
            d[1][k] = (8 * (f[2][k] - f[3][k]) - (f[4][k] - f[5][k])) / (24 * h);
        }
        return d;
    }

    /**
     * Compares {@code gradients} ([M, d], layout order) with finite differences on seeded random coordinates of
     * every trainable parameter: coordinates are drawn until {@code perParam} of them were comparable (smooth within
     * the stencil for at least one example) or {@code 8 * perParam} were tried. Relative error
     * |a - n| / max(|a|, |n|, floor); a coordinate and example is comparable when the stencils at h and 2h agree
     * to {@code 1e-6} in that measure.
     */
    Report check(INDArray gradients, TrainableLayout layout, int perParam, long seed, double h, double floor) {
        Random rng = new Random(seed);
        double worst = 0;
        String worstAt = "none";
        int compared = 0;
        int unreliable = 0;
        int minComparedCoordinates = Integer.MAX_VALUE;
        for (TrainableLayout.Entry e : layout.entries()) {
            INDArray param = net.getLayer(e.layerIndex()).getParam(e.param());
            List<Long> order = new ArrayList<>();
            for (long i = 0; i < e.length(); i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, rng);
            int comparedCoordinates = 0;
            for (int t = 0; t < Math.min(order.size(), 8 * perParam) && comparedCoordinates < perParam; t++) {
                long flat = order.get(t);
                long[] index = Shape.ind2subC(e.shape(), flat);
                double[][] d = derivatives(param, index, h);
                double[] fine = d[0];
                double[] coarse = d[1];
                boolean any = false;
                for (int k = 0; k < fine.length; k++) {
                    double scale = Math.max(Math.max(Math.abs(coarse[k]), Math.abs(fine[k])), floor);
                    if (Math.abs(coarse[k] - fine[k]) / scale > 1e-6) {
                        unreliable++;
                        continue;
                    }
                    any = true;
                    double a = gradients.getDouble(k, e.offset() + flat);
                    double rel = Math.abs(a - fine[k]) / Math.max(Math.max(Math.abs(a), Math.abs(fine[k])), floor);
                    compared++;
                    if (rel > worst) {
                        worst = rel;
                        worstAt = e + " element " + flat + " example " + k + ": engine " + a + ", numeric " + fine[k];
                    }
                }
                if (any) {
                    comparedCoordinates++;
                }
            }
            minComparedCoordinates = Math.min(minComparedCoordinates, comparedCoordinates);
        }
        return new Report(worst, worstAt, compared, unreliable, minComparedCoordinates);
    }
}
