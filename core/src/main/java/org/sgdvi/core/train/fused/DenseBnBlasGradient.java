package org.sgdvi.core.train.fused;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference-mode gradient sum of {@link DenseBnKernel#inferenceGradientSum} computed with BLAS
 * for its two large products, which hold 90% of the arithmetic of a pass over N examples: per
 * chunk of up to {@link #CHUNK_ROWS} examples Z = X W1 (sgemm) and grad W1 += X^T dZ (sgemm); the
 * rest (BatchNorm with running statistics, ReLU, the h x c output layer, softmax cross-entropy) in
 * loops. The input chunks are copied to ND4J once. The same float32 arithmetic as the kernel up to
 * summation order; tested against it, so each is a second algorithm for the other. For tiny-fc
 * on 30,000 examples it is not faster than the kernel on a loaded 2-core machine (multi-threaded
 * tall-skinny sgemm), so the recorder uses the kernel; this one is for wider networks.
 */
public final class DenseBnBlasGradient {

    /** Examples per chunk: memory O(CHUNK_ROWS (p + h)), never N x d. */
    public static final int CHUNK_ROWS = 8192;

    private static final float CLIP = 1e-10f;

    private final DenseBnReluSoftmax arch;
    private final ExampleMatrix data;
    private final List<INDArray> inputs = new ArrayList<>();
    private final float[] z;
    private final float[] xhat;
    private final float[] act;
    private final float[] logits;
    private final float[] grad;

    /** Prepares the chunks of {@code data} for {@code arch}. */
    public DenseBnBlasGradient(DenseBnReluSoftmax arch, ExampleMatrix data) {
        if (data.featureSize() != arch.inputs() || data.classes() != arch.classes()) {
            throw new IllegalArgumentException("examples have " + data.featureSize() + " inputs and " + data.classes()
                    + " classes, the network takes " + arch.inputs() + " and " + arch.classes());
        }
        this.arch = arch;
        this.data = data;
        int p = arch.inputs();
        for (int row0 = 0; row0 < data.examples(); row0 += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, data.examples() - row0);
            float[] part = Arrays.copyOfRange(data.features(), row0 * p, (row0 + n) * p);
            inputs.add(Nd4j.create(part, new long[] {n, p}, 'c'));
        }
        int rows = Math.min(CHUNK_ROWS, data.examples());
        z = new float[rows * arch.hidden()];
        xhat = new float[rows * arch.hidden()];
        act = new float[rows * arch.hidden()];
        logits = new float[arch.classes()];
        grad = new float[arch.dimension()];
    }

    /** The architecture. */
    public DenseBnReluSoftmax architecture() {
        return arch;
    }

    /**
     * Adds sum_k grad f_k(x) over all examples into {@code gradSum} (x's order), BatchNorm in
     * inference mode; returns sum_k f_k(x).
     */
    public double gradientSum(float[] x, float[] runMean, float[] runVar, double[] gradSum) {
        int p = arch.inputs();
        int h = arch.hidden();
        int c = arch.classes();
        int ob1 = arch.offsetB1();
        int og = arch.offsetGamma();
        int obe = arch.offsetBeta();
        int ow2 = arch.offsetW2();
        int ob2 = arch.offsetB2();
        float eps = (float) arch.eps();
        float[] std = new float[h];
        for (int j = 0; j < h; j++) {
            std[j] = (float) Math.sqrt(runVar[j] + eps);
        }
        INDArray w1 = Nd4j.create(Arrays.copyOfRange(x, 0, p * h), new long[] {p, h}, 'c');
        float[] labels = data.labels();
        double loss = 0;
        int row0 = 0;
        for (INDArray in : inputs) {
            int n = (int) in.size(0);
            float[] zc = in.mmul(w1).dup('c').data().asFloat();
            Arrays.fill(grad, 0f);
            for (int r = 0; r < n; r++) {
                int o = r * h;
                for (int j = 0; j < h; j++) {
                    float zz = zc[o + j] + x[ob1 + j];
                    float xh = (zz - runMean[j]) / std[j];
                    xhat[o + j] = xh;
                    float a = xh * x[og + j] + x[obe + j];
                    act[o + j] = a > 0f ? a : 0f;
                }
                // output layer and softmax cross-entropy
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    float l = 0f;
                    for (int j = 0; j < h; j++) {
                        l += act[o + j] * x[ow2 + j * c + k];
                    }
                    l += x[ob2 + k];
                    logits[k] = l;
                    max = Math.max(max, l);
                }
                float sum = 0f;
                for (int k = 0; k < c; k++) {
                    float e = (float) Math.exp(logits[k] - max);
                    logits[k] = e;
                    sum += e;
                }
                int ol = (row0 + r) * c;
                for (int k = 0; k < c; k++) {
                    float pk = logits[k] / sum;
                    if (pk < CLIP) {
                        pk = CLIP;
                    }
                    float y = labels[ol + k];
                    if (y != 0f) {
                        loss -= y * Math.log(pk);
                    }
                    logits[k] = pk - y;
                    grad[ob2 + k] += logits[k];
                }
                for (int j = 0; j < h; j++) {
                    float aj = act[o + j];
                    float back = 0f;
                    for (int k = 0; k < c; k++) {
                        grad[ow2 + j * c + k] += aj * logits[k];
                        back += logits[k] * x[ow2 + j * c + k];
                    }
                    float da = aj > 0f ? back : 0f;
                    grad[og + j] += da * xhat[o + j];
                    grad[obe + j] += da;
                    float dz = da * x[og + j] / std[j];
                    z[o + j] = dz;
                    grad[ob1 + j] += dz;
                }
            }
            INDArray dz = Nd4j.create(Arrays.copyOf(z, n * h), new long[] {n, h}, 'c');
            float[] gw1 = in.transpose().mmul(dz).dup('c').data().asFloat();
            for (int k = 0; k < p * h; k++) {
                gradSum[k] += gw1[k];
            }
            for (int k = p * h; k < grad.length; k++) {
                gradSum[k] += grad[k];
            }
            row0 += n;
        }
        return loss;
    }

}
