package org.sgdvi.experiments.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.cli.SgdviCommand;
import org.sgdvi.experiments.curvature.CurvatureResults;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * {@code sgdvi spectrum --curvature} on tiny-fc (d = 917, the exact route of the curvature measures) with 60 examples,
 * 3 epochs of 6 batches, snapshots at 30% (iteration 5 of 18: "28%") and 100%: the curvature keys at every snapshot; at the last one the numbers of
 * {@code sgdvi curvature} on the run's model.zip with the same examples and seed, to 1e-9 relative (both are computed
 * in the same precision from the same weights, so they agree far closer than the float32 rounding of the network);
 * the same run without --curvature has the same D, the same weights and no curvature key; and a run killed (SIGKILL)
 * after its first snapshot and its epoch-2 checkpoint, then resumed, ends with the numbers of the uninterrupted run,
 * its first snapshot's curvature read back from spectra.json unchanged.
 */
class SpectrumCurvatureTest {

    private static final String[] MEASURES = {"hessianTopEigenvalues", "hessianTrace", "diffusionTrace", "traceHD",
        "isotropicTraceHD", "commutator", "noiseScaleSimple", "noiseScaleBNoise"};
    private static final List<String> TIMES = List.of("seconds", "solverSeconds");

    @TempDir
    static Path tmp;
    static Path data;
    static Path curved;
    static Path plain;
    static Path single;

