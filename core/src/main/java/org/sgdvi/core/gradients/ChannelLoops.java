package org.sgdvi.core.gradients;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-example, per-channel element-wise passes over FLOAT arrays laid out as [m, C, positions]
 * (NCHW activations, or [m, C] with one position), each one loop over the arrays' own memory: one
 * example at a time is copied into a Java array, transformed, and written back. They replace chains
 * of small ND4J broadcasts and reductions whose dispatch and extra passes dominated a JFR profile of
 * the per-example gradients of small-lenet and small-allcnn (BatchNorm forward and backward, the
 * convolution bias, ReLU back-propagation). Every loop computes what the ND4J chain it replaces
 * computes, element by element in float32; only the per-channel sums are accumulated in double
 * before being rounded to float (so they differ from ND4J's float sums by float32 rounding).
 *
 * <p>{@link #applies} says whether arrays qualify (FLOAT, C-contiguous, in a buffer with a host
 * address); callers fall back to ND4J otherwise (e.g. DOUBLE networks).
 */
final class ChannelLoops {

    private ChannelLoops() {
    }

    /** Whether every array is FLOAT, C-contiguous (without gaps) and addressable on the host. */
    static boolean applies(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || !contiguous(a) || !addressable(a) || a.length() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** Whether a's elements lie in C order without gaps (strides of dimensions of size 1 do not matter). */
    static boolean contiguous(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) > 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    /** Whether a's buffer has a host address pointer at the buffer's start (as {@link #at} assumes). */
    private static boolean addressable(INDArray a) {
        return a.data().addressPointer() != null && a.data().addressPointer().position() == 0;
    }

    /** A pointer at a's first element (the buffer's address pointer already points at the buffer's own offset). */
    static FloatPointer at(INDArray a) {
        return new FloatPointer(a.data().addressPointer()).position(a.offset() - a.data().offset());
    }

    /** An [m, C, ...] array seen as m examples of C channels of p positions (n = C p numbers per example). */
    private record Planes(int m, int channels, int p) {
        static Planes of(INDArray a) {
            return new Planes((int) a.size(0), (int) a.size(1), (int) (a.length() / (a.size(0) * a.size(1))));
        }

        int n() {
            return channels * p;
        }
    }

    /**
     * out = in * scale_c + shift_c per channel c (dimension 1); {@code scale} null means 1. in and out
     * may be the same array.
     */
    static void affine(INDArray in, float[] scale, float[] shift, INDArray out) {
        Planes q = Planes.of(in);
        FloatPointer src = at(in);
        FloatPointer dst = at(out);
        long s0 = src.position();
        long d0 = dst.position();
        float[] buf = new float[q.n()];
        for (int k = 0; k < q.m(); k++) {
            src.position(s0 + (long) k * q.n()).get(buf, 0, q.n());
            for (int c = 0; c < q.channels(); c++) {
                float a = scale == null ? 1f : scale[c];
                float b = shift[c];
                int from = c * q.p();
                int to = from + q.p();
                if (scale == null) {
                    for (int i = from; i < to; i++) {
                        buf[i] = buf[i] + b;
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        buf[i] = buf[i] * a + b;
                    }
                }
            }
            dst.position(d0 + (long) k * q.n()).put(buf, 0, q.n());
        }
    }

    /** Elements per block of the element-wise loops. */
    private static final int BLOCK = 8192;

    /** out = max(in, 0) element-wise (ReLU); in and out may be the same array. */
    static void relu(INDArray in, INDArray out) {
        reluPass(in, null, out);
    }

    /**
     * ReLU back-propagation, OVERWRITING z: z &lt;- (z &gt; 0 ? e : 0) element-wise (ND4J's
     * {@code relu_bp}: derivative 0 at z = 0).
     */
    static void reluBackwardInPlace(INDArray z, INDArray e) {
        reluPass(z, e, z);
    }

    /** out = max(z, 0), or with e given out = (z &gt; 0 ? e : 0), element-wise in blocks; out may be z. */
    private static void reluPass(INDArray z, INDArray e, INDArray out) {
        long n = z.length();
        FloatPointer zp = at(z);
        FloatPointer ep = e == null ? null : at(e);
        FloatPointer op = at(out);
        long z0 = zp.position();
        long e0 = ep == null ? 0 : ep.position();
        long o0 = op.position();
        int size = (int) Math.min(n, BLOCK);
        float[] zb = new float[size];
        float[] eb = e == null ? null : new float[size];
        for (long from = 0; from < n; from += BLOCK) {
            int len = (int) Math.min(BLOCK, n - from);
            zp.position(z0 + from).get(zb, 0, len);
            if (eb == null) {
                for (int i = 0; i < len; i++) {
                    zb[i] = Math.max(zb[i], 0f); // a vectorized max; -0 and NaN aside, as ND4J's relu
                }
            } else {
                ep.position(e0 + from).get(eb, 0, len);
                for (int i = 0; i < len; i++) {
                    zb[i] = Float.intBitsToFloat(Float.floatToRawIntBits(eb[i]) & positiveMask(zb[i]));
                }
            }
            op.position(o0 + from).put(zb, 0, len);
        }
    }

    /**
     * All ones where z &gt; 0 (0 &lt; bits &lt;= those of +infinity), else 0 (zeros, negatives, NaN): the
     * branch-free form of {@code z > 0 ? e : 0}, whose branch the JIT may keep and mispredict on
     * activations of random sign (measured at about 5 ns an element against 0.5 ns for this mask).
     */
    private static int positiveMask(float z) {
        int t = Float.floatToRawIntBits(z) - 1; // in [0, 0x7f7fffff] exactly when z > 0
        return ~((t | (0x7f7fffff - t)) >> 31);
    }

    /**
     * Per example k and channel c: sums_kc = sum over positions of a_kc, written into row k of
     * {@code sums} ([m, C], unit stride along C, any row stride: a block of the gradient rows).
     */
    static void channelSums(INDArray a, INDArray sums) {
        Planes q = Planes.of(a);
        FloatPointer src = at(a);
        long s0 = src.position();
        FloatPointer dst = rowsOf(sums, q.m(), q.channels());
        long d0 = dst.position();
        long rowStride = sums.stride(0);
        float[] buf = new float[q.n()];
        float[] out = new float[q.channels()];
        for (int k = 0; k < q.m(); k++) {
            src.position(s0 + (long) k * q.n()).get(buf, 0, q.n());
            for (int c = 0; c < q.channels(); c++) {
                out[c] = (float) sum(buf, c * q.p(), q.p());
            }
            dst.position(d0 + k * rowStride).put(out, 0, q.channels());
        }
    }

    /** sum of a[from .. from + n) in double (see {@link #centredDot}). */
    private static double sum(float[] a, int from, int n) {
        return centredDot(a, null, 0f, from, n);
    }

    /**
     * sum of a[i] (b[i] - mu) over i in [from, from + n) (of a[i] alone when b is null), each product in
     * float, summed in double in four interleaved partial sums (independent add chains).
     */
    private static double centredDot(float[] a, float[] b, float mu, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int to = from + (n & ~3); i < to; i += 4) {
            s0 += b == null ? a[i] : a[i] * (b[i] - mu);
            s1 += b == null ? a[i + 1] : a[i + 1] * (b[i + 1] - mu);
            s2 += b == null ? a[i + 2] : a[i + 2] * (b[i + 2] - mu);
            s3 += b == null ? a[i + 3] : a[i + 3] * (b[i + 3] - mu);
        }
        for (int to = from + n; i < to; i++) {
            s0 += b == null ? a[i] : a[i] * (b[i] - mu);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** A pointer at the first row of a [m, C] block with unit column stride; refuses anything else. */
    private static FloatPointer rowsOf(INDArray block, int m, int channels) {
        if (block.dataType() != DataType.FLOAT || block.rank() != 2 || block.size(0) != m || block.size(1) != channels
                || (channels > 1 && block.stride(1) != 1) || !addressable(block)) {
            throw new IllegalArgumentException("per-example block is " + block.shapeInfoToString().replace('\n', ' ')
                    + "; expected FLOAT [" + m + ", " + channels + "] with unit column stride");
        }
        return at(block);
    }

    /**
     * Inference BatchNorm back-propagation in one pass per example, for e = dL/dy and the layer's
     * input a ([m, C, positions]): row k of {@code dGamma} gets sum_pos e (a - mu_c) / std_c, row k of
     * {@code dBeta} sum_pos e (both may be null: gamma and beta locked), and {@code inputError} (may be
     * null) gets e * scale_c.
     */
    static void batchNormBackward(INDArray e, INDArray a, float[] mean, float[] std, float[] scale,
                                  INDArray dGamma, INDArray dBeta, INDArray inputError) {
        Planes q = Planes.of(e);
        FloatPointer ep = at(e);
        FloatPointer ap = at(a);
        long e0 = ep.position();
        long a0 = ap.position();
        FloatPointer gp = dGamma == null ? null : rowsOf(dGamma, q.m(), q.channels());
        FloatPointer bp = dBeta == null ? null : rowsOf(dBeta, q.m(), q.channels());
        long g0 = gp == null ? 0 : gp.position();
        long b0 = bp == null ? 0 : bp.position();
        FloatPointer ip = inputError == null ? null : at(inputError);
        long i0 = ip == null ? 0 : ip.position();
        float[] eb = new float[q.n()];
        float[] ab = gp == null ? null : new float[q.n()];
        float[] gRow = new float[q.channels()];
        float[] bRow = new float[q.channels()];
        for (int k = 0; k < q.m(); k++) {
            ep.position(e0 + (long) k * q.n()).get(eb, 0, q.n());
            if (gp != null) {
                ap.position(a0 + (long) k * q.n()).get(ab, 0, q.n());
                for (int c = 0; c < q.channels(); c++) {
                    gRow[c] = (float) (centredDot(eb, ab, mean[c], c * q.p(), q.p()) / std[c]);
                    bRow[c] = (float) sum(eb, c * q.p(), q.p());
                }
                gp.position(g0 + k * dGamma.stride(0)).put(gRow, 0, q.channels());
            } else if (bp != null) {
                for (int c = 0; c < q.channels(); c++) {
                    bRow[c] = (float) sum(eb, c * q.p(), q.p());
                }
            }
            if (bp != null) {
                bp.position(b0 + k * dBeta.stride(0)).put(bRow, 0, q.channels());
            }
            if (ip != null) {
                for (int c = 0; c < q.channels(); c++) {
                    float s = scale[c];
                    for (int i = c * q.p(), to = i + q.p(); i < to; i++) {
                        eb[i] *= s;
                    }
                }
                ip.position(i0 + (long) k * q.n()).put(eb, 0, q.n());
            }
        }
    }
}
