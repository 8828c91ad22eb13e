package org.sgdvi.experiments.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.dynamics.linear.NetworkLinearization;
import org.sgdvi.core.gradients.EngineFullGradient;
import org.sgdvi.experiments.cli.LinearizeCommand;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyFcTraining;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;

class LinearizeCommandTest {

    private static final int N = 60;

    @TempDir
    static Path tmp;
    /** The shared trained run (read only). */
    static final Path run = TinyFcTraining.twoEpochs();
    static Path out;
    /** What linearize said about it. */
    static CliRun.Result linearized;

    @BeforeAll
    static void linearize() {
        out = tmp.resolve("lin");
        linearized = CliRun.run(new CommandLine(new LinearizeCommand()), "--run", run.toString(), "--out",
                out.toString(), "--examples", String.valueOf(N), "--angles", "200", "--seed", "5");
    }

    @Test
    void writesTheFilesAndKeys() throws Exception {
        assertThat(linearized.code()).as(linearized.err()).isZero();
        for (String f : new String[] {"config.json", "results.json", "F.npy", "D.npy", "eigenvalues-F.npy",
            "eigenvalues-D.npy", "angles.npy", "spectra.png", "angles.png", "report.html"}) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("d").asInt()).isEqualTo(917);
        assertThat(r.get("n").asInt()).isEqualTo(N);
        assertThat(r.get("step").asDouble()).isEqualTo(1e-7);
        for (String key : new String[] {"/hessian/asymmetry", "/hessian/skewNorm", "/hessian/switchedColumns",
            "/hessian/eigenvalues/smallest", "/diffusion/eigenvalues/rank", "/decomposition/illPosedPairs",
            "/decomposition/illPosedPairsStrict", "/decomposition/wellPosedDimension",
            "/detailedBalance/qOverD", "/detailedBalance/angles/meanRadians", "/detailedBalance/angles/stdRadians",
            "/detailedBalance/randomBasisQOverD", "/detailedBalance/isotropicQOverD", "/detailedBalance/verdict",
            "/files/F.npy", "/wallSeconds"}) {
            assertThat(r.at(key).isMissingNode()).as(key).isFalse();
        }
        assertThat(r.at("/detailedBalance/angles/samples").asInt()).isEqualTo(200);
        assertThat(keys(r)).containsExactly("model", "data", "run", "d", "n", "step", "seed", "fullGradientNorm", "hessian",
                "diffusion", "decomposition", "detailedBalance", "files", "wallSeconds", "subset", "valid", "checks");
        assertThat(keys(r.get("hessian"))).containsExactly("method", "asymmetry", "skewNorm", "gradientCalls",
                "switchedColumns", "seconds", "eigenvalues");
        assertThat(keys(r.get("diffusion"))).containsExactly("sampling", "seconds", "trace", "eigenvalues");
        assertThat(keys(r.get("decomposition"))).containsExactly("tolerance", "toleranceRule", "absoluteTolerance",
                "wellPosedDimension", "excludedDirections", "illPosedPairs", "illPosedPairsStrict", "totalPairs", "rankS",
                "lyapunovResidual", "antisymmetryResidual", "factorizationResidual", "seconds");
        JsonNode b = r.get("detailedBalance");
        assertThat(keys(b)).containsExactly("qOverD", "offDiagonalFraction", "hessianDiffusionCosine", "angles",
                "isotropicQOverD", "isotropicUResidual", "randomBasisQOverD", "qOverDAboveCutoff", "verdict", "verdictText",
                "thresholds");
        assertThat(keys(b.get("angles"))).containsExactly("samples", "meanRadians", "stdRadians", "minRadians",
                "medianRadians", "maxRadians", "meanDegrees", "stdDegrees");
        assertThat(keys(b.get("qOverDAboveCutoff").get(0))).containsExactly("relativeCutoff", "qOverD");
        assertThat(keys(b.get("thresholds"))).containsExactly("holdsBelow", "nearBelow", "brokenBelow");
        assertThat(keys(r.get("files"))).containsExactly("F.npy", "D.npy", "eigenvalues-F.npy", "eigenvalues-D.npy",
                "angles.npy");
        assertThat(keys(r.get("checks").get(0))).containsExactly("name", "value", "tolerance", "passed", "rule");
        JsonNode config = Json.mapper().readTree(out.resolve("config.json").toFile());
        assertThat(keys(config.get("options"))).containsExactly("run", "examples", "step", "seed", "angleSamples",
                "tolerance", "chunk", "subset", "subsetSeed");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Verdict").contains("data:image/png;base64,")
                .contains("Lemma 20: Q != 0 means detailed balance is broken: " + b.get("verdictText").asText()
                        .replace("<", "&lt;").replace(">", "&gt;"))
                .contains("||Q||_F / ||D_W||_F = " + HtmlReport.format(b.get("qOverD").asDouble())
                        + "; the verdict's thresholds are 0.01 (holds below), 0.1 (near below) and 0.5 (broken below")
                .contains("<th>examples N</th><td>" + N + "</td>")
                .doesNotContainPattern("\\{[A-Za-z.]+=");
    }

    @Test
    void theIdentitiesHoldOnTheWellPosedSubspaceAndNothingIsNaN() throws Exception {
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.at("/hessian/asymmetry").asDouble()).isLessThan(1e-6);
        assertThat(r.at("/decomposition/lyapunovResidual").asDouble()).isLessThan(1e-8);
        assertThat(r.at("/decomposition/antisymmetryResidual").asDouble()).isLessThan(1e-8);
        assertThat(r.at("/decomposition/factorizationResidual").asDouble()).isLessThan(1e-8);
        double q = r.at("/detailedBalance/qOverD").asDouble();
        assertThat(q).isBetween(0.0, 1.0).isLessThanOrEqualTo(r.at("/detailedBalance/offDiagonalFraction").asDouble() + 1e-12);
        assertThat(r.at("/detailedBalance/isotropicQOverD").asDouble()).isLessThan(1e-6);
        assertThat(r.at("/detailedBalance/verdict").asText()).isIn("HOLDS", "NEAR", "BROKEN", "FAR", "UNDETERMINED");
        // the strict ill-posed count against an exhaustive count over the saved eigenvalues of F
        double[] mu = Npy.read(out.resolve("eigenvalues-F.npy")).toDoubleVector();
        long pairs = 0;
        for (int i = 0; i < mu.length; i++) {
            for (int j = i; j < mu.length; j++) {
                if (mu[i] + mu[j] <= 0) {
                    pairs++;
                }
            }
        }
        assertThat(r.at("/decomposition/illPosedPairsStrict").asLong()).isEqualTo(pairs);
        assertThat(r.at("/hessian/eigenvalues/min").asDouble()).isEqualTo(Arrays.stream(mu).min().orElseThrow());
        assertThat(Files.readString(out.resolve("results.json"))).doesNotContain("NaN");
    }

    @Test
    void theSavedMatricesAreTheHessianAndTheDiffusionOfTheSavedModel() throws Exception {
        INDArray f = Npy.read(out.resolve("F.npy"));
        INDArray d = Npy.read(out.resolve("D.npy"));
        assertThat(f.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(d.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(f.shape()).containsExactly(917, 917);
        assertThat(f.equals(f.transpose())).isTrue();
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), false);
        int[] subset = Npy.read(out.resolve("subset.npy")).toIntVector();
        assertThat(subset).hasSize(N);
        DataSet ds = TrainRunner.readRequest(RunFolder.open(run)).loadData().train().subset(subset).toDataSet();
        // D: (1/N) sum_k (g_k - gbar)(g_k - gbar)^T from the per-example gradients of the saved model in double
        EngineFullGradient loss = new EngineFullGradient(NetworkLinearization.inDouble(net), ds.getFeatures(),
                ds.getLabels(), N);
        INDArray[] rows = new INDArray[1];
        loss.forEachChunk(c -> rows[0] = c.dup());
        INDArray centred = rows[0].subRowVector(rows[0].mean(0));
        INDArray dRef = centred.transpose().mmul(centred).divi(N);
        assertThat(d.sub(dRef).norm2Number().doubleValue()).isLessThan(1e-12 * dRef.norm2Number().doubleValue());
        // F: F v against a central difference of the full gradient along a random direction v
        SplittableRandom rnd = new SplittableRandom(17);
        INDArray v = Nd4j.create(DataType.DOUBLE, 917);
        for (int i = 0; i < 917; i++) {
            v.putScalar(i, rnd.nextGaussian());
        }
        INDArray x = loss.weights();
        double eps = 1e-7;
        INDArray directional = loss.gradient(x.add(v.mul(eps))).sub(loss.gradient(x.sub(v.mul(eps)))).divi(2 * eps);
        INDArray fv = f.mmul(v.reshape(917, 1)).reshape(917);
        assertThat(fv.sub(directional).norm2Number().doubleValue()).isLessThan(1e-5 * directional.norm2Number().doubleValue());
    }

    @Test
    void refusesAFolderThatIsNotARun() {
        CliRun.Result r = CliRun.run(new CommandLine(new LinearizeCommand()), "--run", tmp.resolve("missing").toString(),
                "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("missing").contains("expected a finished training run folder");
        CliRun.Result bad = CliRun.run(new CommandLine(new LinearizeCommand()), "--run", run.toString(), "--out",
                tmp.resolve("y").toString(), "--tolerance", "big");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--tolerance");
    }
}
