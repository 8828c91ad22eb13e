package org.sgdvi.experiments.spectrum;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.CheckFailedException;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.check.GradientSpotCheck;
import org.sgdvi.core.diffusion.DiffusionListener;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.spectrum.LogHistogram;
import org.sgdvi.core.spectrum.SnapshotSpectra;
import org.sgdvi.core.spectrum.SolverChooser;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;

/**
 * The spectrum experiment: trains a network and, at fractions of training, measures D(x) over the
 * training examples with exact inference-mode per-example gradients (eq. (2) and Figs. 1-2 of the paper),
 * computes its eigenvalues and the paper's statistics, and writes eigenvalues-PCT.npy,
 * spectra.json (one entry per snapshot, written as each snapshot finishes, so a resumed run keeps
 * the earlier ones), results.json, fig1-spectrum.png and report.html. The examples are a seeded
 * sample of the training split ({@link TrainingSubset}: subset.npy, and "subset" in results.json).
 */
public final class SpectrumRunner {

    /** Snapshot statistics, rewritten after every snapshot. */
    public static final String SPECTRA = "spectra.json";

    private final RunFolder run;
    private final PrintStream log;

    /** A runner writing into {@code run}. */
    public SpectrumRunner(RunFolder run, PrintStream log) {
        this.run = run;
        this.log = log;
    }

    /** Trains (or resumes) with D snapshots; returns results.json's content. */
    public Map<String, Object> train(TrainRequest r, SpectrumOptions o, List<String> argv) {
        long t0 = System.nanoTime();
        List<Map<String, Object>> records = readRecords();
        SnapshotSpectra spectra = new SnapshotSpectra(o.dtype(), o.sampling(), o.solver(), o.seed(), o.bins(), log::println,
                o.device());
        TrainingSubset[] subset = new TrainingSubset[1];
        TrainRunner runner = new TrainRunner(run, log).listener((split, batchesPerEpoch, total) -> {
            ImageDataset train = split.train();
            // --examples 0 means the whole split; any other count was given on the command line
            subset[0] = TrainingSubset.draw(train, "--examples", o.examples() == 0 ? train.size() : o.examples(), true,
                    o.subset(), o.subsetSeed(), log::println);
            subset[0].write(run);
            ImageDataset set = subset[0].apply(train);
            // as one data set the examples state their count N, so the dense and Gram routes make one pass
            return DiffusionListener.builder(InferenceGradientEngine::new)
                    .examples(set.toDataSet(0, set.size()), InferenceGradientEngine.DEFAULT_MAX_CHUNK)
                    .atFractions(total, o.fractions()).onSnapshot(snapshot -> {
                        long s0 = System.nanoTime();
                        spectra.accept(snapshot);
                        SnapshotSpectra.Entry e = spectra.entries().get(spectra.entries().size() - 1);
                        int pct = (int) Math.round(100 * snapshot.fractionOfTraining());
                        Map<String, Object> rec = new LinkedHashMap<>();
                        rec.put("percent", pct);
                        rec.put("iteration", snapshot.iteration());
                        rec.put("epoch", snapshot.epoch());
                        double eta = r.optimizer().learningRate().valueAt(snapshot.epoch());
                        rec.putAll(SpectrumRecords.of(e.result(), e.statistics(), e.exampleCount(), eta, r.batchSize()));
                        rec.put("seconds", (System.nanoTime() - s0) / 1e9);
                        Checks checks = new Checks().addAll(Checks.spectrum(e.result()))
                                .add(spotCheck(snapshot.network(), snapshot.engine(), set, o.seed() + snapshot.iteration()));
                        checks.putInto(rec);
                        run.writeNpy("eigenvalues-" + pct + ".npy", SpectrumRecords.fullSpectrum(e.result()));
                        records.removeIf(x -> ((Number) x.get("percent")).intValue() == pct);
                        records.add(rec);
                        run.writeJson(SPECTRA, records);
                        if (!checks.valid()) {
                            log.printf("D at %d%% of training failed its self-check %s; no statistics reported%n",
                                    pct, checks.failed());
                            return;
                        }
                        log.printf("D at %d%% of training (iteration %d): d = %d, N = %d, %s solver, rank %d (%.2f%%), "
                                        + "mean %.4g, std %.4g, %.1f s%n", pct, snapshot.iteration(),
                                e.statistics().dimension(), e.exampleCount(), e.result().solver(), e.statistics().rank(),
                                100 * e.statistics().rankFraction(), e.statistics().mean(), e.statistics().std(),
                                (System.nanoTime() - s0) / 1e9);
                    }).build();
        });
        Map<String, Object> extra = Map.of("spectrum", o,
                "subset", Map.of("rule", o.subset().label(), "seed", o.subsetSeed(), "examples", o.examples()));
        TrainRunner.Outcome outcome = runner.run(r, "spectrum", argv, extra);
        Map<String, Object> results = readResults();
        results.put("subset", subset[0].describe());
        results.put("snapshots", records);
        List<String> invalid = new ArrayList<>();
        for (Map<String, Object> rec : records) {
            if (Boolean.FALSE.equals(rec.get("valid"))) {
                invalid.add(rec.get("percent") + "%");
            }
        }
        results.put("valid", invalid.isEmpty());
        if (!invalid.isEmpty()) {
            results.put("invalidSnapshots", invalid);
            results.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
            run.writeJson(RunFolder.RESULTS, results);
            throw new CheckFailedException("the spectrum of D at " + String.join(", ", invalid) + " of training",
                    failedChecks(records), run.path(RunFolder.RESULTS).toString());
        }
        PaperSpectra.forRun(r.model(), r.data()).ifPresent(p -> results.put("paper", p));
        results.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        run.writeJson(RunFolder.RESULTS, results);
        List<SpectrumPlots.Curve> curves = new ArrayList<>();
        for (Map<String, Object> rec : records) {
            curves.add(new SpectrumPlots.Curve(rec.get("percent") + "% of training", histogramOf(rec)));
        }
        byte[] png = RunFolder.png(SpectrumPlots.histograms("Eigenspectrum of D(x): " + r.model() + " on "
                + outcome.data().provenance().name(), curves));
        run.writeBytes("fig1-spectrum.png", png);
        run.writeText(RunFolder.REPORT, report(r, results, records, png));
        return results;
    }

