package org.sgdvi.datasets.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.TestData;

class AreaDownsampleTest {
    @Test
    void fourByFourToTwoByTwoAveragesTwoByTwoBlocks() {
        float[] px = {
            1, 2, 3, 4,
            5, 6, 7, 8,
            9, 10, 11, 12,
            13, 14, 15, 16,
        };
        ImageDataset d = new ImageDataset("t", 1, 4, 4, 2, px, new int[] {1});
        ImageDataset s = AreaDownsample.apply(d, 2);
        assertThat(s.height()).isEqualTo(2);
        assertThat(s.width()).isEqualTo(2);
        // (1+2+5+6)/4, (3+4+7+8)/4, (9+10+13+14)/4, (11+12+15+16)/4
        assertThat(s.images()).containsExactly(3.5f, 5.5f, 11.5f, 13.5f);
        assertThat(s.labels()).containsExactly(1);
    }

    @Test
    void twentyEightToSevenIsTheMeanOfFourByFourBlocksPerChannel() {
        ImageDataset d = TestData.grid(3, 28, 28, 10);
        ImageDataset s = AreaDownsample.apply(d, 7);
        float[] src = d.images();
        float[] out = s.images();
        // image 2, output pixel (row 5, col 3) = mean of rows 20..23, cols 12..15
        double sum = 0;
        for (int y = 20; y < 24; y++) {
            for (int x = 12; x < 16; x++) {
                sum += src[2 * 784 + y * 28 + x];
            }
        }
        assertThat(out[2 * 49 + 5 * 7 + 3]).isCloseTo((float) (sum / 16), within(1e-6f));
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void sideMustDivideTheImage() {
        assertThatThrownBy(() -> AreaDownsample.apply(TestData.grid(1, 28, 28, 10), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("28x28")
                .hasMessageContaining("5x5").hasMessageContaining("divide");
    }
}
