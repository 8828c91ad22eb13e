package org.sgdvi.core.gradients;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.models.TrainableLayout;

/**
 * The training loss and its full gradient over a fixed set of N examples, as functions of the
 * trainable weights x ({@link TrainableLayout} order), with the network in inference mode
 * (BatchNorm with its running statistics, which are not weights and stay as the network holds
 * them; dropout off):
 * <pre>
 *   f(x) = (1/N) sum_k f_k(x),   grad f(x) = (1/N) sum_k grad f_k(x)
 * </pre>
 * the f and grad f of eq. (2) of arXiv 1710.11029, f_k the loss of example k alone (no
 * regularization terms). grad f is the mean of the per-example gradients g_k of
 * {@link PerExampleGradients}; Lemma 20 linearizes it around a critical point, Fig. 3c plots its
 * norm along a trajectory.
 *
 * <p>Implementations: {@link EngineFullGradient}, the mean of the engine's rows (every zoo
 * network, FLOAT or DOUBLE), and {@link FusedFullGradient}, the fused float32 kernel for the
 * dense-BatchNorm-ReLU-softmax networks (tiny-fc, small-fc); {@link #of} picks one.
 */
public interface FullGradient {

    /** d, the length of x and of grad f(x). */
    long dimension();

    /** N, the number of examples. */
    long exampleCount();

    /**
     * f(x) and grad f(x).
     *
     * @param x the trainable weights, a vector of length d (read, never modified or kept)
     * @param gradient receives grad f(x), length d
     * @return f(x)
     */
    double evaluate(INDArray x, double[] gradient);

    /** grad f(x) as a new DOUBLE vector of length d ({@link #evaluate} without f). */
    default INDArray gradient(INDArray x) {
        double[] g = new double[Math.toIntExact(dimension())];
        evaluate(x, g);
        return Nd4j.createFromArray(g);
    }

    /**
     * The full gradient of {@code net} over {@code examples}: {@link FusedFullGradient} when the
     * network has the {@link DenseBnReluSoftmax} form, else {@link EngineFullGradient} with chunks
     * of {@link InferenceGradientEngine#DEFAULT_MAX_CHUNK}. The network is bound: its BatchNorm
     * running statistics are read at every evaluation.
     */
    static FullGradient of(MultiLayerNetwork net, ExampleMatrix examples) {
        return DenseBnReluSoftmax.unsupportedReason(net) == null ? new FusedFullGradient(net, examples)
                : new EngineFullGradient(net, examples.featureMatrix(), examples.labelMatrix(),
                        InferenceGradientEngine.DEFAULT_MAX_CHUNK);
    }

    /** Checks the gradient buffer's length against d. */
    static void requireLength(FullGradient f, double[] gradient) {
        if (gradient.length != f.dimension()) {
            throw new IllegalArgumentException("gradient buffer has length " + gradient.length + "; expected d = "
                    + f.dimension());
        }
    }
}
