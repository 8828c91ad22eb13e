package org.sgdvi.core.gradients;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col and its adjoint col2im on FLOAT arrays: for an NCHW input of c channels of H x W, kernel
 * kH x kW, stride, padding and dilation, entry (ch, i, j, oh, ow) of an example's receptive-field
 * matrix [K, P] (K = c kH kW rows, P = oH oW positions, libnd4j's im2col layout) is the input pixel
 * (ch, oh sH + i dH - pH, ow sW + j dW - pW), or 0 where that falls into the padding.
 * {@link #gather} writes that matrix; {@link #scatter} is its transpose, the input error
 * dL/da(pixel) = sum of dL/dcols over the entries that read the pixel.
 *
 * <p>With unit stride and long rows both walk the matrix by rows of ow for fixed (ch, i, j, oh): such a
 * row reads (or, scattered, adds to) one input row at pixels w0 + ow for ow in a range [lo_j, hi_j)
 * that depends on j only, and lies wholly in the padding when its input row h does; so each row is a
 * block copy (an added block) and zero fills, with no index per entry. Otherwise the pixel of every
 * entry is computed once per geometry and looked up. Each example is one bulk read of its input (its
 * column errors) and one bulk write. This replaces libnd4j's im2col and col2im, where profiles of the
 * per-example gradients of small-lenet and small-allcnn found a fifth and then a third of the time.
 */
final class ReceptiveFields {

    private final int channels;
    private final int height;
    private final int width;
    private final int kH;
    private final int kW;
    private final int sH;
    private final int sW;
    private final int pH;
    private final int pW;
    private final int dH;
    private final int dW;
    private final int oH;
    private final int oW;
    /** For kernel column j: the first ow whose input column lies inside the image, and one past the last. */
    private final int[] lo;
    private final int[] hi;
    /**
     * For row r = ((ch kH + i) kW + j) oH + oh of an example's [K, P] matrix (its entries r oW .. r oW + oW - 1):
     * the input pixel read at ow = lo_j, or -1 when the whole row lies in the padding; and lo_j, hi_j.
     */
    private final int[] rowPixel;
    private final int[] rowLo;
    private final int[] rowHi;
    /**
     * Null when rows are walked as block copies (unit stride, rows of at least {@link #MIN_ROW}); else,
     * for every entry of an example's [K, P] matrix, its input pixel within the example, or -1 (padding):
     * on short or strided rows one index per entry was measured faster than the row walk.
     */
    private final int[] source;
    /** The shortest output row (oW) walked as a block copy. */
    private static final int MIN_ROW = 16;

    /**
     * @param kernel kH, kW
     * @param stride sH, sW
     * @param pad top and left padding pH, pW
     * @param dilation dH, dW
     * @param outSize oH, oW
     */
    ReceptiveFields(long channels, long height, long width, int[] kernel, int[] stride, int[] pad, int[] dilation,
                    int[] outSize) {
        long entries = channels * kernel[0] * kernel[1] * outSize[0] * outSize[1];
        if (entries > Integer.MAX_VALUE || channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("receptive fields of " + entries + " entries per example exceed an int index");
        }
        this.channels = (int) channels;
        this.height = (int) height;
        this.width = (int) width;
        this.kH = kernel[0];
        this.kW = kernel[1];
        this.sH = stride[0];
        this.sW = stride[1];
        this.pH = pad[0];
        this.pW = pad[1];
        this.dH = dilation[0];
        this.dW = dilation[1];
        this.oH = outSize[0];
        this.oW = outSize[1];
        lo = new int[kW];
        hi = new int[kW];
        for (int j = 0; j < kW; j++) {
            int first = 0;
            while (first < oW && column(first, j) < 0) {
                first++;
            }
            int last = first;
            while (last < oW && column(last, j) < width) {
                last++;
            }
            lo[j] = first;
            hi[j] = last;
        }
        source = sW == 1 && oW >= MIN_ROW ? null : sourceTable();
        rowPixel = new int[this.channels * kH * kW * oH];
        rowLo = new int[rowPixel.length];
        rowHi = new int[rowPixel.length];
        int r = 0;
        for (int ch = 0; ch < this.channels; ch++) {
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    for (int oh = 0; oh < oH; oh++) {
                        int h = oh * sH + i * dH - pH;
                        rowLo[r] = lo[j];
                        rowHi[r] = hi[j];
                        rowPixel[r++] = h < 0 || h >= this.height || lo[j] >= hi[j] ? -1
                                : (ch * this.height + h) * this.width + column(lo[j], j);
                    }
                }
            }
        }
    }


    private int[] sourceTable() {
        int[] table = new int[entries()];
        int e = 0;
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    for (int oh = 0; oh < oH; oh++) {
                        int h = oh * sH + i * dH - pH;
                        for (int ow = 0; ow < oW; ow++) {
                            int w = column(ow, j);
                            table[e++] = h < 0 || h >= height || w < 0 || w >= width ? -1 : (ch * height + h) * width + w;
                        }
                    }
                }
            }
        }
        return table;
    }

    /** The input column read at output column ow by kernel column j (may lie in the padding). */
    private int column(int ow, int j) {
        return ow * sW + j * dW - pW;
    }

    /** Whether this gather applies to an input of this shape. */
    boolean fits(long[] inputShape) {
        return inputShape.length == 4 && inputShape[1] == channels && inputShape[2] == height && inputShape[3] == width;
    }

    /** Whether {@link #gather} can read x and write an [m, K, P] result (FLOAT, C-contiguous, int-indexable). */
    static boolean applies(INDArray x, long entriesPerExample) {
        return x.dataType() == DataType.FLOAT && ChannelLoops.contiguous(x) && x.offset() + x.length() <= Integer.MAX_VALUE
                && x.size(0) * entriesPerExample <= Integer.MAX_VALUE;
    }

    private int entries() {
        return channels * kH * kW * oH * oW;
    }

    /**
     * The receptive fields of every example of x ([m, c, H, W], FLOAT, C-contiguous) written into
     * {@code cols} (a new C-order FLOAT array of m K P elements). ND4J's NIO view of a buffer starts
     * at the buffer's origin, so an array's first element is at its {@code offset()} there.
     */
    void gather(INDArray x, INDArray cols) {
        int m = (int) x.size(0);
        int in = channels * height * width;
        int out = entries();
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer cb = cols.data().asNioFloat();
        int x0 = (int) x.offset();
        int c0 = (int) cols.offset();
        float[] pixels = new float[in];
        float[] fields = new float[out];
        for (int k = 0; k < m; k++) {
            xb.get(x0 + k * in, pixels, 0, in);
            if (source != null) {
                for (int e = 0; e < out; e++) {
                    int src = source[e];
                    fields[e] = src < 0 ? 0f : pixels[src];
                }
                cb.put(c0 + k * out, fields, 0, out);
                continue;
            }
            for (int r = 0, e = 0; r < rowPixel.length; r++, e += oW) {
                int src = rowPixel[r];
                if (src < 0) {
                    java.util.Arrays.fill(fields, e, e + oW, 0f);
                    continue;
                }
                int a = rowLo[r];
                int b = rowHi[r];
                java.util.Arrays.fill(fields, e, e + a, 0f);
                System.arraycopy(pixels, src, fields, e + a, b - a);
                java.util.Arrays.fill(fields, e + b, e + oW, 0f);
            }
            cb.put(c0 + k * out, fields, 0, out);
        }
    }

    /**
     * col2im: for column errors {@code dCols} ([n, K, P], FLOAT, C-contiguous) writes
     * {@code inputError} ([n, c, H, W], a C-order FLOAT array, overwritten): every pixel gets the sum
     * of the entries that read it, 0 if none does.
     */
    void scatter(INDArray dCols, INDArray inputError) {
        int n = (int) dCols.size(0);
        int in = channels * height * width;
        int out = entries();
        FloatBuffer db = dCols.data().asNioFloat();
        FloatBuffer eb = inputError.data().asNioFloat();
        int d0 = (int) dCols.offset();
        int e0 = (int) inputError.offset();
        float[] pixels = new float[in];
        float[] fields = new float[out];
        for (int k = 0; k < n; k++) {
            db.get(d0 + k * out, fields, 0, out);
            java.util.Arrays.fill(pixels, 0f);
            if (source != null) {
                for (int e = 0; e < out; e++) {
                    int dst = source[e];
                    if (dst >= 0) {
                        pixels[dst] += fields[e];
                    }
                }
                eb.put(e0 + k * in, pixels, 0, in);
                continue;
            }
            for (int r = 0, e = 0; r < rowPixel.length; r++, e += oW) {
                int dst = rowPixel[r];
                if (dst < 0) {
                    continue;
                }
                int shift = dst - (e + rowLo[r]);
                for (int f = e + rowLo[r], to = e + rowHi[r]; f < to; f++) {
                    pixels[f + shift] += fields[f];
                }
            }
            eb.put(e0 + k * in, pixels, 0, in);
        }
    }
}
