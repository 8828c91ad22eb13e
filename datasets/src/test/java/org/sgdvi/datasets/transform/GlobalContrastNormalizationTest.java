package org.sgdvi.datasets.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.ImageDataset;

class GlobalContrastNormalizationTest {
    @Test
    void imageGetsZeroMeanAndUnitStandardDeviation() {
        // image {1, 3}: mean 2, population variance 1 -> {-1, 1}; image {2, 2, ...} constant -> 0
        ImageDataset d = new ImageDataset("t", 1, 1, 2, 2, new float[] {1, 3, 2, 2}, new int[] {0, 1});
        ImageDataset g = GlobalContrastNormalization.defaults().apply(d);
        assertThat(g.images()).containsExactly(-1f, 1f, 0f, 0f);
    }

    @Test
    void scaleAndBiasFollowTheFormula() {
        // {0, 0, 0, 4}: mean 1, var = (1+1+1+9)/4 = 3; divisor sqrt(3 + 1) = 2; scale 10
        ImageDataset d = new ImageDataset("t", 1, 2, 2, 1, new float[] {0, 0, 0, 4}, new int[] {0});
        float[] g = new GlobalContrastNormalization(10, 1, 1e-8).apply(d).images();
        assertThat(g[0]).isCloseTo(-5f, within(1e-6f));
        assertThat(g[3]).isCloseTo(15f, within(1e-6f));
    }
}
