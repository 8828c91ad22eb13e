package org.sgdvi.core.dynamics.linear;

import java.util.function.IntConsumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.EngineFullGradient;

/**
 * Measures the two matrices of Lemma 20 on a trained network at its weights x*, over N examples, in
 * DOUBLE and inference mode (BatchNorm running statistics fixed, dropout off):
 * <ul>
 *   <li>F, the Hessian of the training loss f(x) = (1/N) sum_k f_k(x), by
 *       {@link FiniteDifferenceHessian} on the exact full gradient of {@link EngineFullGradient};</li>
 *   <li>D = (1/N) sum_k g_k g_k^T - grad f grad f^T (eq. 2, with replacement) by
 *       {@link DiffusionEstimator} from the same per-example gradients.</li>
 * </ul>
 * The decomposition F = (D + Q) U itself is {@link LyapunovLinearization}'s. The network passed in
 * is never modified (the work is done on a DOUBLE copy).
 */
public final class NetworkLinearization {

    /** Default number of examples per engine call. */
    public static final int DEFAULT_CHUNK = 256;

    private final FiniteDifferenceHessian hessian;
    private final int chunk;

    /** Relative finite-difference step h, chunks of {@link #DEFAULT_CHUNK}. */
    public NetworkLinearization(double step) {
        this(step, DEFAULT_CHUNK);
    }

    /**
     * @param step the relative finite-difference step h (see {@link FiniteDifferenceHessian})
     * @param chunk examples per engine call
     */
    public NetworkLinearization(double step, int chunk) {
        this.hessian = new FiniteDifferenceHessian(step);
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk is " + chunk + "; expected at least 1");
        }
        this.chunk = chunk;
    }

    /** The relative finite-difference step. */
    public double step() {
        return hessian.step();
    }

    /**
     * A DOUBLE copy of {@code net} (parameters, BatchNorm running statistics included, converted from
     * FLOAT when needed); {@code net} itself is untouched.
     */
    public static MultiLayerNetwork inDouble(MultiLayerNetwork net) {
        if (net.params() == null) {
            throw new IllegalArgumentException("network is not initialized; call net.init() first");
        }
        return net.params().dataType() == DataType.DOUBLE ? net.clone() : net.convertDataType(DataType.DOUBLE);
    }

    /** The per-example gradients of {@code loss} at its network's current weights, as a chunk stream. */
    private static GradientChunkSource rows(EngineFullGradient loss) {
        return new GradientChunkSource() {
            @Override
            public long dimension() {
                return loss.dimension();
            }

            @Override
            public void forEachChunk(java.util.function.Consumer<INDArray> consumer) {
                loss.forEachChunk(consumer);
            }

            @Override
            public long chunkRowsHint() {
                return loss.chunkRows();
            }

            @Override
            public long exampleCount() {
                return loss.exampleCount();
            }
        };
    }

    /** {@link #measure(MultiLayerNetwork, INDArray, INDArray, IntConsumer)} without progress reports. */
    public NetworkQuadratic measure(MultiLayerNetwork net, INDArray features, INDArray labels) {
        return measure(net, features, labels, i -> { });
    }

    /**
     * F and D of {@code net} at its current weights over the examples (features [N, ...], one-hot labels [N, classes]).
     *
     * @param progress called with the number of Hessian columns done
     */
    public NetworkQuadratic measure(MultiLayerNetwork net, INDArray features, INDArray labels, IntConsumer progress) {
        EngineFullGradient loss = new EngineFullGradient(inDouble(net), features, labels, chunk);
        INDArray x = loss.weights();
        long t0 = System.nanoTime();
        DiffusionMatrix d = new DiffusionEstimator(DataType.DOUBLE, Sampling.WITH_REPLACEMENT).estimate(rows(loss));
        long t1 = System.nanoTime();
        HessianEstimate f;
        try {
            f = hessian.estimate(loss, x, progress);
        } finally {
            loss.setWeights(x);
        }
        long t2 = System.nanoTime();
        return new NetworkQuadratic(x, d, f, loss.exampleCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
}
