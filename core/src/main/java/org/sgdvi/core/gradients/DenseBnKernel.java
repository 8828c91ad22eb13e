package org.sgdvi.core.gradients;

import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas;

/**
 * The arithmetic of {@link DenseBnReluSoftmax} on flat float arrays, without allocation per call.
 *
 * <p>Forward pass for a row x of inputs: z = x W1 + b1; BatchNorm xhat = (z - m) / sqrt(v + eps),
 * a = gamma xhat + beta; h = max(a, 0); logits l = h W2 + b2; p = softmax(l) (clipped below at
 * 1e-10 as DL4J's {@code LossMCXENT} does); loss f_k = -sum_c y_c log p_c.
 *
 * <p>{@link #trainStep}: BatchNorm in training mode (m, v the mini-batch mean and biased variance),
 * the gradient of the mean loss over the batch (BatchNorm backward through the batch statistics),
 * the running statistics stat &lt;- decay stat + (1 - decay) batch statistic, and heavy-ball
 * momentum u &lt;- mu u + g, x &lt;- x - eta u ({@link org.sgdvi.core.train.PlainMomentum}), all
 * in float32 as DL4J's {@code fit} does it.
 *
 * <p>{@link #inferenceGradientSum}: BatchNorm in inference mode (m, v the running statistics, so
 * the loss is a sum of per-example terms) and sum_k grad f_k(x) over a set of examples, in chunks
 * of {@link #CHUNK} with float partial sums added into double totals.
 *
 * <p>The two products with the first layer's weights (z = X W1 forward, X^T dz backward) are single
 * OpenBLAS sgemm calls on the Java arrays; the rest are loops.
 *
 * <p>Not thread-safe (scratch arrays); use one kernel per thread.
 */
public final class DenseBnKernel {

    /** Examples per chunk of the inference-mode pass. */
    public static final int CHUNK = 256;

    private static final float CLIP = 1e-10f;

    private final DenseBnReluSoftmax arch;
    private final int p;
    private final int h;
    private final int c;
    private final int d;
    private final float eps;
    private final float decay;
    private int capacity;
    private float[] z;
    private float[] xhat;
    private float[] act;
    private float[] dl;
    private float[] dz;
    private float[] rowScratch;
    private final float[] grad;
    private final double[] mean;
    private final double[] var;
    private final float[] meanF;
    private final float[] varF;
    private final float[] std;
    private final float[] sumDxhat;
    private final float[] sumDxhatXmu;
    private final float[] sumXmu;

    /** A kernel for the given architecture. */
    public DenseBnKernel(DenseBnReluSoftmax arch) {
        this.arch = arch;
        this.p = arch.inputs();
        this.h = arch.hidden();
        this.c = arch.classes();
        this.d = arch.dimension();
        this.eps = (float) arch.eps();
        this.decay = (float) arch.decay();
        this.grad = new float[d];
        this.mean = new double[h];
        this.var = new double[h];
        this.meanF = new float[h];
        this.varF = new float[h];
        this.std = new float[h];
        this.sumDxhat = new float[h];
        this.sumDxhatXmu = new float[h];
        this.sumXmu = new float[h];
        ensureCapacity(CHUNK);
    }

