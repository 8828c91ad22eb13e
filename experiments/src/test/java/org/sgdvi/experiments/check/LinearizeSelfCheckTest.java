package org.sgdvi.experiments.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.dynamics.linear.LyapunovLinearization;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.TinyFcTraining;

/**
 * Self-checks of {@code sgdvi linearize} on the fixture of LinearizeCommandTest (tiny-fc trained two
 * epochs, d = 917, N = 40): a correct run passes its eigenvalue-sum and Lemma 20 residual checks; with
 * the eigenvectors of F mixed (what a broken LAPACK did) it exits 1 without a verdict.
 */
class LinearizeSelfCheckTest {

    @TempDir
    static Path tmp;
    /** The fixture's trained run, shared with the other linearize and curvature tests (read only). */
    static final Path run = TinyFcTraining.twoEpochs();

    private static SelfCheckCli.Outcome linearize(String fault, Path out) {
        return SelfCheckCli.run(fault, "linearize", "--run", run.toString(), "--out", out.toString(), "--examples", "40",
                "--angles", "50", "--seed", "5");
    }

    private static Map<String, JsonNode> checks(JsonNode r) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode c : r.get("checks")) {
            m.put(c.get("name").asText(), c);
        }
        return m;
    }

    @Test
    void aCorrectLinearizationPassesEveryCheck() throws Exception {
        Path out = tmp.resolve("ok");
        SelfCheckCli.Outcome o = linearize(null, out);
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isTrue();
        Map<String, JsonNode> c = checks(r);
        assertThat(c).containsKeys("hessianEigenvalueTraceSum", "hessianEigenvalueSquareSum", "diffusionEigenvalueTraceSum",
                "diffusionEigenvalueSquareSum", "lyapunovResidual", "antisymmetryResidual", "factorizationResidual",
                "perExampleGradientMean");
        for (JsonNode x : c.values()) {
            assertThat(x.get("passed").asBoolean()).as(x.toString()).isTrue();
            System.out.println("linearize check " + x);
        }
        // the check values are the residuals results.json reports
        assertThat(c.get("lyapunovResidual").get("value").asDouble())
                .isEqualTo(r.at("/decomposition/lyapunovResidual").asDouble());
        assertThat(r.at("/detailedBalance/verdict").asText()).isNotEmpty();
        assertThat(o.out()).contains("||Q||/||D||");
    }

    @Test
    void mixedEigenvectorsFailTheResidualChecksWithExitOneAndNoVerdict() throws Exception {
        Path out = tmp.resolve("bad");
        SelfCheckCli.Outcome o = linearize(LyapunovLinearization.CORRUPT_EIGENVECTORS, out);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("the linearization failed its self-check").contains("lyapunovResidual")
                .contains("results.json");
        // stderr holds the Hessian progress lines and then the one sentence
        assertThat(o.err().strip().lines().filter(l -> !l.strip().startsWith("F: column")).toList()).hasSize(1);
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isFalse();
        Map<String, JsonNode> c = checks(r);
        assertThat(c.get("lyapunovResidual").get("passed").asBoolean()).isFalse();
        assertThat(c.get("lyapunovResidual").get("value").asDouble()).isGreaterThan(1e-3);
        System.out.println("linearize corrupted " + c.values());
        // the eigenvalues were not touched: their sums still pass
        assertThat(c.get("hessianEigenvalueTraceSum").get("passed").asBoolean()).isTrue();
        assertThat(r.at("/detailedBalance/verdict").isMissingNode()).isTrue();
        assertThat(r.get("failedChecks").toString()).contains("lyapunovResidual");
        assertThat(o.out()).doesNotContain("||Q||/||D||").doesNotContain("HOLDS").doesNotContain("FAR")
                .doesNotContain("wrote");
        assertThat(out.resolve("F.npy")).exists();
        assertThat(out.resolve("report.html")).doesNotExist();
        assertThat(Files.readString(out.resolve("results.json"))).doesNotContain("verdictText");
    }
}
