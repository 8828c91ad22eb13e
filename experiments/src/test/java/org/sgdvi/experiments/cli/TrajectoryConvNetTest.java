package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.trajectory.TrajectoryStore;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * {@code sgdvi trajectory} on a convolutional zoo net (small-lenet, 13,338 weights), which the fused
 * kernel does not cover: DL4J trains it and the per-example engine's mean gives the full gradient,
 * so every epoch records a finite gradient norm and loss.
 */
class TrajectoryConvNetTest {

    @TempDir
    Path tmp;

    @Test
    void recordsAFiniteGradientNormForAConvNet() throws Exception {
        Path run = tmp.resolve("run");
        CliRun.Result r = CliRun.run("trajectory", "--model", "small-lenet", "--data", "mnist", "--data-dir",
                TinyMnist.shared(120, 40, 5).toString(), "--epochs", "4", "--burn-in", "1", "--batch", "40",
                "--checkpoint-every", "2", "--chunk", "2", "--seed", "3", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        double[] norms;
        double[] losses;
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(run.resolve("trajectory"))) {
            norms = s.readScalarColumn("gradNorm");
            losses = s.readScalarColumn("trainLoss");
            assertThat(s.layout().dimension()).isEqualTo(13_338);
        }
        assertThat(norms).hasSize(4);
        for (int e = 0; e < 4; e++) {
            assertThat(norms[e]).as("gradNorm at epoch %d", e + 1).isFinite().isPositive();
            assertThat(losses[e]).as("trainLoss at epoch %d", e + 1).isFinite().isPositive();
        }
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.at("/training/engine").asText()).isEqualTo("dl4j");
    }
}