    /** Statistics of an exported gradient matrix (K x d .npy): eigenvalues.npy and results.json. */
    public Map<String, Object> fromGradients(Path gradients, SpectrumOptions o, List<String> argv) {
        long t0 = System.nanoTime();
        INDArray g;
        try {
            g = Npy.read(gradients);
        } catch (Npy.FormatException e) {
            throw new IllegalArgumentException(e.getMessage()); // bad input: one sentence, exit code 2
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (g.rank() != 2) {
            throw new IllegalArgumentException(gradients + ": field shape has rank " + g.rank()
                    + ", expected a K x d matrix of per-example gradients");
        }
        g = g.castTo(o.dtype());
        requireFiniteRows(gradients, g);
        Map<String, Object> config = RunConfig.base("spectrum", argv);
        config.put("gradients", gradients.toAbsolutePath().toString());
        config.put("spectrum", o);
        run.writeJson(RunFolder.CONFIG, config);
        SpectrumInput input = SpectrumInput.streaming(new MatrixChunkSource(g, 1024), o.sampling(), o.dtype());
        SpectrumResult result = SnapshotSpectra.injectFaults(
                SolverChooser.forInput(input, o.solver(), o.seed(), log::println, o.device()).solve(input));
        Checks checks = new Checks().addAll(Checks.spectrum(result));
        SpectrumStatistics s = SpectrumStatistics.of(result.eigenvalues(), result.dimension(),
                SpectrumStatistics.machineEpsilon(o.dtype()), o.bins());
        run.writeNpy("eigenvalues.npy", SpectrumRecords.fullSpectrum(result));
        Map<String, Object> results = SpectrumRecords.of(result, s, g.rows(), null, null);
        results.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        checks.putInto(results);
        run.writeJson(RunFolder.RESULTS, results);
        checks.requireValid("the spectrum of D", run.path(RunFolder.RESULTS).toString());
        log.printf("d = %d, n = %d: %s solver, rank %d (%.3f%%), mean %.4g, std %.4g%n", s.dimension(), g.rows(),
                result.solver(), s.rank(), 100 * s.rankFraction(), s.mean(), s.std());
        return results;
    }

    /** The per-example gradient spot check ({@link GradientSpotCheck}) on a few seeded examples of {@code set}. */
    private static Check spotCheck(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net,
                                   org.sgdvi.core.gradients.PerExampleGradients engine, ImageDataset set, long seed) {
        int[] spot = GradientSpotCheck.sample(set.size(), GradientSpotCheck.EXAMPLES, seed);
        org.nd4j.linalg.dataset.DataSet d = set.subset(spot).toDataSet(0, spot.length);
        INDArray rows = engine.compute(d.getFeatures(), d.getLabels());
        if (org.sgdvi.core.check.FaultInjection.active(GradientSpotCheck.PERTURB_ROWS)) {
            rows.muli(1.1);
        }
        return GradientSpotCheck.of("perExampleGradientMean", net, d.getFeatures(), d.getLabels(), rows, seed);
    }

    /** The failed checks recorded in snapshot records (for the exception's sentence). */
    private static List<Check> failedChecks(List<Map<String, Object>> records) {
        List<Check> out = new ArrayList<>();
        for (Map<String, Object> rec : records) {
            Object list = rec.get("checks");
            if (list instanceof List<?> l) {
                for (Object o : l) {
                    Map<?, ?> c = (Map<?, ?>) o;
                    if (Boolean.FALSE.equals(c.get("passed"))) {
                        out.add(new Check(rec.get("percent") + "%: " + c.get("name"), number(c.get("value")),
                                number(c.get("tolerance")), false, String.valueOf(c.get("rule"))));
                    }
                }
            }
        }
        return out;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
    }

    /**
     * Refuses a gradient matrix with NaN or infinite entries (LAPACK would fail on D or return NaN).
     *
     * @throws IllegalArgumentException naming the file, the first non-finite row and how many rows are affected
     */
    static void requireFiniteRows(Path file, INDArray g) {
        INDArray badPerRow = g.isNaN().castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .addi(g.isInfinite().castTo(org.nd4j.linalg.api.buffer.DataType.INT)).sum(1);
        int[] counts = badPerRow.toIntVector();
        int first = -1;
        int rows = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                rows++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (first >= 0) {
            throw new IllegalArgumentException(file + ": row " + first + " (0-based) holds " + counts[first]
                    + " NaN or infinite values (" + rows + " of " + counts.length + " rows are not finite); "
                    + "expected finite per-example gradients");
        }
    }

    private List<Map<String, Object>> readRecords() {
        if (!run.has(SPECTRA)) {
            return new ArrayList<>();
        }
        try {
            return Json.mapper().readValue(run.path(SPECTRA).toFile(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(run.path(SPECTRA) + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    private Map<String, Object> readResults() {
        try {
            return Json.mapper().readValue(run.path(RunFolder.RESULTS).toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(run.path(RunFolder.RESULTS) + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    private static LogHistogram histogramOf(Map<String, Object> rec) {
        // records of this run hold arrays, records read back from spectra.json hold lists
        Map<?, ?> h = (Map<?, ?>) rec.get("histogram");
        return new LogHistogram(Json.mapper().convertValue(h.get("edges"), double[].class),
                Json.mapper().convertValue(h.get("counts"), long[].class));
    }

    private String report(TrainRequest r, Map<String, Object> results, List<Map<String, Object>> records, byte[] png) {
        HtmlReport h = new HtmlReport("sgdvi spectrum: " + r.model() + " on " + r.data());
        h.paragraph("D(x) = (1/N) sum_k grad f_k grad f_k^T - grad f grad f^T (eq. 2 of arXiv 1710.11029) from exact per-example "
                + "gradients in inference mode, measured during training; rank by numpy's rule "
                + "(lambda_max * d * eps).");
        h.heading("This run beside the paper");
        List<List<?>> rows = new ArrayList<>();
        for (Map<String, Object> rec : records) {
            rows.add(List.of(rec.get("percent") + "%", rec.get("n"), rec.get("solver"), rec.get("lambdaMax"),
                    rec.get("mean"), rec.get("std"), rec.get("rank"),
                    String.format("%.3f%%", 100 * ((Number) rec.get("rankFraction")).doubleValue()),
                    rec.get("normalizedTemperature"), rec.get("seconds")));
        }
        Object paper = results.get("paper");
        if (paper instanceof PaperSpectra p) {
            rows.add(List.of("paper (" + p.data() + ")", "", "", "", p.mean(), p.std(), "", p.rankPercent() + "%", "", ""));
        } else {
            h.paragraph("The paper reports no spectrum for this model and data set.");
        }
        h.table(List.of("snapshot", "N", "solver", "lambda max", "mean", "std", "rank", "rank/d", "(eta/b) mean", "seconds"),
                rows);
        h.image("Histograms of the eigenvalues of D (darker is later in training; values below the rank "
                + "threshold are clipped to it)", png);
        h.heading("Training");
        Map<String, Object> train = new LinkedHashMap<>(results);
        train.remove("snapshots");
        train.remove("paper");
        h.keyValues(train);
        h.heading("Configuration");
        h.code(run.has(RunFolder.CONFIG) ? readConfig() : "");
        return h.render();
    }

    private String readConfig() {
        try {
            return java.nio.file.Files.readString(run.path(RunFolder.CONFIG));
        } catch (IOException e) {
            return "config.json unreadable: " + e.getMessage();
        }
    }
}
