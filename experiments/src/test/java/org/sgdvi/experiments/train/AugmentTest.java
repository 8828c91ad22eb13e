package org.sgdvi.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.MiniBatchSampler;
import org.sgdvi.datasets.sampling.SplitMix64;

/**
 * {@code --augment}: the paper's flip, pad 4 and crop on training mini-batches (Fig. 2c); the
 * command-line runs with it are in {@link TrainCommandTest}.
 */
class AugmentTest {

    private static TrainRequest request(long seed, int batch, boolean augment) {
        return new TrainRequest("tiny-fc", "synthetic", null, null, null, false, 12345, 1, 0.1, "constant", batch, 0.0,
                false, 0.0, "without", seed, 1.0, false, 0, augment);
    }

    /** Pixel (i, c, y, x) of the synthetic set: every value distinct, non-zero, and telling its image. */
    private static float pixel(int i, int c, int y, int x) {
        return 1000 * (i + 1) + 100 * c + 10 * y + x;
    }

    @Test
    void theAugmentationOfABatchEqualsFlipPadAndCropByIndexArithmetic() {
        int n = 8;
        int channels = 2;
        int h = 5;
        int w = 6;
        int pad = 4;
        float[] images = new float[n * channels * h * w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        images[((i * channels + c) * h + y) * w + x] = pixel(i, c, y, x);
                    }
                }
            }
        }
        ImageDataset set = new ImageDataset("synthetic", channels, h, w, 2, images, new int[n]);
        long seed = 11;
        int batch = 4;
        MiniBatchSampler augmented = TrainRunner.sampler(request(seed, batch, true), set);
        MiniBatchSampler plain = TrainRunner.sampler(request(seed, batch, false), set);
        assertThat(plain.augmentation()).isNull();
        boolean sawFlip = false;
        boolean sawNoFlip = false;
        boolean sawShift = false;
        for (int j = 0; j < 2; j++) {
            int[] idx = plain.nextIndices();
            DataSet ds = augmented.next();
            float[] got = ds.getFeatures().reshape(-1).toFloatVector();
            // the batch's generator as BatchAugmentation documents it: seeded from (seed, epoch 0, batch j);
            // draws per image in order: flip, dy, dx with offsets uniform in {0, ..., 2 pad}
            SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed ^ 0x6A09E667F3BCC909L)
                    ^ SplitMix64.mix(0 * 0x9E3779B97F4A7C15L + j));
            for (int k = 0; k < batch; k++) {
                boolean flip = rng.nextBoolean();
                int dy = rng.nextInt(2 * pad + 1);
                int dx = rng.nextInt(2 * pad + 1);
                sawFlip |= flip;
                sawNoFlip |= !flip;
                sawShift |= dy != pad || dx != pad;
                float[] expected = new float[channels * h * w];
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            // pad with 4 zeros, crop the window at (dy, dx) of the padded (flipped) image
                            int py = y + dy;
                            int px = x + dx;
                            boolean inside = py >= pad && py < pad + h && px >= pad && px < pad + w;
                            int sx = px - pad;
                            expected[(c * h + y) * w + x] = inside ? pixel(idx[k], c, py - pad, flip ? w - 1 - sx : sx) : 0f;
                        }
                    }
                }
                float[] row = Arrays.copyOfRange(got, k * channels * h * w, (k + 1) * channels * h * w);
                assertThat(row).as("batch %d, image %d (example %d)", j, k, idx[k]).containsExactly(expected);
            }
        }
        assertThat(sawFlip && sawNoFlip && sawShift).as("the draws cover flips, no flips and shifts").isTrue();
    }
}
