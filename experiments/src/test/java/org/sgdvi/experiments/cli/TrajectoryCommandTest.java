package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.trajectory.TrajectoryStore;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.ReportHtml;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * {@code sgdvi trajectory} at tiny size on generated IDX files: the run folder's files and
 * results.json keys, one store row per epoch, and {@code --resume --epochs} continuing without
 * duplicated or missing epochs, to exactly the rows of an uninterrupted run.
 */
class TrajectoryCommandTest {

    @TempDir
    static Path tmp;
    static final Path data = TinyMnist.shared(400, 100, 7);

    private static int sgdvi(String... args) {
        CliRun.Result r = CliRun.run(args);
        if (r.code() == 0) {
            assertThat(r.err()).as("stderr of sgdvi %s", String.join(" ", args)).isEmpty();
        }
        return r.code();
    }

    private static String[] trajectory(Path out, int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("trajectory", "--data-dir", data.toString(), "--epochs",
                String.valueOf(epochs), "--burn-in", "4", "--batch", "16", "--checkpoint-every", "3", "--chunk", "5",
                "--seed", "3", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    private static float[][] rows(Path run) throws Exception {
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(run.resolve("trajectory"))) {
            return s.readAll();
        }
    }

    private static double[] epochs(Path run) throws Exception {
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(run.resolve("trajectory"))) {
            return s.readScalarColumn("epoch");
        }
    }

    @Test
    void measuresTheGradientNormAtEpochOneAndEveryKEpochs() throws Exception {
        Path run = tmp.resolve("sparse");
        assertThat(sgdvi(trajectory(run, 9, "--grad-norm-every", "4"))).isZero();
        double[] norms;
        double[] losses;
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(run.resolve("trajectory"))) {
            norms = s.readScalarColumn("gradNorm");
            losses = s.readScalarColumn("trainLoss");
        }
        assertThat(norms).hasSize(9);
        for (int e = 1; e <= 9; e++) {
            boolean measured = e == 1 || e % 4 == 0;
            assertThat(Double.isFinite(norms[e - 1])).as("gradNorm at epoch %d", e).isEqualTo(measured);
            assertThat(Double.isFinite(losses[e - 1])).as("trainLoss at epoch %d", e).isEqualTo(measured);
        }
        // every snapshot of the weights is still there, and the analysis still runs
        assertThat(rows(run)).hasNumberOfRows(9);
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.at("/fft/frequencies").size()).isPositive();
    }

    @Test
    void writesTheRunFolderAndResumesWithoutDuplicates() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(sgdvi(trajectory(run, 12))).isZero();
        for (String f : List.of("config.json", "results.json", "report.html", "loss.png", "fft.png", "autocorrelation.png",
                "grad-norm.png", "model.zip", "trajectory/store.json", "checkpoints/checkpoint.json")) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        // the training loss per epoch is shown in the report itself, not linked
        assertThat(Files.readString(run.resolve("report.html")))
                .contains(ReportHtml.inlinePng(run.resolve("loss.png")))
                .contains("Training loss per epoch").doesNotContain("src=\"loss.png\"");
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        for (String key : List.of("/fft/frequencies", "/fft/meanAmplitude", "/fft/stdAmplitude", "/autocorrelation/lags",
                "/autocorrelation/mean", "/autocorrelation/std", "/bands/z95", "/bands/z99", "/verdict",
                "/gradNorm/ewma", "/training/epochs", "/training/engine", "/training/finalValidationAccuracy")) {
            assertThat(results.at(key).isMissingNode()).as(key).isFalse();
        }
        assertThat(results.at("/trajectory/snapshots").asInt()).isEqualTo(12 - 4);
        assertThat(results.at("/training/engine").asText()).isEqualTo("fused");
        assertThat(results.at("/training/learningRateFirst").asDouble()).isEqualTo(0.1);
        assertThat(results.at("/training/learningRateLast").asDouble()).isEqualTo(1e-3);
        JsonNode config = Json.mapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/request/data").asText()).isEqualTo("mnist7x7-5class");
        assertThat(config.at("/request/schedule").asText()).isEqualTo("piecewise:4=0.001");
        assertThat(config.at("/trajectory/burnIn").asInt()).isEqualTo(4);
        assertThat(epochs(run)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

        assertThat(sgdvi(trajectory(run, 17, "--resume"))).isZero();
        double[] e = epochs(run);
        assertThat(e).hasSize(17);
        for (int k = 0; k < e.length; k++) {
            assertThat(e[k]).isEqualTo(k + 1.0);
        }
        Path straight = tmp.resolve("straight");
        assertThat(sgdvi(trajectory(straight, 17))).isZero();
        assertThat(rows(run)).isDeepEqualTo(rows(straight));
        assertThat(Json.mapper().readTree(run.resolve("results.json").toFile()).at("/training/epochs").asInt())
                .isEqualTo(17);
    }

    @Test
    void refusesToOverwriteARunAndToResumeNothing() {
        Path run = tmp.resolve("empty");
        assertThat(sgdvi("trajectory", "--out", run.toString(), "--resume", "--data-dir", data.toString()))
                .isEqualTo(2);
        assertThat(sgdvi("trajectory", "--out", run.toString(), "--epochs", "4", "--burn-in", "4", "--data-dir",
                data.toString())).as("no epochs after the burn-in").isEqualTo(2);
    }
}
