package org.sgdvi.experiments.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.InsufficientMemoryException;
import org.sgdvi.experiments.testdata.TinyFcTraining;
import org.sgdvi.experiments.testdata.TinyMnist;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.CliRun.Result;

class LinearizeMemoryTest {

    @TempDir
    static Path tmp;
    static Path run;
    /** Trainable weights of the trained network (tiny-fc at a quarter of its width). */
    static long d;

    @BeforeAll
    static void train() throws Exception {
        run = TinyFcTraining.train(TinyMnist.shared(200, 50, 3), tmp.resolve("run"), "--epochs", "1", "--train-eval", "50",
                "--width-scale", "0.25");
        d = org.sgdvi.core.io.Json.mapper().readTree(run.resolve("config.json").toFile())
                .at("/model/trainableWeights").asLong();
        assertThat(d).isBetween(100L, 400L);
    }

    /** The largest d with 29 d^2 doubles within {@code bytes}, by counting up (independent of the square root). */
    private static long largestByCounting(long bytes) {
        long d = 0;
        while (29L * 8 * (d + 1) * (d + 1) <= bytes) {
            d++;
        }
        return d;
    }

    @Test
    void smallLenetNeedsTwentyNineDenseMatricesAndIsRefusedOnAMachineOfTwentyFourGigabytes() {
        long d = 13_338;
        // one d x d float64 matrix: 13,338^2 * 8 bytes
        assertThat(LinearizeMemory.matrixBytes(d)).isEqualTo(1_423_217_952L);
        LinearizeMemory m = LinearizeMemory.of(d, 2000, 784, 256);
        assertThat(m.bytes().offHeapBytes()).isGreaterThanOrEqualTo(29 * 1_423_217_952L)
                // plus one chunk of 257 x 2 gradient rows and the 2000 examples, both in float64
                .isEqualTo(29 * 1_423_217_952L + 2L * 257 * d * 8 + 2000L * 784 * 8);
        assertThat(m.bytes().heapBytes()).isEqualTo(2 * 1_423_217_952L);
        FreeMemory free = new FreeMemory(24L << 30, 4L << 30);
        assertThatThrownBy(() -> m.requireFits(free, "small-lenet"))
                .isInstanceOf(InsufficientMemoryException.class)
                .hasMessageContaining("small-lenet (d = 13,338)").hasMessageContaining("41.3 GB off-heap")
                .hasMessageContaining("linearize fits d up to about " + String.format("%,d", largestByCounting(24L << 30)))
                .hasMessageContaining("train a smaller network")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("matrix-free").doesNotContain("\n"));
    }

    @Test
    void theLargestDimensionIsTheLastOneThatFits() {
        for (long bytes : new long[] {50_000_000L, 1L << 30, 24L << 30, 123_456_789_012L}) {
            FreeMemory free = new FreeMemory(bytes, Long.MAX_VALUE / 4);
            long dMax = LinearizeMemory.largestDimension(free);
            assertThat(dMax).as("%d bytes", bytes).isEqualTo(largestByCounting(bytes));
        }
    }

    @Test
    void linearizeRefusesUpFrontWhenTheMatricesCannotFitAndLeavesNoOutFolder() {
        Supplier<FreeMemory> saved = LinearizeRunner.freeMemory;
        // 29 d x d doubles, a chunk of 2 * 31 gradient rows and the 30 examples of 49 pixels, all float64
        long need = 29 * d * d * 8 + 2 * 31 * d * 8 + 30 * 49 * 8;
        long free = need / 3;
        LinearizeRunner.freeMemory = () -> new FreeMemory(free, 1L << 30);
        try {
            Path out = tmp.resolve("refused");
            Result r = CliRun.run("linearize", "--run", run.toString(), "--out", out.toString(), "--examples", "30");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("tiny-fc (d = " + d + ")")
                    .contains(String.format(java.util.Locale.ROOT, "%.1f MB off-heap", need / 1e6))
                    .contains(String.format(java.util.Locale.ROOT, "but %.1f MB is free", free / 1e6))
                    .contains("fits d up to about " + largestByCounting(free)).doesNotContain("matrix-free")
                    .hasLineCount(1);
            assertThat(out).doesNotExist();
        } finally {
            LinearizeRunner.freeMemory = saved;
        }
    }

    @Test
    void linearizePrintsItsEstimateFirstAndProgressOnStandardError() {
        Path out = tmp.resolve("lin");
        Result r = CliRun.run("linearize", "--run", run.toString(), "--out", out.toString(), "--examples", "30",
                "--angles", "20");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith(String.format(java.util.Locale.ROOT,
                "memory: 29 dense d x d float64 matrices of %.1f MB each", d * d * 8 / 1e6));
        assertThat(lines[1]).startsWith("time: one gradient pass over N = 30 examples")
                .contains("2 d + 1 = " + (2 * d + 1) + " passes");
        // progress every tenth of the d columns (and at least every 10 s), on stderr, not stdout
        assertThat(r.err()).contains("F: column " + d / 10 + "/" + d + ",").contains("F: column " + d + "/" + d + ", ");
        assertThat(r.err().lines().filter(l -> l.contains("F: column")).count()).isGreaterThanOrEqualTo(10);
        assertThat(r.out()).doesNotContain("F: column");
    }
}
