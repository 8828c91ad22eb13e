package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.experiments.bench.PerExampleGradientBench;
import org.sgdvi.experiments.bench.PipelineBench;
import org.sgdvi.experiments.bench.TorchContender;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * The printed figures of bench gradients, solvers and pipeline, and of models --json, keep their keys.
 * gradients and pipeline carry PyTorch's figures and the sgdvi/PyTorch ratios where /usr/bin/python3
 * imports functorch, else {@code torchSkipped} alone.
 */
class BenchFiguresCommandTest {

    private static final String TORCH_MISSING = TorchContender.unavailable();

    @TempDir
    Path tmp;

    private static JsonNode printed(String... args) throws Exception {
        CliRun.Result run = CliRun.run(args);
        assertThat(run.code()).as(run.err()).isZero();
        return Json.mapper().readTree(run.out());
    }

    @Test
    void gradientsAndSolvers() throws Exception {
        JsonNode g = printed("bench", "gradients", "--examples", "4", "--seed", "3", "--rounds", "1");
        List<String> expected = new ArrayList<>(List.of("benchmark", "model", "dataType", "trainableWeights", "examples",
                "naiveExamples", "engineMaxChunk", "repetitions", "msPerExampleEngine", "msPerExampleEngineMin",
                "msPerExampleNaiveBatch1", "msPerExampleNaiveBatch1Min", "msPerExampleBatchedTraining",
                "msPerExampleBatchedTrainingMin", "ratioEngineToBatched", "ratioNaiveToEngine", "threads", "ompWaitPolicy"));
        expected.addAll(TORCH_MISSING != null ? List.of("torchSkipped") : List.of("torchVersion", "torchThreads",
                "msPerExampleTorchVmap", "msPerExampleTorchVmapMin", "msPerExampleTorchBatchOfOne",
                "msPerExampleTorchBatchOfOneMin", "msPerExampleTorchBatched", "msPerExampleTorchBatchedMin",
                "ratioEngineToTorchVmap", "ratioEngineToTorchVmapMin", "ratioEngineToTorchBatched",
                "ratioEngineToTorchBatchOfOne"));
        expected.addAll(List.of("availableProcessors", "systemLoadAverage"));
        assertThat(keys(g)).containsExactlyElementsOf(expected);
        assertThat(g.get("trainableWeights").asLong()).isEqualTo(13_338);
        assertThat(g.get("naiveExamples").asInt()).isEqualTo(4);

        JsonNode s = printed("bench", "solvers", "--d", "60", "--examples", "20", "--seed", "3");
        assertThat(keys(s)).containsExactly("benchmark", "d", "m", "backend", "gemmSeconds", "gemmGflops",
                "openblasSyrkSeconds", "openblasSyrkGflopsEquivalent", "denseFormDSeconds", "denseSyevSeconds",
                "denseSeconds", "gramSeconds", "matrixFreeSeconds", "matrixFreePasses", "matrixFreeComputed",
                "matrixFreeTail", "matrixFreeConverged", "comparedTopEigenvalues", "maxRelDiffGramVsDense",
                "maxRelDiffMatrixFreeVsDense", "maxDiffOverLambdaMaxGram", "maxDiffOverLambdaMaxMatrixFree", "lambdaMax",
                "rankDense", "rankGram", "rankMatrixFree");
        // 20 centred rows have rank at most 19, whichever solver counts it
        assertThat(s.get("rankDense").asLong()).isBetween(1L, 19L);
    }

    @Test
    void pipeline() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 100, 20, 5);
        JsonNode p = printed("bench", "pipeline", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir",
                data.toString(), "--examples", "30");
        List<String> expected = new ArrayList<>(List.of("benchmark", "model", "d", "n", "gradientsSeconds",
                "gradientsMsPerExample", "device", "gradientsAndDSeconds", "solver", "solverSeconds", "statisticsSeconds",
                "rank", "rankFraction", "mean", "std", "momentsFrom", "totalSeconds", "pipelineSeconds", "valid", "checks"));
        expected.addAll(TORCH_MISSING != null ? List.of("torchSkipped") : List.of("torchVersion", "torchThreads",
                "ompWaitPolicy", "torchGradientsSeconds", "torchGradientsMsPerExample", "torchGradientsAndDSeconds",
                "torchSolver", "torchSolverSeconds", "torchTotalSeconds", "ratioGradientsToTorch",
                "ratioGradientsAndDToTorch", "ratioSolverToTorch", "ratioPipelineToTorch"));
        expected.add("subset");
        assertThat(keys(p)).containsExactlyElementsOf(expected);
        assertThat(p.get("d").asLong()).isEqualTo(917);
        assertThat(p.get("n").asInt()).isEqualTo(30);
    }

    @Test
    void pipelineWithoutTorchSaysWhy() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data-no-torch"), 100, 20, 5);
        JsonNode p = printed("bench", "pipeline", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir",
                data.toString(), "--examples", "30", "--no-torch");
        assertThat(p.get("torchSkipped").asText()).isEqualTo("--no-torch was given");
        assertThat(p.has("torchVersion")).isFalse();
        assertThat(p.get("rank").asLong()).isPositive();
    }

    @Test
    void skippedPyTorchLeavesOnlyItsReason() {
        JsonNode g = Json.mapper().valueToTree(PerExampleGradientBench.TorchGradients.skipped("no functorch"));
        JsonNode p = Json.mapper().valueToTree(PipelineBench.TorchPipeline.skipped("no functorch"));
        assertThat(keys(g)).containsExactly("torchSkipped");
        assertThat(keys(p)).containsExactly("torchSkipped");
        assertThat(p.get("torchSkipped").asText()).isEqualTo("no functorch");
    }

    @Test
    void modelsJson() throws Exception {
        JsonNode m = printed("models", "--json");
        assertThat(m.size()).isEqualTo(ModelZoo.names().size() + 1); // small-allcnn also with 100 classes
        assertThat(keys(m.get(0))).containsExactly("name", "classes", "trainableWeights", "totalParams", "input",
                "description");
    }
}
