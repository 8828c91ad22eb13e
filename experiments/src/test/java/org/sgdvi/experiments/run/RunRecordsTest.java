package org.sgdvi.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.spectrum.SpectrumReport;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.ReportHtml;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * Pins the keys of config.json and results.json of a tiny run of every command family that writes
 * them as records (train, spectrum, spectrum --from-gradients, trajectory, trajectory-analyze,
 * gradients), so that a change to a record that changes the files the notebooks read fails here.
 * The expected key paths are those main wrote before the records replaced its maps (nested objects
 * joined by '/', elements of arrays of objects as '[]'; data/files, whose keys are file names, is a
 * leaf). Each report must state its verdicts with the numbers of results.json and print no raw map.
 */
class RunRecordsTest {

    private static final String HEAD = "arguments backend/backend backend/blasThreads backend/blasVendor backend/cuda "
            + "backend/devices backend/heapMaxBytes backend/offHeapMaxBytes backend/ompThreads backend/openblasCore "
            + "backend/openblasVersion backend/physicalMaxBytes command created versions/dl4j versions/java versions/toolkit";
    private static final String DATA = "data/files data/name data/source data/splitSeed data/transforms";
    private static final String MODEL = "model/name model/totalParams model/trainableWeights";
    private static final String REQUEST = "request/augment request/batchSize request/classes request/data "
            + "request/dataDir request/downsample request/dropout request/epochs request/learningRate request/model "
            + "request/momentum request/nesterov request/sampling request/schedule request/seed request/splitSeed "
            + "request/trainEvalExamples request/weightDecay request/widthScale request/zca";
    private static final String SPECTRUM_OPTIONS = "spectrum/bins spectrum/device spectrum/dtype spectrum/examples spectrum/fractions "
            + "spectrum/sampling spectrum/seed spectrum/solver spectrum/subset spectrum/subsetSeed";
    private static final String FINAL = "final/epoch final/learningRate final/seconds final/trainError final/trainLoss "
            + "final/validationError final/validationLoss";
    private static final String TRAINING = "data dataSource diverged epochs iterations model trainSeconds "
            + "trainableWeights validationAccuracy wallSeconds " + FINAL;
    private static final String STATISTICS = "architectureScore converged d dtype eigenvaluesComputed epsilon "
            + "histogram/counts histogram/edges lambdaMax mean momentsFrom n rank rankFraction solver solverSeconds std tail "
            + "threshold variance";
    private static final String CHECKS = "checks[]/name checks[]/passed checks[]/rule checks[]/tolerance checks[]/value";
    private static final String SUBSET = "subset/clamped subset/classCounts subset/file subset/population "
            + "subset/requested subset/rule subset/seed subset/size";
    private static final String ANALYSIS = "autocorrelation/lags autocorrelation/mean autocorrelation/std bands/z95 "
            + "bands/z99 baseline/autocorrelation/lags baseline/autocorrelation/mean baseline/autocorrelation/std "
            + "baseline/fft/frequencies baseline/fft/meanAmplitude baseline/fft/stdAmplitude "
            + "baseline/incrementAutocorrelation/lags baseline/incrementAutocorrelation/mean "
            + "baseline/incrementAutocorrelation/std baseline/incrementAutocorrelation/z95 "
            + "baseline/incrementAutocorrelation/z99 baseline/seed baseline/weights fft/frequencies fft/meanAmplitude "
            + "fft/stdAmplitude gradNorm/centerOfMass gradNorm/ewma incrementAutocorrelation/lags "
            + "incrementAutocorrelation/mean incrementAutocorrelation/std incrementAutocorrelation/z95 "
            + "incrementAutocorrelation/z99 trajectory/burnIn trajectory/dimension trajectory/gradNormSource "
            + "trajectory/snapshots trajectory/source verdict/baselineFractionOfLagsOutside99 "
            + "verdict/baselineIncrementFractionOfLagsOutside99 verdict/baselineLowToHighPowerRatio "
            + "verdict/fractionOfLagsOutside99 verdict/gradNormDropFactor verdict/gradNormMaxOverMin "
            + "verdict/incrementFractionOfLagsOutside99 verdict/lowToHighPowerRatio";

    @TempDir
    static Path tmp;

    /** The tiny MNIST look-alike every run here reads, written on first use. */
    private static String data() throws Exception {
        Path dir = tmp.resolve("data");
        return (Files.isDirectory(dir) ? dir : TinyMnist.write(dir, 400, 100, 7)).toString();
    }

    private static void sgdvi(String... args) {
        CliRun.Result r = CliRun.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    }

