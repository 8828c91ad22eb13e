package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.bench.TorchContender;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * {@code bench gradients} and {@code bench pipeline} run PyTorch (torch_bench.py, packaged with the
 * benchmarks) beside sgdvi at a tiny size and print the sgdvi/PyTorch ratios; skipped, with the
 * reason, where {@code /usr/bin/python3} cannot import functorch.
 */
class BenchTorchCommandTest {

    @BeforeAll
    static void requireFunctorch() {
        String missing = TorchContender.unavailable();
        Assumptions.assumeTrue(missing == null, () -> "PyTorch contender skipped: " + missing);
    }

    private static void assertPositive(JsonNode r, String... keys) {
        for (String key : keys) {
            assertThat(r.has(key)).as(key + " in " + r).isTrue();
            assertThat(r.get(key).asDouble()).as(key).isPositive().isFinite();
        }
    }

    @Test
    void gradientsBenchPrintsPyTorchFiguresAndRatios() throws Exception {
        CliRun.Result run = CliRun.run("bench", "gradients", "--model", "tiny-fc", "--examples", "16", "--rounds", "2");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = Json.mapper().readTree(run.out());
        assertThat(r.has("torchSkipped")).isFalse();
        assertThat(r.get("trainableWeights").asLong()).isEqualTo(917);
        assertPositive(r, "msPerExampleEngine", "msPerExampleTorchVmap", "msPerExampleTorchBatched",
                "msPerExampleTorchBatchOfOne", "ratioEngineToTorchVmap", "ratioEngineToTorchVmapMin",
                "ratioEngineToTorchBatched", "ratioEngineToTorchBatchOfOne");
        assertThat(r.get("torchThreads").asInt()).isEqualTo(r.get("threads").asInt());
        assertThat(run.err()).contains("PyTorch vmap(grad)").contains("sgdvi / PyTorch vmap = ");
    }

    @Test
    void pipelineBenchRunsPyTorchOnTheSameExamples() throws Exception {
        Path data = TinyMnist.shared(300, 20, 11);
        CliRun.Result run = CliRun.run("bench", "pipeline", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--examples", "120");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = Json.mapper().readTree(run.out());
        assertThat(r.get("n").asInt()).isEqualTo(120);
        assertPositive(r, "pipelineSeconds", "torchGradientsMsPerExample", "torchGradientsAndDSeconds", "torchSolverSeconds",
                "torchTotalSeconds", "ratioGradientsToTorch", "ratioGradientsAndDToTorch", "ratioSolverToTorch",
                "ratioPipelineToTorch");
        assertThat(run.err()).contains("sgdvi / PyTorch: gradients ");
    }
}
