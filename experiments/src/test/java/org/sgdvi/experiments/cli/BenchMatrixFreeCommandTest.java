package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.TinyMnist;
import picocli.CommandLine;

class BenchMatrixFreeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void topKAgreesWithTheDenseSolverOnTheSameGradientsAndLogsEveryPass() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 20, 5);
        Path out = tmp.resolve("bench");
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("bench", "matrix-free", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--examples", "120", "--k", "40", "--against-dense",
                "--out", out.toString())).isZero();
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
        assertThat(err.toString().lines().filter(l -> l.startsWith("pass ")).count()).isEqualTo(lanczos);
        // the eigenvalues go to an array file, descending, the first equal to lambda_max
        org.nd4j.linalg.api.ndarray.INDArray values = org.sgdvi.core.io.Npy.read(out.resolve("eigenvalues.npy"));
        assertThat(values.length()).isEqualTo(40);
        assertThat(values.getDouble(0)).isEqualTo(r.get("lambdaMax").asDouble());
        assertThat(r.has("eigenvalues")).isFalse();
        assertThat(keys(r)).containsExactly("benchmark", "model", "d", "n", "k", "dtype", "meanPassSeconds", "solverSeconds",
                "seconds", "computed", "passes", "converged", "tail", "lambdaMax", "lambdaK", "rankLowerBound", "passLog",
                "denseSeconds", "denseRank", "comparedTopEigenvalues", "maxRelDiffVsDense", "maxDiffOverLambdaMaxVsDense",
                "weightsFrom", "subset");
        assertThat(keys(r.get("passLog").get(0))).containsExactly("pass", "basis", "ritzValueK", "largestRelativeResidual",
                "target", "seconds");
    }

    @Test
    void measuresATrainedNetworkFromItsRunFolder() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 20, 7);
        Path trained = tmp.resolve("trained");
        CommandLine train = SgdviCommand.commandLine();
        train.setErr(new PrintWriter(new StringWriter()));
        train.setOut(new PrintWriter(new StringWriter()));
        assertThat(train.execute("train", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data.toString(),
                "--epochs", "1", "--out", trained.toString())).isZero();
        Path out = tmp.resolve("bench");
        CommandLine cl = SgdviCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.setOut(new PrintWriter(new StringWriter()));
        // without --data the run's own data (mnist7x7-5class in data) is used
        assertThat(cl.execute("bench", "matrix-free", "--weights", trained.toString(), "--examples", "100", "--k", "16",
                "--out", out.toString())).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("model").asText()).isEqualTo("tiny-fc");
        assertThat(r.get("d").asLong()).isEqualTo(917);
        assertThat(r.get("n").asLong()).isEqualTo(100);
        assertThat(r.get("weightsFrom").asText()).isEqualTo(trained.toString());
        assertThat(r.get("solverSeconds").asDouble()).isPositive().isLessThanOrEqualTo(r.get("seconds").asDouble());
        StringWriter err = new StringWriter();
        CommandLine wrong = SgdviCommand.commandLine();
        wrong.setErr(new PrintWriter(err));
        wrong.setOut(new PrintWriter(new StringWriter()));
        assertThat(wrong.execute("bench", "matrix-free", "--weights", trained.toString(), "--model", "small-fc",
                "--data", "mnist7x7-5class", "--data-dir", data.toString(), "--examples", "100")).isNotZero();
        assertThat(err.toString()).contains("trained tiny-fc");
    }

    @Test
    void inDoubleWithATightTargetTheAgreementIsFarCloser() throws Exception {
        // at the default target (1e-5) the float and double runs both differ from dense by 1.4e-5 lambda_max:
        // a Ritz value is only promised to lie within its residual of an eigenvalue
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 20, 5);
        Path out = tmp.resolve("bench64");
        CommandLine cl = SgdviCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("bench", "matrix-free", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--examples", "120", "--k", "40", "--dtype", "double", "--tolerance", "1e-10", "--against-dense",
                "--out", out.toString())).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("dtype").asText()).isEqualTo("double");
        assertThat(r.get("converged").asBoolean()).isTrue();
        assertThat(r.get("comparedTopEigenvalues").asInt()).isEqualTo(40);
        assertThat(r.get("maxDiffOverLambdaMaxVsDense").asDouble()).isLessThan(1e-9);
    }

    @Test
    void refusesMoreExamplesThanTheDataHas() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 100, 20, 6);
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("bench", "matrix-free", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--examples", "10000")).isNotZero();
        assertThat(err.toString()).contains("--examples 10000: expected at most").contains("mnist7x7-5class");
    }
}