    private static String[] training(String command, Path out, String... more) throws Exception {
        String[] base = {command, "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data(),
                "--batch", "16", "--lr", "0.05", "--seed", "3", "--out", out.toString()};
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static JsonNode json(Path file) throws Exception {
        return Json.mapper().readTree(file.toFile());
    }

    /** The key paths of a JSON document. */
    static Set<String> keys(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect("", node, out);
        return out;
    }

    private static void collect(String path, JsonNode node, Set<String> out) {
        if (node.isObject() && !path.endsWith("data/files")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collect(path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
            node.forEach(v -> collect(path + "[]", v, out));
        } else {
            out.add(path);
        }
    }

    static Set<String> expected(String... groups) {
        return new TreeSet<>(Arrays.asList(String.join(" ", groups).trim().split("\\s+")));
    }

    /** A report's text outside its style sheet holds no brace (a raw map or record would print one). */
    static void assertNoRawMaps(String html) {
        String text = html.replaceAll("(?s)<style>.*?</style>", "");
        assertThat(text).doesNotContain("{").doesNotContain("}");
    }

    @Test
    void trainWritesThePinnedKeysAndAReadableReport() throws Exception {
        Path run = tmp.resolve("train");
        sgdvi(training("train", run, "--epochs", "2", "--train-eval", "100"));
        assertThat(keys(json(run.resolve(RunFolder.CONFIG)))).isEqualTo(expected(HEAD, DATA, MODEL, REQUEST));
        JsonNode results = json(run.resolve(RunFolder.RESULTS));
        assertThat(keys(results)).isEqualTo(expected(TRAINING, SUBSET.replace("subset/", "trainEvaluationSubset/")));
        String html = Files.readString(run.resolve(RunFolder.REPORT));
        assertThat(html).contains("After 2 epochs").contains(String.format("validation error of %.2f%%",
                100 * results.at("/final/validationError").asDouble()))
                .contains(HtmlReport.format(results.at("/final/trainLoss").asDouble()))
                .contains(ReportHtml.inlinePng(run.resolve("loss.png"))).contains("request / learning rate");
        assertNoRawMaps(html);
    }

    @Test
    void spectrumWritesThePinnedKeysAndStatesRemark13AndLowRankWithItsNumbers() throws Exception {
        Path run = tmp.resolve("spectrum");
        sgdvi(training("spectrum", run, "--epochs", "3", "--examples", "60"));
        assertThat(keys(json(run.resolve(RunFolder.CONFIG))))
                .isEqualTo(expected(HEAD, DATA, MODEL, REQUEST, SPECTRUM_OPTIONS, "subset/examples subset/rule subset/seed"));
        JsonNode results = json(run.resolve(RunFolder.RESULTS));
        String snapshot = (STATISTICS + " normalizedTemperature " + CHECKS + " valid percent iteration epoch seconds")
                .replaceAll("(\\S+)", "snapshots[]/$1");
        assertThat(keys(results)).isEqualTo(expected(TRAINING, SUBSET, snapshot, "valid"));
        String html = Files.readString(run.resolve(RunFolder.REPORT));
        JsonNode snaps = results.get("snapshots");
        assertThat(snaps).hasSize(3);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double loMean = Double.POSITIVE_INFINITY;
        double hiMean = 0;
        double worstRank = 0;
        StringBuilder stds = new StringBuilder();
        for (JsonNode s : snaps) {
            double std = s.get("std").asDouble();
            lo = Math.min(lo, std);
            hi = Math.max(hi, std);
            loMean = Math.min(loMean, s.get("mean").asDouble());
            hiMean = Math.max(hiMean, s.get("mean").asDouble());
            worstRank = Math.max(worstRank, s.get("rankFraction").asDouble());
            stds.append(stds.length() == 0 ? "" : " -&gt; ").append(HtmlReport.format(std));
        }
        boolean barely = hi / lo <= 2 && hiMean / loMean <= 2;
        assertThat(html).contains("<b>" + (barely ? "Confirmed" : "Not confirmed")
                        + "</b>: Remark 13: the spectrum of D barely changes during training")
                .contains("Std of lambda(D) " + stds + " (largest/smallest " + HtmlReport.format(hi / lo) + ")")
                .contains("the threshold used here is a ratio &lt;= 2 for both")
                .contains("<b>" + (worstRank <= 0.1 ? "Confirmed" : "Not confirmed") + "</b>: D is highly low-rank")
                .contains(snaps.get(2).get("rank").asText() + " of d = " + snaps.get(2).get("d").asText())
                .contains(ReportHtml.inlinePng(run.resolve("loss.png"))).contains("spectrum / solver");
        assertNoRawMaps(html);
        assertThat(SpectrumReport.LOW_RANK_FRACTION).isEqualTo(0.1);
        // resuming the finished run trains no further: the snapshots come back from spectra.json unchanged
        sgdvi(training("spectrum", run, "--epochs", "3", "--examples", "60", "--resume"));
        assertThat(json(run.resolve(RunFolder.RESULTS)).get("snapshots")).isEqualTo(snaps);
    }

    @Test
    void gradientsAndSpectrumFromGradientsWriteThePinnedKeys() throws Exception {
        Path grads = tmp.resolve("gradients");
        sgdvi("gradients", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data(),
                "--count", "40", "--seed", "3", "--out", grads.toString());
        assertThat(keys(json(grads.resolve(RunFolder.CONFIG))))
                .isEqualTo(expected(HEAD, DATA, REQUEST, "count weightsFrom subset/rule subset/seed"));
        JsonNode results = json(grads.resolve(RunFolder.RESULTS));
        assertThat(keys(results)).isEqualTo(expected(CHECKS, SUBSET, "data dimension examples model spotCheckRows valid"));
        String html = Files.readString(grads.resolve(RunFolder.REPORT));
        assertThat(html).contains("<td>perExampleGradientMean</td><td>"
                        + HtmlReport.format(results.at("/checks/0/value").asDouble()) + "</td>")
                .contains("row i of grads.npy (40 x " + results.get("dimension").asText() + ", float32)")
                .contains("40 of " + results.at("/subset/population").asText() + " training examples");
        assertNoRawMaps(html);
        assertThat(keys(json(grads.resolve("layout.json"))))
                .isEqualTo(expected("[]/file []/layer []/layerName []/length []/offset []/param []/shape"));
        Path spectrum = tmp.resolve("from-gradients");
        sgdvi("spectrum", "--from-gradients", grads.resolve("grads.npy").toString(), "--out", spectrum.toString());
        assertThat(keys(json(spectrum.resolve(RunFolder.CONFIG)))).isEqualTo(expected(HEAD, "gradients", SPECTRUM_OPTIONS));
        assertThat(keys(json(spectrum.resolve(RunFolder.RESULTS)))).isEqualTo(expected(STATISTICS, CHECKS,
                "valid wallSeconds"));
    }

    @Test
    void trajectoryAndItsAnalysisWriteThePinnedKeysAndStateTheBrownianVerdict() throws Exception {
        Path run = tmp.resolve("trajectory");
        sgdvi("trajectory", "--data-dir", data(), "--epochs", "24", "--burn-in", "4", "--batch", "16",
                "--seed", "3", "--out", run.toString());
        assertThat(keys(json(run.resolve(RunFolder.CONFIG)))).isEqualTo(expected(HEAD, DATA, MODEL, REQUEST, "engine "
                + "trajectory/burnIn trajectory/burnInLearningRate trajectory/checkpointEvery trajectory/chunkSize "
                + "trajectory/engine trajectory/gradNormEvery trajectory/learningRate"));
        JsonNode results = json(run.resolve(RunFolder.RESULTS));
        assertThat(keys(results)).isEqualTo(expected(ANALYSIS, "training/batchSize training/burnIn "
                + "training/burnInLearningRate training/data training/diverged training/engine training/epochs "
                + "training/epochsPerSecond training/finalTrainAccuracy training/finalTrainLoss "
                + "training/finalValidationAccuracy training/finalValidationLoss training/iterations training/learningRate "
                + "training/learningRateFirst training/learningRateLast training/model training/momentum "
                + "training/snapshots training/trainExamples training/trainSeconds training/wallSeconds"));
        JsonNode v = results.get("verdict");
        double ratio = v.get("lowToHighPowerRatio").asDouble() / v.get("baselineLowToHighPowerRatio").asDouble();
        String html = Files.readString(run.resolve(RunFolder.REPORT));
        assertThat(html).contains("<b>" + (ratio >= 2 ? "Confirmed" : "Not confirmed")
                        + "</b>: Remarks 17/18: the FFT of SGD's increments has low-frequency modes")
                .contains("The low/high frequency power of the increments is "
                        + HtmlReport.format(v.get("lowToHighPowerRatio").asDouble()) + " against "
                        + HtmlReport.format(v.get("baselineLowToHighPowerRatio").asDouble()))
                .contains("SGD converges to limit cycles, not to Brownian motion around a minimum (Remarks 17/18)")
                .contains(HtmlReport.format(v.get("gradNormDropFactor").asDouble()))
                .contains("final validation accuracy");
        assertNoRawMaps(html);

        Path analysis = tmp.resolve("analysis");
        sgdvi("trajectory-analyze", run.resolve("trajectory").toString(), "--out", analysis.toString());
        assertThat(keys(json(analysis.resolve(RunFolder.CONFIG)))).isEqualTo(expected("arguments/baselineWeights "
                + "arguments/burnIn arguments/ewmaCom arguments/gradNorm arguments/input arguments/lagStep arguments/out "
                + "arguments/seed command seed versions/dl4j versions/java versions/toolkit"));
        assertThat(keys(json(analysis.resolve(RunFolder.RESULTS)))).isEqualTo(expected(ANALYSIS));
        assertNoRawMaps(Files.readString(analysis.resolve(RunFolder.REPORT)));
    }
}
