package org.sgdvi.experiments.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.core.linalg.SymmetricEigen;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyFcTraining;

/**
 * {@code sgdvi curvature} on a trained tiny-fc (d = 917, exact route) against {@code sgdvi linearize} on the same run
 * and the same 60 examples: the top Hessian eigenvalues from exact products against the eigenvalues of linearize's
 * central-difference Hessian F.npy (an independent, finite-difference route, in double), tr D against linearize's
 * D.npy, and D without replacement against N/(N-1) times D with (appendix A2).
 */
class CurvatureCommandTest {

    private static final int N = 60;

    @TempDir
    static Path tmp;
    /** The shared trained run (read only). */
    static final Path run = TinyFcTraining.twoEpochs();
    static Path lin;
    static Path with;
    static Path without;

    @BeforeAll
    static void linearizeAndMeasure() {
        lin = tmp.resolve("lin");
        assertThat(CliRun.run("linearize", "--run", run.toString(), "--out", lin.toString(), "--examples", String.valueOf(N),
                "--angles", "50", "--seed", "5").code()).isZero();
        with = tmp.resolve("with");
        CliRun.Result r = CliRun.run("curvature", "--run", run.toString(), "--out", with.toString(), "--examples",
                String.valueOf(N), "--k", "5", "--seed", "5", "--bootstrap", "100", "--export");
        assertThat(r.code()).as(r.err()).isZero();
        without = tmp.resolve("without");
        assertThat(CliRun.run("curvature", "--run", run.toString(), "--out", without.toString(), "--examples",
                String.valueOf(N), "--k", "5", "--seed", "5", "--bootstrap", "100", "--sampling", "without").code()).isZero();
    }

    @Test
    void writesTheKeysFilesAndReport() throws Exception {
        JsonNode r = Json.mapper().readTree(with.resolve(RunFolder.RESULTS).toFile());
        for (String key : new String[] {"hessianTopEigenvalues", "hessianTrace", "diffusionTrace", "traceHD",
            "isotropicTraceHD", "commutator", "noiseScaleSimple", "noiseScaleBNoise", "principalAnglesDegrees",
            "diffusionAlongHessianEigenvectors", "hessianAlongDiffusionEigenvectors", "noiseScaleSimpleInterval"}) {
            assertThat(r.has(key)).as(key).isTrue();
        }
        assertThat(r.get("valid").asBoolean()).isTrue();
        assertThat(r.get("exact").asBoolean()).isTrue();
        assertThat(r.get("hessianTopEigenvalues")).hasSize(5);
        assertThat(r.get("isotropicTraceHD").asDouble()).isCloseTo(
                r.get("hessianTrace").asDouble() * r.get("diffusionTrace").asDouble() / 917, within(1e-9));
        assertThat(r.get("noiseScaleSimple").asDouble()).isCloseTo(
                r.get("diffusionTrace").asDouble() / r.get("gradientNormSquared").asDouble(), within(1e-6));
        for (String f : new String[] {"hessian-top.npy", "diffusion-top.npy", "principal-angles.npy", "curvature.png",
            "report.html", "subset.npy", "grads.npy", "inputs.npy", "labels.npy", "layout.json", "hvp-directions.npy",
            "hvp-products.npy"}) {
            assertThat(with.resolve(f)).as(f).exists();
        }
        assertThat(Files.readString(with.resolve(RunFolder.REPORT))).contains("isotropic baseline", "commutator", "Lemma 20");
        assertThat(Npy.read(with.resolve("grads.npy")).rows()).isEqualTo(N);
    }

    @Test
    void hessianAndDiffusionAgreeWithLinearizesFiniteDifferenceRoute() throws Exception {
        JsonNode r = Json.mapper().readTree(with.resolve(RunFolder.RESULTS).toFile());
        INDArray f = Npy.read(lin.resolve("F.npy")).castTo(DataType.DOUBLE);
        double[] mu = SymmetricEigen.eigenvalues(f, SymmetricEigen.Order.DESCENDING);
        for (int i = 0; i < 5; i++) {
            assertThat(r.get("hessianTopEigenvalues").get(i).asDouble()).as("lambda_%d(H)", i + 1)
                    .isCloseTo(mu[i], within(1e-4 * mu[0]));
        }
        INDArray d = Npy.read(lin.resolve("D.npy")).castTo(DataType.DOUBLE);
        double trace = 0;
        for (int i = 0; i < d.rows(); i++) {
            trace += d.getDouble(i, i);
        }
        assertThat(r.get("diffusionTrace").asDouble()).isCloseTo(trace, within(1e-5 * trace));
        JsonNode w = Json.mapper().readTree(without.resolve(RunFolder.RESULTS).toFile());
        assertThat(w.get("diffusionTrace").asDouble()).isCloseTo(trace * N / (N - 1), within(1e-5 * trace));
    }
}
