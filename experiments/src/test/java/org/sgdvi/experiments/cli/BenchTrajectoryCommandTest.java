package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.sgdvi.experiments.testdata.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.experiments.bench.TrajectoryBench;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.TinyMnist;

class BenchTrajectoryCommandTest {

    @TempDir
    Path tmp;

    @Test
    void measuresEveryEngineSideBySideAndProjectsThePapersEpochs() throws Exception {
        Path out = tmp.resolve("bench");
        CliRun.Result run = CliRun.run("bench", "trajectory", "--data", "mnist7x7-5class", "--data-dir",
                TinyMnist.shared(300, 20, 5).toString(), "--rounds", "2", "--epochs-per-round", "1",
                "--checkpoint-every", "4", "--grad-norm-every", "3", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(Json.mapper().readTree(run.out())).isEqualTo(r);
        assertThat(r.get("benchmark").asText()).isEqualTo("trajectory");
        assertThat(keys(r)).containsExactly("benchmark", "data", "trainExamples", "batchSize", "iterationsPerEpoch", "cores",
                "rounds", "epochsPerRound", "recordingSecondsPerEpochMedian", "recordingSecondsPerEpochBest",
                "recordingWeightsOnlySecondsPerEpochMedian", "recordingWeightsOnlySecondsPerEpochBest", "gradNormEvery",
                "checkpointSecondsMedian", "checkpointSecondsBest", "checkpointEvery", "engines",
                "speedupFusedOverDl4jPerRound", "speedupFusedOverDl4jMedian", "speedupDl4jOneThreadOverDl4jMedian",
                "speedupFusedOverDl4jPrebuiltMedian");
        assertThat(keys(r.at("/engines/fused"))).containsExactly("secondsPerEpochMedian", "secondsPerEpochRounds",
                "epochsPerSecond", "millisecondsPerIteration", "projectedHoursTraining", "projectedHoursWithRecording",
                "secondsPerEpochBest", "projectedHoursWithRecordingBestRound");
        int train = r.get("trainExamples").asInt();
        assertThat(train).isBetween(1, 300);
        int batch = r.get("batchSize").asInt();
        assertThat(batch).isEqualTo(Math.min(128, train));
        assertThat(r.get("iterationsPerEpoch").asInt()).isEqualTo(train / batch);
        assertThat(r.get("rounds").asInt()).isEqualTo(2);
        assertThat(r.get("checkpointEvery").asInt()).isEqualTo(4);
        List<String> engines = List.of("dl4j-sampler", "dl4j-sampler-1thread", "dl4j-prebuilt", "fused");
        assertThat(r.get("engines").fieldNames()).toIterable().containsExactlyElementsOf(engines);
        assertThat(r.get("gradNormEvery").asInt()).isEqualTo(3);
        double weights = r.get("recordingWeightsOnlySecondsPerEpochMedian").asDouble();
        double withGradient = r.get("recordingSecondsPerEpochMedian").asDouble();
        assertThat(weights).isPositive();
        double extras = weights + Math.max(0, withGradient - weights) / 3 + r.get("checkpointSecondsMedian").asDouble() / 4;
        for (String e : engines) {
            JsonNode m = r.get("engines").get(e);
            double s = m.get("secondsPerEpochMedian").asDouble();
            assertThat(s).as(e).isPositive();
            assertThat(m.get("secondsPerEpochRounds")).as(e).hasSize(2);
            assertThat(m.get("epochsPerSecond").asDouble()).as(e).isCloseTo(1 / s, org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(m.get("projectedHoursTraining").asDouble()).as(e)
                    .isCloseTo(TrajectoryBench.PAPER_EPOCHS * s / 3600, org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(m.get("projectedHoursWithRecording").asDouble()).as(e)
                    .isCloseTo(TrajectoryBench.PAPER_EPOCHS * (s + extras) / 3600,
                            org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
        JsonNode ratios = r.get("speedupFusedOverDl4jPerRound");
        assertThat(ratios).hasSize(2);
        for (int k = 0; k < 2; k++) {
            assertThat(ratios.get(k).asDouble()).isCloseTo(r.at("/engines/dl4j-sampler/secondsPerEpochRounds/" + k).asDouble()
                    / r.at("/engines/fused/secondsPerEpochRounds/" + k).asDouble(),
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
        // the figures in words on stderr: one line per engine and the speed-up
        List<String> lines = run.err().lines().toList();
        for (String e : engines) {
            assertThat(lines).anyMatch(l -> l.startsWith(e + " ") && l.contains("epochs/s") && l.contains("10^5 epochs"));
        }
        assertThat(lines).anyMatch(l -> l.startsWith("fused / dl4j-sampler speed-up: "));
        assertThat(lines).anyMatch(l -> l.startsWith("recording per epoch: ") && l.contains("assumed every 3 epochs"));
    }

    @Test
    void refusesANonPositiveRoundCount() {
        Path out = tmp.resolve("never");
        CliRun.Result r = CliRun.run("bench", "trajectory", "--rounds", "0", "--out",
                out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--rounds 0: expected at least 1");
        assertThat(out).doesNotExist();
    }
}
