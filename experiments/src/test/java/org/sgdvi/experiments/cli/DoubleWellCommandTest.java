package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.experiments.dynamics.DoubleWellRunner;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.core.io.Json;
import picocli.CommandLine;

class DoubleWellCommandTest {

    @TempDir
    Path dir;

    private static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cl = new CommandLine(new DoubleWellCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl;
    }

    @Test
    void tinyRunWritesTheRunFolder() throws Exception {
        Path run = dir.resolve("dw");
        StringWriter out = new StringWriter();
        int code = commandLine(out, new StringWriter()).execute("--lambda", "0,1.5", "--particles", "200",
                "--steps", "100", "--dt", "0.02", "--fp-cells", "16", "--fp-time", "2", "--seed", "7",
                "--out", run.toString());
        assertThat(code).isZero();
        for (String f : DoubleWellRunner.FILES) {
            assertThat(run.resolve(f)).exists();
        }
        for (String png : List.of("fig4-field.png", "sample-paths.png", "free-energy.png", "sampler-tv.png")) {
            byte[] b = Files.readAllBytes(run.resolve(png));
            assertThat(b.length).isGreaterThan(1000);
            assertThat(new String(b, 1, 3, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        }
        assertThat(Files.readString(run.resolve("report.html"))).contains("<img").contains("Fokker-Planck");

        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        JsonNode points = results.get("criticalPoints");
        assertThat(points.isArray()).isTrue();
        List<String> summary = new ArrayList<>();
        for (JsonNode p : points) {
            assertThat(p.has("lambda")).isTrue();
            assertThat(p.get("x").size()).isEqualTo(2);
            summary.add(p.get("lambda").asDouble() + "/" + p.get("field").asText() + "/" + p.get("type").asText());
        }
        // lambda = 0: minima at (+-1, 0), saddle at 0, for f and for phi; lambda = 1.5: only the centre for f
        assertThat(summary).containsExactly(
                "0.0/f/MINIMUM", "0.0/f/SADDLE", "0.0/f/MINIMUM",
                "0.0/phi/MINIMUM", "0.0/phi/SADDLE", "0.0/phi/MINIMUM",
                "1.5/f/CENTER",
                "1.5/phi/MINIMUM", "1.5/phi/SADDLE", "1.5/phi/MINIMUM");
        assertThat(points.get(2).get("x").get(0).asDouble()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));

        JsonNode sampler = results.get("sampler");
        assertThat(sampler.size()).isEqualTo(2);
        for (String key : List.of("tvTimes", "tv", "tvSamplingFloor", "dtSweep", "tvByDt", "windingRate",
                "windingRateStandardError", "angularVelocityFromWinding", "angularVelocityFromDrift",
                "angularVelocityExact")) {
            assertThat(sampler.get(0).has(key)).as(key).isTrue();
        }
        assertThat(sampler.get(0).get("dtSweep").size()).isEqualTo(3); // 0.16, 8 dt, exceeds 0.1 and is dropped
        assertThat(sampler.get(1).get("angularVelocityExact").asDouble()).isGreaterThan(0.5);
        assertThat(sampler.get(0).get("angularVelocityExact").asDouble()).isZero();

        JsonNode fp = results.get("fokkerPlanck");
        assertThat(fp.size()).isEqualTo(2);
        for (JsonNode f : fp) {
            assertThat(f.get("monotone").asBoolean()).isTrue();
            assertThat(f.get("massError").asDouble()).isLessThan(1e-10);
            assertThat(f.get("freeEnergy").size()).isEqualTo(f.get("times").size());
        }
        assertThat(results.get("wellShifts").get(0).get("shiftFromWell").asDouble()).isLessThan(1e-12);

        JsonNode config = Json.mapper().readTree(run.resolve("config.json").toFile());
        assertThat(config.get("command").asText()).isEqualTo("double-well");
        assertThat(config.get("seed").asLong()).isEqualTo(7);
        assertThat(config.get("arguments").get("lambdas").size()).isEqualTo(2);
        assertThat(out.toString()).contains("report.html");

        assertThat(keys(results)).containsExactly("criticalPoints", "wellShifts", "bifurcationLambda", "sampler",
                "fokkerPlanck", "elapsedSeconds", "valid", "checks");
        assertThat(keys(points.get(0))).containsExactly("lambda", "field", "x", "type", "eigenvalueRealParts",
                "eigenvalueImaginaryPart", "residual");
        assertThat(keys(results.get("wellShifts").get(0))).containsExactly("lambda", "zerosOfGradF", "shiftFromWell");
        assertThat(keys(sampler.get(0))).containsExactly("lambda", "dt", "particles", "steps", "tvTimes", "tv",
                "tvSamplingFloor", "dtSweep", "tvByDt", "tvByDtSamplingFloor", "windingRate", "windingRateStandardError",
                "angularVelocityFromWinding", "angularVelocityFromDrift", "angularVelocityExact");
        assertThat(keys(fp.get(0))).containsExactly("lambda", "cells", "box", "dt", "massError", "minMass", "monotone",
                "largestIncrease", "times", "freeEnergy", "freeEnergyExact", "discretizationFloor",
                "boundaryStreamFunction", "finalFreeEnergy", "finalMass", "steps");
        assertThat(keys(results.get("checks").get(0))).containsExactly("name", "value", "tolerance", "passed", "rule");
        assertThat(keys(config)).containsExactly("command", "arguments", "seed", "versions");
        assertThat(keys(config.get("versions"))).containsExactly("toolkit", "dl4j", "java");

        // the report states Example 19's claims as verdicts with the numbers behind them, and prints no raw map
        String html = Files.readString(run.resolve("report.html"));
        JsonNode s15 = sampler.get(1);
        assertThat(html).contains("<b>Confirmed</b>: lambda = 0: the critical points of f are those of Phi: they coincide, "
                        + "as in the paper. Zeros of grad f in [-2, 2]^2: 3 (MINIMUM, SADDLE, MINIMUM)")
                .contains("lambda = 1.5 &gt; lambda* = 0.7788: limit cycles around the origin:")
                .contains("Angular velocity from the particles' winding "
                        + HtmlReport.format(s15.get("angularVelocityFromWinding").asDouble()) + " +- "
                        + HtmlReport.format(2 * Math.PI * s15.get("windingRateStandardError").asDouble())
                        + " rad per unit time; the exact stationary value is "
                        + HtmlReport.format(s15.get("angularVelocityExact").asDouble()))
                .contains("lambda = 1.5: the free energy never increases (Theorem 5): it did not increase.")
                .contains("<th>particles</th><td>200</td>")
                .doesNotContainPattern("\\{[A-Za-z.]+=");
    }

    @Test
    void tooLargeStepIsBadUsage() {
        StringWriter err = new StringWriter();
        int code = commandLine(new StringWriter(), err).execute("--dt", "0.5", "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--dt");
    }
}
