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
                String.valueOf(N), "--k", "5", "--seed", "5", "--bootstrap", "100", "--export", "--density", "--per-layer");
        assertThat(r.code()).as(r.err()).isZero();
        without = tmp.resolve("without");
        assertThat(CliRun.run("curvature", "--run", run.toString(), "--out", without.toString(), "--examples",
                String.valueOf(N), "--k", "5", "--seed", "5", "--bootstrap", "100", "--sampling", "without",
                "--tail-directions", "0").code()).isZero();
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
        assertThat(Files.readString(with.resolve(RunFolder.REPORT))).contains("Spectral density of H", "Tail index",
                "Lemma 2", "Per-layer blocks");
    }

    @Test
    void writesTheDensityTailIndexAndLayerBlocks() throws Exception {
        JsonNode r = Json.mapper().readTree(with.resolve(RunFolder.RESULTS).toFile());
        JsonNode dens = r.get("hessianDensity");
        assertThat(dens.get("steps").asInt()).as("--density-steps default").isEqualTo(30);
        assertThat(dens.get("vectors").asInt()).isEqualTo(10);
        assertThat(dens.get("grid")).hasSize(1000);
        // density.npy integrates to 1 and its mean is tr H / d within 4 standard errors of the quadrature
        INDArray gd = Npy.read(with.resolve("density.npy")).castTo(DataType.DOUBLE);
        assertThat(gd.shape()).containsExactly(1000, 2);
        double mass = 0;
        double mean = 0;
        for (int i = 1; i < gd.rows(); i++) {
            double h = gd.getDouble(i, 0) - gd.getDouble(i - 1, 0);
            mass += 0.5 * h * (gd.getDouble(i, 1) + gd.getDouble(i - 1, 1));
            mean += 0.5 * h * (gd.getDouble(i, 0) * gd.getDouble(i, 1) + gd.getDouble(i - 1, 0) * gd.getDouble(i - 1, 1));
        }
        assertThat(mass).isCloseTo(1, within(1e-5));
        assertThat(mean).isCloseTo(r.get("hessianTrace").asDouble() / 917,
                within(4 * dens.get("traceOverDimensionStandardError").asDouble() + 1e-6));
        assertThat(with.resolve("density.png")).exists();
        assertThat(with.resolve("density-nodes.npy")).exists();

        // the tail index: the projections' second moment is lambda_i(D), Hill's figure follows from the file
        JsonNode tail = r.get("noiseTailIndex");
        assertThat(tail.get("directions")).hasSize(5);
        INDArray p = Npy.read(with.resolve("noise-projections.npy")).castTo(DataType.DOUBLE);
        assertThat(p.shape()).containsExactly(N, 5);
        for (int i = 0; i < 5; i++) {
            JsonNode t = tail.get("directions").get(i);
            double second = p.getColumn(i).mul(p.getColumn(i)).sumNumber().doubleValue() / N;
            assertThat(second).isCloseTo(r.get("diffusionTopEigenvalues").get(i).asDouble(),
                    within(1e-6 * r.get("diffusionTopEigenvalues").get(0).asDouble()));
            assertThat(t.get("hill").get("alpha").asDouble()).isCloseTo(org.sgdvi.core.curvature.TailIndex.hill(
                    p.getColumn(i).toDoubleVector(), tail.get("hillOrderStatistics").asInt()).alpha(), within(1e-9));
            assertThat(t.get("hill").get("alpha").asDouble()).as(t.toString()).isPositive();
            assertThat(t.get("mohammadi").get("alpha").asDouble()).as(t.toString()).isPositive();
            assertThat(t.get("mohammadi").get("standardError").asDouble()).as(t.toString()).isPositive();
        }

        // per-layer blocks: exact at d = 917, their traces add up to the whole traces
        JsonNode layers = r.get("layers");
        assertThat(layers.size()).isGreaterThan(1);
        double sumH = 0;
        double sumD = 0;
        for (JsonNode b : layers) {
            assertThat(b.get("exact").asBoolean()).isTrue();
            sumH += b.get("hessianTrace").get("value").asDouble();
            sumD += b.get("diffusionTrace").asDouble();
        }
        assertThat(sumH).isCloseTo(r.get("hessianTrace").asDouble(), within(1e-9 * Math.abs(r.get("hessianTrace").asDouble())));
        assertThat(sumD).isCloseTo(r.get("diffusionTrace").asDouble(), within(1e-9 * r.get("diffusionTrace").asDouble()));

        // without --density and --per-layer below the dense limit: neither; --tail-directions 0: no projections
        JsonNode w = Json.mapper().readTree(without.resolve(RunFolder.RESULTS).toFile());
        assertThat(w.get("hessianDensity").isNull()).isTrue();
        assertThat(w.get("layers").isNull()).isTrue();
        assertThat(w.get("noiseTailIndex").get("directions")).isEmpty();
        assertThat(without.resolve("density.npy")).doesNotExist();
        assertThat(without.resolve("noise-projections.npy")).doesNotExist();
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
