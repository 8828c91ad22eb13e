package org.sgdvi.core.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Byte counts and refusal messages. */
class MemoryEstimateTest {

    @Test
    void diffusionMatrixCountsTheMatrixChunkBuffersAndVectors() {
        // 100^2 * 4 + 2 * (9 + 1) * 100 * 4 + 3 * 100 * 4
        assertThat(MemoryEstimate.diffusionMatrix(100, 9, DataType.FLOAT).offHeapBytes()).isEqualTo(40_000 + 8_000 + 1_200);
        assertThat(MemoryEstimate.diffusionMatrix(100, 9, DataType.DOUBLE).offHeapBytes()).isEqualTo(2 * 49_200);
    }

    @Test
    void refusalNamesTheSizesAndTheMatrixFreeSolver() {
        MemoryEstimate e = MemoryEstimate.diffusionMatrix(136_506, 0, DataType.FLOAT);
        FreeMemory free = new FreeMemory(20_000_000_000L, 1L << 40);
        assertThat(e.fits(free)).isFalse();
        assertThatThrownBy(() -> e.requireFits(free))
                .isInstanceOf(InsufficientMemoryException.class)
                .hasMessage("D would need 74.5 GB for d = 136,506 in float32 but 20.0 GB is free; use --solver matrix-free");
    }

    @Test
    void fitsWhenThereIsRoom() {
        MemoryEstimate e = MemoryEstimate.diffusionMatrix(13_338, 128, DataType.FLOAT);
        assertThat(e.fits(new FreeMemory(1_000_000_000L, 1L << 30))).isTrue();
        assertThat(e.fits(new FreeMemory(700_000_000L, 1L << 30))).isFalse();
    }

    @Test
    void heapShortfallSaysSo() {
        MemoryEstimate e = MemoryEstimate.denseEigenvalues(1_000, DataType.DOUBLE);
        assertThatThrownBy(() -> e.requireFits(new FreeMemory(1L << 40, 10)))
                .hasMessageContaining("Java heap").hasMessageContaining("float64");
    }

    @Test
    void gramCountsGradientsAndGramMatrix() {
        // N d + N^2 + m d + (N + d), times 4
        assertThat(MemoryEstimate.gram(10, 100, 5, DataType.FLOAT).offHeapBytes()).isEqualTo(4L * (1000 + 100 + 500 + 110));
    }

    @Test
    void probeReportsPositiveFreeMemory() {
        FreeMemory free = FreeMemory.probe();
        assertThat(free.offHeapBytes()).isPositive();
        assertThat(free.heapBytes()).isPositive();
    }
}