    /** The architecture. */
    public DenseBnReluSoftmax architecture() {
        return arch;
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacity) {
            return;
        }
        capacity = rows;
        z = new float[rows * h];
        xhat = new float[rows * h];
        act = new float[rows * h];
        dl = new float[rows * c];
        dz = new float[rows * h];
        rowScratch = new float[rows * p];
    }

    /**
     * One SGD step on a mini-batch of b examples (rows {@code row0 .. row0 + b - 1} of the arrays).
     *
     * @param x trainable weights (updated)
     * @param u momentum buffers (updated; ignored when mu = 0 and left at zero)
     * @param runMean BatchNorm running mean (updated)
     * @param runVar BatchNorm running variance (updated)
     * @param features inputs, p floats per row
     * @param labels label distributions, c floats per row
     * @param row0 first row
     * @param b batch size
     * @param lr eta
     * @param mu momentum
     * @return the mean loss over the batch (DL4J's score without regularization)
     */
    public double trainStep(float[] x, float[] u, float[] runMean, float[] runVar, float[] features, float[] labels,
                            int row0, int b, float lr, float mu) {
        ensureCapacity(b);
        dense1(x, features, row0, b);
        // batch statistics
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(var, 0);
        for (int r = 0; r < b; r++) {
            int o = r * h;
            for (int j = 0; j < h; j++) {
                mean[j] += z[o + j];
            }
        }
        for (int j = 0; j < h; j++) {
            meanF[j] = (float) (mean[j] / b);
        }
        for (int r = 0; r < b; r++) {
            int o = r * h;
            for (int j = 0; j < h; j++) {
                double t = z[o + j] - meanF[j];
                var[j] += t * t;
            }
        }
        for (int j = 0; j < h; j++) {
            varF[j] = (float) (var[j] / b);
            std[j] = (float) Math.sqrt(varF[j] + eps);
        }
        normalizeAndActivate(x, b, meanF, std, true);
        double loss = softmaxLoss(x, labels, row0, b);
        // backward
        java.util.Arrays.fill(grad, 0f);
        dense2Backward(x, b);
        int og = arch.offsetGamma();
        int obe = arch.offsetBeta();
        java.util.Arrays.fill(sumDxhat, 0f);
        java.util.Arrays.fill(sumDxhatXmu, 0f);
        java.util.Arrays.fill(sumXmu, 0f);
        for (int r = 0; r < b; r++) {
            int o = r * h;
            for (int j = 0; j < h; j++) {
                float da = dz[o + j];
                grad[og + j] += da * xhat[o + j];
                grad[obe + j] += da;
                float dxh = da * x[og + j];
                float xmu = z[o + j] - meanF[j];
                dz[o + j] = dxh;
                sumDxhat[j] += dxh;
                sumDxhatXmu[j] += dxh * xmu;
                sumXmu[j] += xmu;
            }
        }
        // dL/dvar = -0.5 sum(dxhat xmu) std^-3; dL/dmu = -sum(dxhat)/std - (2/b) sum(xmu) dL/dvar;
        // dL/dz = dxhat / std + xmu (2/b) dL/dvar + dL/dmu / b
        float[] dVar2 = sumDxhatXmu;
        float[] dMu = sumDxhat;
        for (int j = 0; j < h; j++) {
            float s = std[j];
            float dLdVar = sumDxhatXmu[j] * -0.5f / (s * s * s);
            float dLdMu = -sumDxhat[j] / s + sumXmu[j] * (-2.0f / b) * dLdVar;
            dVar2[j] = dLdVar * (2.0f / b);
            dMu[j] = dLdMu / b;
        }
        for (int r = 0; r < b; r++) {
            int o = r * h;
            for (int j = 0; j < h; j++) {
                float xmu = z[o + j] - meanF[j];
                dz[o + j] = dz[o + j] / std[j] + xmu * dVar2[j] + dMu[j];
            }
        }
        dense1Backward(features, row0, b);
        // mean over the batch, running statistics, momentum step
        float inv = b;
        for (int k = 0; k < d; k++) {
            grad[k] /= inv;
        }
        float keep = 1f - decay;
        for (int j = 0; j < h; j++) {
            runMean[j] = decay * runMean[j] + keep * meanF[j];
            runVar[j] = decay * runVar[j] + keep * varF[j];
        }
        if (mu == 0f) {
            for (int k = 0; k < d; k++) {
                x[k] -= lr * grad[k];
            }
        } else {
            for (int k = 0; k < d; k++) {
                float uk = mu * u[k] + grad[k];
                u[k] = uk;
                x[k] -= uk * lr;
            }
        }
        return loss / b;
    }

    /**
     * Adds sum_k grad f_k(x) over all examples of {@code data} into {@code gradSum} (length d, in
     * x's order), with BatchNorm in inference mode; returns sum_k f_k(x).
     */
    public double inferenceGradientSum(float[] x, float[] runMean, float[] runVar, ExampleMatrix data,
                                       double[] gradSum) {
        if (data.featureSize() != p || data.classes() != c) {
            throw new IllegalArgumentException("examples have " + data.featureSize() + " inputs and " + data.classes()
                    + " classes, the network takes " + p + " and " + c);
        }
        if (gradSum.length != d) {
            throw new IllegalArgumentException("gradient buffer has length " + gradSum.length + ", expected d = " + d);
        }
        for (int j = 0; j < h; j++) {
            meanF[j] = runMean[j];
            std[j] = (float) Math.sqrt(runVar[j] + eps);
        }
        double loss = 0;
        int og = arch.offsetGamma();
        int obe = arch.offsetBeta();
        for (int row0 = 0; row0 < data.examples(); row0 += CHUNK) {
            int b = Math.min(CHUNK, data.examples() - row0);
            dense1(x, data.features(), row0, b);
            normalizeAndActivate(x, b, meanF, std, false);
            loss += softmaxLoss(x, data.labels(), row0, b);
            java.util.Arrays.fill(grad, 0f);
            dense2Backward(x, b);
            for (int r = 0; r < b; r++) {
                int o = r * h;
                for (int j = 0; j < h; j++) {
                    float da = dz[o + j];
                    grad[og + j] += da * xhat[o + j];
                    grad[obe + j] += da;
                    dz[o + j] = da * x[og + j] / std[j];
                }
            }
            dense1Backward(data.features(), row0, b);
            for (int k = 0; k < d; k++) {
                gradSum[k] += grad[k];
            }
        }
        return loss;
    }

    /** z = x W1 + b1 for b rows: b1 broadcast into z, then one sgemm z += X W1 ([b, p] [p, h]). */
    private void dense1(float[] x, float[] features, int row0, int b) {
        int ob1 = arch.offsetB1();
        for (int r = 0; r < b; r++) {
            System.arraycopy(x, ob1, z, r * h, h);
        }
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, b, h, p, 1f,
                rows(features, row0, b), p, FloatBuffer.wrap(x, arch.offsetW1(), p * h), h, 1f, FloatBuffer.wrap(z), h);
    }

    /** xhat = (z - m) / s, a = gamma xhat + beta, act = relu(a); training mode keeps a's sign in act. */
    private void normalizeAndActivate(float[] x, int b, float[] m, float[] s, boolean training) {
        int og = arch.offsetGamma();
        int obe = arch.offsetBeta();
        for (int r = 0; r < b; r++) {
            int o = r * h;
            for (int j = 0; j < h; j++) {
                float xh = (z[o + j] - m[j]) / s[j];
                xhat[o + j] = xh;
                float a = xh * x[og + j] + x[obe + j];
                act[o + j] = a > 0f ? a : 0f;
            }
        }
    }

    /** Logits, clipped softmax, dl = p - y (unscaled); returns the summed loss of the b rows. */
    private double softmaxLoss(float[] x, float[] labels, int row0, int b) {
        int ow2 = arch.offsetW2();
        int ob2 = arch.offsetB2();
        double loss = 0;
        for (int r = 0; r < b; r++) {
            int o = r * c;
            int oh = r * h;
            for (int k = 0; k < c; k++) {
                dl[o + k] = 0f;
            }
            for (int j = 0; j < h; j++) {
                float aj = act[oh + j];
                int w = ow2 + j * c;
                for (int k = 0; k < c; k++) {
                    dl[o + k] += aj * x[w + k];
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                dl[o + k] += x[ob2 + k];
                max = Math.max(max, dl[o + k]);
            }
            float sum = 0f;
            for (int k = 0; k < c; k++) {
                float e = (float) Math.exp(dl[o + k] - max);
                dl[o + k] = e;
                sum += e;
            }
            int ol = (row0 + r) * c;
            for (int k = 0; k < c; k++) {
                float pk = dl[o + k] / sum;
                if (pk < CLIP) {
                    pk = CLIP;
                }
                float y = labels[ol + k];
                if (y != 0f) {
                    loss -= y * Math.log(pk);
                }
                dl[o + k] = pk - y;
            }
        }
        return loss;
    }

    /** grad W2 += act^T dl, grad b2 += sum dl, dz = (dl W2^T) * [a &gt; 0]. */
    private void dense2Backward(float[] x, int b) {
        int ow2 = arch.offsetW2();
        int ob2 = arch.offsetB2();
        for (int r = 0; r < b; r++) {
            int o = r * c;
            int oh = r * h;
            for (int j = 0; j < h; j++) {
                float aj = act[oh + j];
                int w = ow2 + j * c;
                float back = 0f;
                for (int k = 0; k < c; k++) {
                    float e = dl[o + k];
                    grad[w + k] += aj * e;
                    back += e * x[w + k];
                }
                dz[oh + j] = aj > 0f ? back : 0f;
            }
            for (int k = 0; k < c; k++) {
                grad[ob2 + k] += dl[o + k];
            }
        }
    }

    /** grad W1 += X^T dz (one sgemm, [p, b] [b, h]), grad b1 += sum dz. */
    private void dense1Backward(float[] features, int row0, int b) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasTrans, openblas.CblasNoTrans, p, h, b, 1f,
                rows(features, row0, b), p, FloatBuffer.wrap(dz), h, 1f, FloatBuffer.wrap(grad, arch.offsetW1(), p * h), h);
        int ob1 = arch.offsetB1();
        for (int r = 0; r < b; r++) {
            int o = r * h;
            for (int j = 0; j < h; j++) {
                grad[ob1 + j] += dz[o + j];
            }
        }
    }

    /**
     * Rows row0 .. row0 + b - 1 of the [N, p] row-major features for sgemm: the array itself when it holds just
     * those rows, else a copy of them in a scratch array (JavaCPP hands a heap array to native code whole, so a
     * view into a large one would copy all N rows per call).
     */
    private FloatBuffer rows(float[] features, int row0, int b) {
        if (row0 == 0 && features.length == b * p) {
            return FloatBuffer.wrap(features);
        }
        System.arraycopy(features, row0 * p, rowScratch, 0, b * p);
        return FloatBuffer.wrap(rowScratch, 0, b * p);
    }
}
