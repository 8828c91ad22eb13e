package org.sgdvi.datasets.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.sampling.SplitMix64;

class FlipPadCropAugmentationTest {
    private static final float[] IMG = {
        1, 2, 3,
        4, 5, 6,
        7, 8, 9,
    };

    private static float[] run(boolean flip, int sy, int sx) {
        float[] out = new float[9];
        FlipPadCropAugmentation.transform(IMG, 0, out, 0, 1, 3, 3, flip, sy, sx);
        return out;
    }

    @Test
    void handComputedShiftsAndFlips() {
        assertThat(run(false, 0, 0)).containsExactly(IMG);
        // crop offset (dy, dx) = (0, 0) of the 1-padded image: shift (-1, -1)
        assertThat(run(false, -1, -1)).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
        // shift (+1, 0): rows move up, zero row at the bottom
        assertThat(run(false, 1, 0)).containsExactly(4, 5, 6, 7, 8, 9, 0, 0, 0);
        // flip only
        assertThat(run(true, 0, 0)).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
        // flip, then shift (0, +1): flipped rows {3,2,1} -> {2,1,0}
        assertThat(run(true, 0, 1)).containsExactly(2, 1, 0, 5, 4, 0, 8, 7, 0);
    }

    @Test
    void randomDrawsAreFlipThenDyThenDxPerImage() {
        int n = 4;
        float[] batch = new float[n * 2 * 9];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i + 1;
        }
        float[] original = batch.clone();
        new FlipPadCropAugmentation(1).apply(batch, n, 2, 3, 3, new SplitMix64(42));
        SplitMix64 rng = new SplitMix64(42);
        for (int i = 0; i < n; i++) {
            boolean flip = rng.nextBoolean();
            int dy = rng.nextInt(3);
            int dx = rng.nextInt(3);
            float[] expected = new float[18];
            FlipPadCropAugmentation.transform(original, i * 18, expected, 0, 2, 3, 3, flip, dy - 1, dx - 1);
            for (int j = 0; j < 18; j++) {
                assertThat(batch[i * 18 + j]).isEqualTo(expected[j]);
            }
        }
    }

    @Test
    void flipsHalfTheImagesAndCropOffsetsAreUniform() {
        int n = 20000;
        int pad = 4;
        float[] batch = new float[n];
        // 1x1x1 images hold their value only at shift (0, 0); a flip does not change a 1x1 image
        java.util.Arrays.fill(batch, 1f);
        new FlipPadCropAugmentation(pad).apply(batch, n, 1, 1, 1, new SplitMix64(7));
        double kept = 0;
        for (float v : batch) {
            kept += v;
        }
        // P(dy = pad and dx = pad) = 1/81
        double p = 1.0 / 81;
        assertThat(kept / n).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
        SplitMix64 rng = new SplitMix64(9);
        int heads = 0;
        for (int i = 0; i < n; i++) {
            heads += rng.nextBoolean() ? 1 : 0;
        }
        assertThat(heads / (double) n).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / n)));
    }
}
