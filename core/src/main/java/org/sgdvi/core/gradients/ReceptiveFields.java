package org.sgdvi.core.gradients;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col as one precomputed gather: for an NCHW input of c channels of H x W, kernel kH x kW, stride,
 * padding and dilation, entry (ch, i, j, oh, ow) of an example's receptive-field matrix [K, P]
 * (K = c kH kW rows, P = oH oW positions, libnd4j's im2col layout) is the input pixel
 * (ch, oh sH + i dH - pH, ow sW + j dW - pW), or 0 where that falls into the padding. The index of
 * every entry is computed once per geometry; each example is then one bulk read of its input, one
 * gather loop and one bulk write. This replaces libnd4j's im2col for FLOAT arrays, where a profile of
 * the per-example gradients of small-lenet found a fifth of the time.
 */
final class ReceptiveFields {

    private final long channels;
    private final long height;
    private final long width;
    /** For every entry of an example's [K, P] matrix, its input pixel within the example, or -1 (padding). */
    private final int[] source;

    /**
     * @param kernel kH, kW
     * @param stride sH, sW
     * @param pad top and left padding pH, pW
     * @param dilation dH, dW
     * @param outSize oH, oW
     */
    ReceptiveFields(long channels, long height, long width, int[] kernel, int[] stride, int[] pad, int[] dilation,
                    int[] outSize) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        long entries = channels * kernel[0] * kernel[1] * outSize[0] * outSize[1];
        if (entries > Integer.MAX_VALUE || channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("receptive fields of " + entries + " entries per example exceed an int index");
        }
        source = new int[(int) entries];
        int e = 0;
        for (long ch = 0; ch < channels; ch++) {
            for (int i = 0; i < kernel[0]; i++) {
                for (int j = 0; j < kernel[1]; j++) {
                    for (int oh = 0; oh < outSize[0]; oh++) {
                        long h = (long) oh * stride[0] + (long) i * dilation[0] - pad[0];
                        for (int ow = 0; ow < outSize[1]; ow++) {
                            long w = (long) ow * stride[1] + (long) j * dilation[1] - pad[1];
                            source[e++] = h < 0 || h >= height || w < 0 || w >= width ? -1
                                    : (int) ((ch * height + h) * width + w);
                        }
                    }
                }
            }
        }
    }

    /** Whether this gather applies to an input of this shape. */
    boolean fits(long[] inputShape) {
        return inputShape.length == 4 && inputShape[1] == channels && inputShape[2] == height && inputShape[3] == width;
    }

    /** Whether {@link #gather} can read x and write an [m, K, P] result (FLOAT, C-contiguous, int-indexable). */
    static boolean applies(INDArray x, long entriesPerExample) {
        return x.dataType() == DataType.FLOAT && contiguous(x) && x.offset() + x.length() <= Integer.MAX_VALUE
                && x.size(0) * entriesPerExample <= Integer.MAX_VALUE;
    }

    /** Whether a's elements lie in C order without gaps (strides of dimensions of size 1 do not matter). */
    private static boolean contiguous(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) > 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    /**
     * The receptive fields of every example of x ([m, c, H, W], FLOAT, C-contiguous) written into
     * {@code cols} (a new C-order FLOAT array of m K P elements). ND4J's NIO view of a buffer starts
     * at the buffer's origin, so an array's first element is at its {@code offset()} there.
     */
    void gather(INDArray x, INDArray cols) {
        int m = (int) x.size(0);
        int in = (int) (channels * height * width);
        int out = source.length;
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer cb = cols.data().asNioFloat();
        int x0 = (int) x.offset();
        int c0 = (int) cols.offset();
        float[] pixels = new float[in];
        float[] fields = new float[out];
        int[] src = source;
        for (int k = 0; k < m; k++) {
            xb.get(x0 + k * in, pixels, 0, in);
            for (int e = 0; e < out; e++) {
                int s = src[e];
                fields[e] = s < 0 ? 0f : pixels[s];
            }
            cb.put(c0 + k * out, fields, 0, out);
        }
    }
}