    private static String[] spectrum(Path out, String... more) {
        String[] base = {"spectrum", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data.toString(),
            "--epochs", "3", "--batch", "16", "--lr", "0.05", "--seed", "3", "--fractions", "0.3,1", "--examples", "60",
            "--out", out.toString()};
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static final String[] CURVATURE = {"--curvature", "--k", "5", "--bootstrap", "100"};

    private static void ok(String... args) {
        CliRun.Result r = CliRun.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    }

    private static JsonNode json(Path file) throws Exception {
        return Json.mapper().readTree(file.toFile());
    }

    @BeforeAll
    static void runs() throws Exception {
        data = TinyMnist.write(tmp.resolve("data"), 200, 50, 3);
        curved = tmp.resolve("curved");
        ok(spectrum(curved, CURVATURE));
        plain = tmp.resolve("plain");
        ok(spectrum(plain));
        single = tmp.resolve("single");
        ok("curvature", "--run", curved.toString(), "--out", single.toString(), "--examples", "60", "--k", "5",
                "--bootstrap", "100", "--seed", "3");
    }

    @Test
    void everySnapshotHoldsTheCurvatureMeasuresAndTheLastEqualsSgdviCurvatureOnTheFinalModel() throws Exception {
        JsonNode snaps = json(curved.resolve(RunFolder.RESULTS)).get("snapshots");
        assertThat(snaps).hasSize(2);
        for (JsonNode s : snaps) {
            JsonNode c = s.get("curvature");
            for (String key : MEASURES) {
                assertThat(c.has(key)).as(s.get("percent") + "% " + key).isTrue();
            }
            assertThat(c.get("valid").asBoolean()).isTrue();
            assertThat(c.get("hessianTopEigenvalues")).hasSize(5);
            assertThat(c.get("examples").asInt()).isEqualTo(60);
        }
        assertThat(json(curved.resolve(RunFolder.CONFIG)).at("/curvature/k").asInt()).isEqualTo(5);
        // measured at two different weights, not copied: tr(HD) moved between 30% and 100%
        assertThat(snaps.get(0).at("/curvature/traceHD").asDouble()).isNotEqualTo(snaps.get(1).at("/curvature/traceHD").asDouble());
        JsonNode reference = json(single.resolve(RunFolder.RESULTS));
        assertThat(reference.get("valid").asBoolean()).isTrue();
        assertClose(snaps.get(1).get("curvature"), reference, 1e-9, "");
        // the typed record reads back what was written
        CurvatureResults back = CurvatureResults.read(snaps.get(1).get("curvature"));
        assertThat(Json.mapper().writeValueAsString(back)).isEqualTo(Json.mapper().writeValueAsString(snaps.get(1).get("curvature")));
        String html = Files.readString(curved.resolve(RunFolder.REPORT));
        assertThat(html).contains("Noise meets curvature over training").contains("The curvature measures over training")
                .contains("From " + snaps.get(0).get("percent").asInt() + "% to 100% of training, tr(HD) / (tr H tr D / d) went from "
                        + org.sgdvi.experiments.report.HtmlReport.format(snaps.get(0).at("/curvature/alignmentRatio").asDouble()));
        assertThat(curved.resolve(SpectrumRunner.CURVATURE_PNG)).exists();
        // no raw map or record printed into the report
        assertThat(html.replaceAll("(?s)<style>.*?</style>", "")).doesNotContain("{").doesNotContain("}");
    }

    @Test
    void withoutCurvatureTheRunIsUnchanged() throws Exception {
        JsonNode with = json(curved.resolve(RunFolder.RESULTS)).get("snapshots");
        JsonNode without = json(plain.resolve(RunFolder.RESULTS)).get("snapshots");
        assertThat(without).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(without.get(i).has("curvature")).isFalse();
            ObjectNode expected = ((ObjectNode) with.get(i).deepCopy());
            expected.remove("curvature");
            assertThat(withoutTimes(without.get(i))).isEqualTo(withoutTimes(expected));
        }
        assertThat(json(plain.resolve(RunFolder.CONFIG)).has("curvature")).isFalse();
        assertThat(plain.resolve(SpectrumRunner.CURVATURE_PNG)).doesNotExist();
        // measuring the curvature at each snapshot leaves training alone: the same final weights
        assertThat(ModelSerializer.restoreMultiLayerNetwork(plain.resolve("model.zip").toFile(), false).params())
                .isEqualTo(ModelSerializer.restoreMultiLayerNetwork(curved.resolve("model.zip").toFile(), false).params());
        CliRun.Result r = CliRun.run(spectrum(tmp.resolve("tuned-alone"), "--k", "5"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--k tune the curvature measures: add --curvature");
        CliRun.Result fromGradients = CliRun.run("spectrum", "--from-gradients", tmp.resolve("grads.npy").toString(),
                "--curvature", "--out", tmp.resolve("from-gradients").toString());
        assertThat(fromGradients.code()).isEqualTo(2);
        assertThat(fromGradients.err()).contains("--curvature needs the network");
    }

    @Test
    void aKilledAndResumedRunEndsWithTheUninterruptedRunsNumbers() throws Exception {
        Path run = tmp.resolve("killed");
        String first = runUntilKilled(spectrum(run, CURVATURE), "epoch 2:");
        assertThat(run.resolve(RunFolder.RESULTS)).as("the child finished before it was killed").doesNotExist();
        JsonNode before = json(run.resolve(SpectrumRunner.SPECTRA));
        assertThat(before).as(first).hasSize(1);
        JsonNode uninterrupted = json(curved.resolve(RunFolder.RESULTS)).get("snapshots");
        int pct = uninterrupted.get(0).get("percent").asInt();
        assertThat(before.get(0).get("percent").asInt()).isEqualTo(pct);
        // resuming with other curvature settings than the run's config.json holds is refused with one sentence that
        // names the option, the saved value and the given one, and leaves the run as it was
        Path config = run.resolve(RunFolder.CONFIG);
        refused(spectrum(run, "--resume"), "--curvature: " + config + " holds a run started with it (\"curvature\": {");
        refused(spectrum(run, "--curvature", "--k", "6", "--bootstrap", "100", "--resume"),
                "--k: " + config + " holds 5 (\"curvature.k\") and this resume gives 6; resume with the curvature options");
        refused(spectrum(run, "--curvature", "--k", "5", "--resume"),
                "--bootstrap: " + config + " holds 100 (\"curvature.bootstrap\") and this resume gives 400;");
        refused(spectrum(run, concat(CURVATURE, "--per-layer", "--resume")),
                "--per-layer: " + config + " holds false (\"curvatureMeasures.perLayer\") and this resume gives true;");
        refused(spectrum(run, concat(CURVATURE, "--density-steps", "40", "--resume")),
                "--density-steps: " + config + " holds 30 (\"curvatureMeasures.densityOptions.steps\") and this resume gives 40;");
        refused(spectrum(run, concat(CURVATURE, "--d-sampling", "without", "--resume")), "--d-sampling: " + config + " holds ");
        // and so are other examples, snapshots or histograms than the spectrum options the run started with
        refused(spectrum(run, concat(CURVATURE, "--subset-seed", "9", "--resume")),
                "--subset-seed: " + config + " holds 3 (\"spectrum.subsetSeed\") and this resume gives 9; resume with the "
                        + "spectrum options the run started with");
        refused(spectrum(run, concat(CURVATURE, "--bins", "40", "--resume")),
                "--bins: " + config + " holds 50 (\"spectrum.bins\") and this resume gives 40;");
        refused(spectrum(run, concat(CURVATURE, "--subset", "stratified", "--resume")), "--subset: " + config + " holds ");
        assertThat(json(run.resolve(SpectrumRunner.SPECTRA))).isEqualTo(before);
        ok(spectrum(run, concat(CURVATURE, "--resume")));
        JsonNode resumed = json(run.resolve(RunFolder.RESULTS)).get("snapshots");
        assertThat(resumed).hasSize(2);
        // the first snapshot comes back from spectra.json as it was written (its timings too: not recomputed)
        assertThat(resumed.get(0)).isEqualTo(before.get(0));
        for (int i = 0; i < 2; i++) {
            assertThat(withoutTimes(resumed.get(i))).as("snapshot %d", i).isEqualTo(withoutTimes(uninterrupted.get(i)));
        }
        assertThat(ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), false).params())
                .isEqualTo(ModelSerializer.restoreMultiLayerNetwork(curved.resolve("model.zip").toFile(), false).params());
    }

