package org.sgdvi.experiments.check;

import org.sgdvi.experiments.testdata.UniformGradients;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdvi.core.spectrum.SnapshotSpectra;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.TinyMnist;

/** Self-checks of {@code sgdvi spectrum}: eigenvalue sums against tr D and ||D||_F, Ritz residuals. */
class SpectrumSelfCheckTest {

    @TempDir
    Path tmp;

    /** K x d gradient rows with a seeded uniform distribution (as SpectrumCommandTest). */
    private Path gradients(int k, int d) throws java.io.IOException {
        return UniformGradients.write(tmp.resolve("grads-" + k + "x" + d + ".npy"), k, d, 11);
    }

    private static List<String> names(JsonNode results, boolean passed) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : results.get("checks")) {
            if (c.get("passed").asBoolean() == passed) {
                out.add(c.get("name").asText());
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"dense,float", "dense,double", "gram,float", "gram,double", "matrix-free,float", "matrix-free,double"})
    void eachSolverPassesOnACorrectSpectrumAndFailsOnAPerturbedOne(String solver, String dtype) throws Exception {
        Path grads = gradients(40, 60);
        Path ok = tmp.resolve("ok");
        SelfCheckCli.Outcome o = SelfCheckCli.run(null, "spectrum", "--from-gradients", grads.toString(), "--dtype", dtype,
                "--solver", solver, "--out", ok.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = Json.mapper().readTree(ok.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isTrue();
        List<String> expected = new ArrayList<>(List.of("eigenvalueTraceSum"));
        if (!solver.equals("matrix-free")) {
            expected.add("eigenvalueSquareSum");
        } else {
            expected.add("ritzResiduals");
        }
        assertThat(names(r, true)).containsAll(expected);
        assertThat(names(r, false)).isEmpty();
        assertThat(o.out()).contains("rank");

        Path bad = tmp.resolve("bad");
        SelfCheckCli.Outcome f = SelfCheckCli.run(SnapshotSpectra.PERTURB_EIGENVALUES, "spectrum", "--from-gradients",
                grads.toString(), "--dtype", dtype, "--solver", solver, "--out", bad.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).contains("the spectrum of D failed its self-check").contains("eigenvalueTraceSum");
        assertThat(f.err().strip().lines()).hasSize(1);
        JsonNode rb = Json.mapper().readTree(bad.resolve("results.json").toFile());
        assertThat(rb.get("valid").asBoolean()).isFalse();
        assertThat(names(rb, false)).contains("eigenvalueTraceSum");
        // eigenvalues 10% too large: the trace sum is off by 10%
        for (JsonNode c : rb.get("checks")) {
            if (c.get("name").asText().equals("eigenvalueTraceSum")) {
                assertThat(c.get("value").asDouble()).isBetween(0.09, 0.11);
            }
        }
        assertThat(f.out()).doesNotContain("rank").doesNotContain("wrote");
        assertThat(bad.resolve("eigenvalues.npy")).exists();
    }

    @Test
    void mixedRitzVectorsFailTheRitzResidualCheck() throws Exception {
        Path grads = gradients(40, 60);
        Path out = tmp.resolve("ritz");
        SelfCheckCli.Outcome o = SelfCheckCli.run(org.sgdvi.core.spectrum.MatrixFreeSolver.MIX_RITZ_VECTORS, "spectrum",
                "--from-gradients", grads.toString(), "--dtype", "float", "--solver", "matrix-free", "--out", out.toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("ritzResiduals");
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(names(r, false)).containsExactly("ritzResiduals");
        assertThat(o.out()).doesNotContain("rank");
    }

    private SelfCheckCli.Outcome train(String fault, Path out) throws java.io.IOException {
        Path data = tmp.resolve("data");
        if (!java.nio.file.Files.isDirectory(data)) {
            TinyMnist.write(data, 120, 30, 5);
        }
        return SelfCheckCli.run(fault, "spectrum", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir",
                data.toString(), "--epochs", "1", "--batch", "15", "--lr", "0.05", "--fractions", "0.5,1", "--examples", "50",
                "--seed", "9", "--out", out.toString());
    }

    @Test
    void aTrainingRunPassesItsChecksAtEverySnapshot() throws Exception {
        Path out = tmp.resolve("run-ok");
        SelfCheckCli.Outcome o = train(null, out);
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isTrue();
        for (JsonNode snap : r.get("snapshots")) {
            assertThat(snap.get("valid").asBoolean()).isTrue();
            assertThat(names(snap, true)).contains("eigenvalueTraceSum", "perExampleGradientMean");
        }
        assertThat(o.out()).contains("D at 100% of training (iteration");
    }

    @Test
    void aTrainingRunWithPerturbedEigenvaluesIsInvalid() throws Exception {
        Path out = tmp.resolve("run-eig");
        SelfCheckCli.Outcome o = train(SnapshotSpectra.PERTURB_EIGENVALUES, out);
        assertThat(o.exit()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains("failed its self-check").contains("50%, 100%").contains("eigenvalueTraceSum");
        assertThat(o.err().strip().lines()).hasSize(1);
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(r.get("snapshots").get(1).get("valid").asBoolean()).isFalse();
        assertThat(names(r.get("snapshots").get(1), false)).contains("eigenvalueTraceSum")
                .doesNotContain("perExampleGradientMean");
        assertThat(o.out()).doesNotContain("D at 100% of training (iteration").doesNotContain("wrote");
        assertThat(out.resolve("report.html")).doesNotExist();
        assertThat(out.resolve("spectra.json")).exists();
    }

    @Test
    void aTrainingRunWithPerturbedGradientRowsIsInvalid() throws Exception {
        Path out = tmp.resolve("run-rows");
        SelfCheckCli.Outcome o = train(org.sgdvi.core.check.GradientSpotCheck.PERTURB_ROWS, out);
        assertThat(o.exit()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains("perExampleGradientMean");
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(names(r.get("snapshots").get(0), false)).containsExactly("perExampleGradientMean");
        assertThat(o.out()).doesNotContain("D at 50% of training (iteration");
    }
}
