package org.sgdvi.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.experiments.cli.SgdviCommand;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    static Path tmp;
    static final Path data = TinyMnist.shared(400, 100, 7);

    private static int sgdvi(String... args) {
        return CliRun.run(args).code();
    }

    private static String[] train(Path out, int epochs, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--epochs", String.valueOf(epochs), "--batch", "16", "--lr", "0.05",
                "--seed", "3", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static MultiLayerNetwork model(Path run) throws Exception {
        return ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), true);
    }

    @Test
    void anAugmentedRunDiffersFromAPlainOneAndRepeatsWithTheSameSeed() throws Exception {
        Path plain = tmp.resolve("plain");
        Path a = tmp.resolve("augmented-a");
        Path b = tmp.resolve("augmented-b");
        assertThat(sgdvi(train(plain, 2))).isZero();
        assertThat(sgdvi(train(a, 2, "--augment"))).isZero();
        assertThat(sgdvi(train(b, 2, "--augment"))).isZero();
        assertThat(model(a).params().equals(model(b).params())).isTrue();
        assertThat(model(a).params().equals(model(plain).params())).isFalse();
        JsonNode config = Json.mapper().readTree(a.resolve("config.json").toFile());
        assertThat(config.at("/request/augment").asBoolean()).isTrue();
        assertThat(config.get("augmentation").asText()).contains("flip").contains("4-pixel");
        JsonNode plainConfig = Json.mapper().readTree(plain.resolve("config.json").toFile());
        assertThat(plainConfig.at("/request/augment").isBoolean()).isTrue();
        assertThat(plainConfig.at("/request/augment").asBoolean()).isFalse();
        assertThat(plainConfig.has("augmentation")).isFalse();
    }

    @Test
    void aResumedAugmentedRunDrawsTheSameAugmentation() throws Exception {
        Path full = tmp.resolve("augmented-full");
        Path part = tmp.resolve("augmented-part");
        assertThat(sgdvi(train(full, 2, "--augment"))).isZero();
        assertThat(sgdvi(train(part, 1, "--augment"))).isZero();
        assertThat(sgdvi("train", "--resume", part.toString(), "--epochs", "2")).isZero();
        assertThat(model(part).params().equals(model(full).params())).isTrue();
    }

    @Test
    void writesTheRunFolderAndLearns() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(sgdvi(train(run, 3))).isZero();
        assertThat(run.resolve("config.json")).exists();
        assertThat(run.resolve("model.zip")).exists();
        assertThat(run.resolve("loss.png")).exists();
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).isEqualTo(MetricsCsv.HEADER);
        JsonNode config = Json.mapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/request/model").asText()).isEqualTo("tiny-fc");
        assertThat(config.at("/data/source").asText()).startsWith("idx:");
        assertThat(config.at("/model/trainableWeights").asLong()).isEqualTo(917);
        assertThat(config.at("/backend/backend").asText()).isNotEmpty();
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.get("epochs").asInt()).isEqualTo(3);
        assertThat(results.get("diverged").asBoolean()).isFalse();
        // the classes are separable squares: three epochs of SGD learn them
        assertThat(results.get("validationAccuracy").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Path full = tmp.resolve("full");
        Path part = tmp.resolve("part");
        assertThat(sgdvi(train(full, 3))).isZero();
        assertThat(sgdvi(train(part, 1))).isZero();
        assertThat(sgdvi("train", "--resume", part.toString(), "--epochs", "3")).isZero();
        MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(full.resolve("model.zip").toFile(), true);
        MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(part.resolve("model.zip").toFile(), true);
        assertThat(b.params().equals(a.params())).isTrue();
        assertThat(b.getUpdater().getStateViewArray().equals(a.getUpdater().getStateViewArray())).isTrue();
        assertThat(Files.readAllLines(part.resolve("metrics.csv"))).hasSize(4);
    }

    @Test
    void refusesAModelThatDoesNotFitTheData() {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("train", "--model", "tiny-fc", "--data", "mnist", "--data-dir", data.toString(),
                "--epochs", "1", "--out", tmp.resolve("bad").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("tiny-fc").contains("1x28x28").contains("mnist7x7");
    }

    @Test
    void scheduleSpecsParse() {
        assertThat(TrainRequest.schedule("step:0.5:2", 0.1).valueAt(4)).isEqualTo(0.025, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(TrainRequest.schedule("piecewise:3=0.01", 0.1).valueAt(2)).isEqualTo(0.1);
        assertThat(TrainRequest.schedule("piecewise:3=0.01", 0.1).valueAt(3)).isEqualTo(0.01);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainRequest.schedule("cosine", 0.1))
                .hasMessageContaining("--lr-schedule");
    }
}
