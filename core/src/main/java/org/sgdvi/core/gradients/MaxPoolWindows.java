package org.sgdvi.core.gradients;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D max pooling of FLOAT NCHW arrays with the arg-max kept: for c channels of H x W, kernel
 * kH x kW, stride, top-left padding and dilation, output (ch, oh, ow) is the largest input over the
 * window's pixels (ch, oh sH + i dH - pH, ow sW + j dW - pW) that lie inside the image, and its
 * back-propagation adds the output error to that one pixel. Ties go to the first pixel in row-major
 * window order, as libnd4j's {@code maxpool2d_bp} breaks them (it takes a pixel only if strictly
 * larger). The window of every output is computed once per geometry; a chunk's forward pass stores
 * the arg-max of every output, so the backward pass is one scatter instead of libnd4j's pooling
 * backward op, which searches every window again (with the forward op, a third of a JFR profile of
 * small-lenet's per-example gradients).
 */
final class MaxPoolWindows {

    private final int channels;
    private final int height;
    private final int width;
    private final int outputs;
    private final int windowSize;
    /** For output o and window entry t: the input pixel at [o windowSize + t] within the example, or -1 (outside). */
    private final int[] window;
    /** The arg-max (pixel within its example) of every output of the last {@link #forward}, [m outputs]. */
    private int[] argMax = new int[0];
    private int examples;
    private boolean complete = true;

    /**
     * @param kernel kH, kW
     * @param stride sH, sW
     * @param pad top and left padding pH, pW
     * @param dilation dH, dW
     * @param outSize oH, oW
     */
    MaxPoolWindows(long channels, long height, long width, int[] kernel, int[] stride, int[] pad, int[] dilation,
                   int[] outSize) {
        this.channels = (int) channels;
        this.height = (int) height;
        this.width = (int) width;
        this.outputs = (int) (channels * outSize[0] * outSize[1]);
        this.windowSize = kernel[0] * kernel[1];
        this.window = new int[outputs * windowSize];
        int e = 0;
        for (int ch = 0; ch < channels; ch++) {
            for (int oh = 0; oh < outSize[0]; oh++) {
                for (int ow = 0; ow < outSize[1]; ow++) {
                    boolean any = false;
                    for (int i = 0; i < kernel[0]; i++) {
                        int h = oh * stride[0] + i * dilation[0] - pad[0];
                        for (int j = 0; j < kernel[1]; j++) {
                            int w = ow * stride[1] + j * dilation[1] - pad[1];
                            boolean inside = h >= 0 && h < height && w >= 0 && w < width;
                            window[e++] = inside ? (ch * this.height + h) * this.width + w : -1;
                            any |= inside;
                        }
                    }
                    complete &= any;
                }
            }
        }
    }

    /** Whether every window has a pixel inside the image (otherwise libnd4j's pooling is used). */
    boolean complete() {
        return complete;
    }

    /** Whether these windows serve an input of this shape. */
    boolean fits(long[] inputShape) {
        return inputShape.length == 4 && inputShape[1] == channels && inputShape[2] == height && inputShape[3] == width;
    }

    /**
     * The max pooling of x ([m, c, H, W], FLOAT, C-contiguous, int-indexable) into {@code out}
     * (a C-order FLOAT [m, c, oH, oW]); keeps the arg-max of every output for {@link #backward}.
     */
    void forward(INDArray x, INDArray out) {
        int m = (int) x.size(0);
        int in = channels * height * width;
        if (argMax.length < m * outputs) {
            argMax = new int[m * outputs];
        }
        examples = m;
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int x0 = (int) x.offset();
        int o0 = (int) out.offset();
        float[] pixels = new float[in];
        float[] pooled = new float[outputs];
        for (int k = 0; k < m; k++) {
            xb.get(x0 + k * in, pixels, 0, in);
            int base = k * outputs;
            for (int o = 0, e = 0; o < outputs; o++, e += windowSize) {
                // the largest value branch-free, then its first pixel: the pixel libnd4j's strict search finds
                float max = -Float.MAX_VALUE;
                for (int t = e, to = e + windowSize; t < to; t++) {
                    int s = window[t];
                    max = s >= 0 ? Math.max(max, pixels[s]) : max;
                }
                int best = -1;
                for (int t = e, to = e + windowSize; t < to; t++) {
                    int s = window[t];
                    if (s >= 0 && pixels[s] == max) {
                        best = s;
                        break;
                    }
                }
                if (best < 0) { // NaN, or all below -Float.MAX_VALUE
                    best = firstStrictMax(pixels, e);
                }
                argMax[base + o] = best;
                pooled[o] = pixels[best];
            }
            ob.put(o0 + k * outputs, pooled, 0, outputs);
        }
    }

    /**
     * libnd4j's search: starting from the window's first pixel inside the image at -Float.MAX_VALUE, the
     * pixel whose value is strictly larger than every one before it.
     */
    private int firstStrictMax(float[] pixels, int e) {
        int best = -1;
        float max = -Float.MAX_VALUE;
        for (int t = e, to = e + windowSize; t < to; t++) {
            int s = window[t];
            if (s >= 0) {
                if (best < 0) {
                    best = s;
                }
                if (pixels[s] > max) {
                    max = pixels[s];
                    best = s;
                }
            }
        }
        return best;
    }

    /**
     * The input error of the last {@link #forward}'s examples: each output error ([m, c, oH, oW],
     * FLOAT, C-contiguous) added to its arg-max pixel, written into {@code inputError} (a C-order
     * FLOAT [m, c, H, W], overwritten).
     */
    void backward(INDArray outputError, INDArray inputError) {
        int m = (int) outputError.size(0);
        if (m != examples) {
            throw new IllegalStateException("output error of " + m + " examples; the last forward pass had " + examples);
        }
        int in = channels * height * width;
        FloatBuffer eb = outputError.data().asNioFloat();
        FloatBuffer ib = inputError.data().asNioFloat();
        int e0 = (int) outputError.offset();
        int i0 = (int) inputError.offset();
        float[] pixels = new float[in];
        float[] errors = new float[outputs];
        for (int k = 0; k < m; k++) {
            eb.get(e0 + k * outputs, errors, 0, outputs);
            java.util.Arrays.fill(pixels, 0f);
            int base = k * outputs;
            for (int o = 0; o < outputs; o++) {
                pixels[argMax[base + o]] += errors[o];
            }
            ib.put(i0 + k * in, pixels, 0, in);
        }
    }
}
