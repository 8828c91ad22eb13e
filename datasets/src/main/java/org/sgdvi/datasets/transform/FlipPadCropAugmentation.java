package org.sgdvi.datasets.transform;

import org.sgdvi.datasets.sampling.BatchAugmentation;
import org.sgdvi.datasets.sampling.SplitMix64;

/**
 * The CIFAR augmentation of the paper (Fig. 2c): for each image independently, flip it
 * horizontally with probability 1/2, pad it with {@code pad} zeros on every side and crop a
 * random H x W window; offsets dy, dx are uniform in {0, ..., 2 pad}. Formally
 * <pre>  out[c][y][x] = F[c][y + dy - pad][x + dx - pad]   (0 outside the image)</pre>
 * where F is the (possibly flipped) input, F[c][y][x] = in[c][y][W - 1 - x] when flipped. The
 * random draws per image are, in this order: flip (nextBoolean), dy, dx (nextInt(2 pad + 1)).
 * Zero padding is applied in whatever space the images are in (after ZCA whitening zero is the
 * training mean).
 *
 * @param pad padding in pixels (4 in the paper)
 */
public record FlipPadCropAugmentation(int pad) implements BatchAugmentation {
    /** Checks the padding. */
    public FlipPadCropAugmentation {
        if (pad < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + pad);
        }
    }

    /** @return the paper's setting, 4-pixel padding */
    public static FlipPadCropAugmentation paper() {
        return new FlipPadCropAugmentation(4);
    }

    @Override
    public void apply(float[] batch, int n, int channels, int height, int width, SplitMix64 rng) {
        int m = channels * height * width;
        float[] tmp = new float[m];
        for (int i = 0; i < n; i++) {
            boolean flip = rng.nextBoolean();
            int dy = rng.nextInt(2 * pad + 1);
            int dx = rng.nextInt(2 * pad + 1);
            System.arraycopy(batch, i * m, tmp, 0, m);
            transform(tmp, 0, batch, i * m, channels, height, width, flip, dy - pad, dx - pad);
        }
    }

    /**
     * The deterministic part: out[c][y][x] = F[c][y + sy][x + sx], 0 outside, F = flipped input
     * if {@code flip}.
     *
     * @param src     source images
     * @param srcOff  offset of the source image
     * @param dst     destination
     * @param dstOff  offset of the destination image
     * @param c       channels
     * @param h       height
     * @param w       width
     * @param flip    flip horizontally first
     * @param sy      vertical shift dy - pad
     * @param sx      horizontal shift dx - pad
     */
    public static void transform(float[] src, int srcOff, float[] dst, int dstOff, int c, int h, int w,
                                 boolean flip, int sy, int sx) {
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int yy = y + sy;
                for (int x = 0; x < w; x++) {
                    int xx = x + sx;
                    float v = 0f;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                        int col = flip ? w - 1 - xx : xx;
                        v = src[srcOff + (ch * h + yy) * w + col];
                    }
                    dst[dstOff + (ch * h + y) * w + x] = v;
                }
            }
        }
    }

    @Override
    public String describe() {
        return "random horizontal flip + " + pad + "-pixel zero pad + random crop";
    }
}
