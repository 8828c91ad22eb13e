package org.sgdvi.experiments.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.experiments.dynamics.DoubleWellStudy;
import org.sgdvi.core.io.Json;

/** Self-checks of {@code sgdvi double-well}: Newton critical points (|grad Phi(x*)|) and Fokker-Planck mass. */
class DoubleWellSelfCheckTest {

    @TempDir
    Path dir;

    private SelfCheckCli.Outcome run(String fault, Path out) {
        return SelfCheckCli.run(fault, "double-well", "--lambda", "0,1.5", "--particles", "100", "--steps", "50",
                "--dt", "0.02", "--fp-cells", "16", "--fp-time", "1", "--seed", "7", "--out", out.toString());
    }

    private static List<JsonNode> checks(JsonNode results, boolean passed) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : results.get("checks")) {
            if (c.get("passed").asBoolean() == passed) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void aCorrectRunRecordsItsPassingChecks() throws Exception {
        Path out = dir.resolve("ok");
        SelfCheckCli.Outcome o = run(null, out);
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isTrue();
        // 10 critical points (see DoubleWellCommandTest) and 2 densities
        assertThat(checks(r, true)).hasSize(12);
        for (JsonNode c : r.get("checks")) {
            assertThat(c.get("value").asDouble()).as(c.toString()).isLessThanOrEqualTo(c.get("tolerance").asDouble());
            assertThat(c.get("tolerance").asDouble()).as(c.toString()).isPositive().isLessThan(1e-9);
        }
        // the recorded residuals are the ones Newton reports, and the mass check's total is the density's
        for (JsonNode p : r.get("criticalPoints")) {
            assertThat(p.get("residual").asDouble()).isLessThan(1e-12);
        }
        for (JsonNode f : r.get("fokkerPlanck")) {
            assertThat(f.get("finalMass").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(o.out()).contains("zeros of grad f").contains("Fokker-Planck F");
    }

    @Test
    void criticalPointsMovedOffTheZeroFailWithExitOne() throws Exception {
        Path out = dir.resolve("moved");
        SelfCheckCli.Outcome o = run(DoubleWellStudy.MOVE_CRITICAL_POINTS, out);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("failed its self-check").contains("criticalPointResidual").contains("results.json");
        assertThat(o.err().strip().lines()).hasSize(1);
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isFalse();
        assertThat(checks(r, false)).isNotEmpty().allMatch(c -> c.get("name").asText().startsWith("criticalPointResidual"));
        assertThat(o.out()).doesNotContain("zeros of grad f").doesNotContain("report.html");
        assertThat(out.resolve("report.html")).doesNotExist();
    }

    @Test
    void aDensityThatLosesMassFailsWithExitOne() throws Exception {
        Path out = dir.resolve("mass");
        SelfCheckCli.Outcome o = run(DoubleWellStudy.LOSE_MASS, out);
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("fokkerPlanckMass");
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isFalse();
        List<JsonNode> failed = checks(r, false);
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0).get("value").asDouble()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(o.out()).doesNotContain("Fokker-Planck F").doesNotContain("report.html");
    }
}
