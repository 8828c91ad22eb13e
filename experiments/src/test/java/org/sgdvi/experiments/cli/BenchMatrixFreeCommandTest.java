package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

class BenchMatrixFreeCommandTest {

    @TempDir
    Path tmp;

    /** {@code sgdvi bench matrix-free} of a seeded tiny-fc on mnist7x7-5class in {@code data}, then {@code more}. */
    private static CliRun.Result tinyFc(Path data, String... more) {
        return CliRun.run(Stream.concat(Stream.of("bench", "matrix-free", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString()), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void topKAgreesWithTheDenseSolverOnTheSameGradientsAndLogsEveryPass() throws Exception {
        Path out = tmp.resolve("bench");
        CliRun.Result run = tinyFc(TinyMnist.shared(300, 20, 5), "--examples", "120", "--k", "40", "--against-dense",
                "--out", out.toString());
        assertThat(run.code()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("d").asLong()).isEqualTo(917);
        assertThat(r.get("n").asLong()).isEqualTo(120);
        assertThat(r.get("computed").asInt()).isEqualTo(40);
        assertThat(r.get("converged").asBoolean()).isTrue();
        // the comparison covers the top min(k, dense rank) eigenvalues
        assertThat(r.get("denseRank").asInt()).isGreaterThan(20);
        assertThat(r.get("comparedTopEigenvalues").asInt()).isEqualTo(Math.min(40, r.get("denseRank").asInt()));
        // float32 on both routes: they agree within numpy's rank threshold, lambda_max d eps, the
        // accuracy float32 syev itself promises (measured: 1.4e-5 lambda_max against 1.1e-4)
        assertThat(r.get("maxDiffOverLambdaMaxVsDense").asDouble()).isLessThan(917 * Math.ulp(1.0f));
        // every pass over the gradients: the one that finds gbar, one per Lanczos step (logged), the explicit check
        int lanczos = r.get("passes").asInt() - 2;
        assertThat(r.get("passLog")).hasSize(lanczos);
        assertThat(run.err().lines().filter(l -> l.startsWith("pass ")).count()).isEqualTo(lanczos);
        // the eigenvalues go to an array file, descending, the first equal to lambda_max
        org.nd4j.linalg.api.ndarray.INDArray values = org.sgdvi.core.io.Npy.read(out.resolve("eigenvalues.npy"));
        assertThat(values.length()).isEqualTo(40);
        assertThat(values.getDouble(0)).isEqualTo(r.get("lambdaMax").asDouble());
        assertThat(r.has("eigenvalues")).isFalse();
        assertThat(keys(r)).containsExactly("benchmark", "model", "d", "n", "k", "dtype", "meanPassSeconds", "solverSeconds",
                "seconds", "computed", "passes", "converged", "tail", "lambdaMax", "lambdaK", "rankLowerBound", "passLog",
                "denseSeconds", "denseRank", "comparedTopEigenvalues", "maxRelDiffVsDense", "maxDiffOverLambdaMaxVsDense",
                "gram", "weightsFrom", "subset");
        // the Gram route beside it: all N = 120 eigenvalues, the dense weights stored as factors, the same top ones
        JsonNode gram = r.get("gram");
        assertThat(gram.get("computed").asInt()).isEqualTo(120);
        assertThat(gram.get("storedWidth").asLong()).isLessThan(917).isGreaterThan(gram.get("explicitWidth").asLong());
        assertThat(gram.get("rank").asLong()).isEqualTo(r.get("denseRank").asLong());
        assertThat(gram.get("comparedTopEigenvalues").asInt()).isEqualTo(Math.min(40, gram.get("rank").asInt()));
        assertThat(gram.get("maxDiffOverLambdaMaxVsMatrixFree").asDouble()).isLessThan(917 * Math.ulp(1.0f));
        assertThat(gram.get("ratioMatrixFreeToGram").asDouble()).isPositive();
        org.nd4j.linalg.api.ndarray.INDArray all = org.sgdvi.core.io.Npy.read(out.resolve("gram-eigenvalues.npy"));
        assertThat(all.length()).isEqualTo(120);
        assertThat(all.getDouble(0)).isEqualTo(gram.get("lambdaMax").asDouble());
        assertThat(keys(r.get("passLog").get(0))).containsExactly("pass", "basis", "ritzValueK", "largestRelativeResidual",
                "target", "seconds");
    }

    @Test
    void measuresATrainedNetworkFromItsRunFolder() throws Exception {
        Path data = TinyMnist.shared(300, 20, 7);
        Path trained = tmp.resolve("trained");
        assertThat(CliRun.run("train", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data.toString(),
                "--epochs", "1", "--out", trained.toString()).code()).isZero();
        Path out = tmp.resolve("bench");
        // without --data the run's own data (mnist7x7-5class in data) is used
        assertThat(CliRun.run("bench", "matrix-free", "--weights", trained.toString(), "--examples", "100", "--k", "16",
                "--out", out.toString()).code()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("model").asText()).isEqualTo("tiny-fc");
        assertThat(r.get("d").asLong()).isEqualTo(917);
        assertThat(r.get("n").asLong()).isEqualTo(100);
        assertThat(r.get("weightsFrom").asText()).isEqualTo(trained.toString());
        assertThat(r.get("solverSeconds").asDouble()).isPositive().isLessThanOrEqualTo(r.get("seconds").asDouble());
        CliRun.Result wrong = CliRun.run("bench", "matrix-free", "--weights", trained.toString(), "--model", "small-fc",
                "--data", "mnist7x7-5class", "--data-dir", data.toString(), "--examples", "100");
        assertThat(wrong.code()).isNotZero();
        assertThat(wrong.err()).contains("trained tiny-fc");
    }

    @Test
    void inDoubleWithATightTargetTheAgreementIsFarCloser() throws Exception {
        // at the default target (1e-5) the float and double runs both differ from dense by 1.4e-5 lambda_max:
        // a Ritz value is only promised to lie within its residual of an eigenvalue
        Path out = tmp.resolve("bench64");
        assertThat(tinyFc(TinyMnist.shared(300, 20, 5), "--examples", "120", "--k", "40", "--dtype", "double",
                "--tolerance", "1e-10", "--against-dense", "--out", out.toString()).code()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("dtype").asText()).isEqualTo("double");
        assertThat(r.get("converged").asBoolean()).isTrue();
        assertThat(r.get("comparedTopEigenvalues").asInt()).isEqualTo(40);
        assertThat(r.get("maxDiffOverLambdaMaxVsDense").asDouble()).isLessThan(1e-9);
    }

    @Test
    void refusesMoreExamplesThanTheDataHas() throws Exception {
        CliRun.Result r = tinyFc(TinyMnist.shared(100, 20, 6), "--examples", "10000");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--examples 10000: expected at most").contains("mnist7x7-5class");
    }
}