    /**
     * Runs sgdvi in a child JVM on the test class path and kills it (SIGKILL) once its output holds a line starting with
     * {@code marker}; returns the output read.
     */
    private static String runUntilKilled(String[] args, String marker) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), SgdviCommand.class.getName()));
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.append(line).append('\n');
                if (line.startsWith(marker)) {
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(seen.toString()).as("the child's output").contains("\n" + marker);
        return seen.toString();
    }

    /** The command exits with code 2 and one line on stderr that contains {@code sentence}. */
    private static void refused(String[] args, String sentence) {
        CliRun.Result r = CliRun.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(sentence);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** A copy of {@code node} without its timings, at every depth. */
    private static JsonNode withoutTimes(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(TIMES);
        }
        node.forEach(SpectrumCurvatureTest::strip);
    }

    /** Every number of {@code actual} within {@code rel} (relative) of {@code expected}'s, all else equal; timings aside. */
    private static void assertClose(JsonNode actual, JsonNode expected, double rel, String path) {
        if (expected.isNumber()) {
            double e = expected.asDouble();
            assertThat(actual.isNumber()).as(path).isTrue();
            assertThat(Math.abs(actual.asDouble() - e)).as(path + ": " + actual + " vs " + e)
                    .isLessThanOrEqualTo(rel * Math.abs(e));
        } else if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            names.removeAll(TIMES);
            List<String> got = new ArrayList<>();
            actual.fieldNames().forEachRemaining(got::add);
            got.removeAll(TIMES);
            assertThat(got).as(path).isEqualTo(names);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!TIMES.contains(f.getKey())) {
                    assertClose(actual.get(f.getKey()), f.getValue(), rel, path + "/" + f.getKey());
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertClose(actual.get(i), expected.get(i), rel, path + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
