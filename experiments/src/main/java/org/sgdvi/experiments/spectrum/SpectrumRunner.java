package org.sgdvi.experiments.spectrum;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.CheckFailedException;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.check.GradientSpotCheck;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.diffusion.DiffusionListener;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.spectrum.SnapshotSpectra;
import org.sgdvi.core.spectrum.SolverChooser;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.experiments.curvature.CurvaturePlots;
import org.sgdvi.experiments.curvature.CurvatureResults;
import org.sgdvi.experiments.data.TrainingSubset;
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
 * sample of the training split ({@link TrainingSubset}: subset.npy, and "subset" in results.json). With curvature
 * options it also measures, at every snapshot, the Hessian H beside D over the same examples ({@link CurvatureAnalysis}:
 * top eigenvalues of H, tr H, tr D, tr(HD) against the isotropic baseline, the commutator of Lemma 20, the noise
 * scales), stored with the snapshot in spectra.json so that a resumed run reports the same numbers, and drawn over
 * training in curvature-over-training.png.
 */
public final class SpectrumRunner {

    /** Snapshot statistics, rewritten after every snapshot. */
    public static final String SPECTRA = "spectra.json";
    /** With curvature: its measures over the snapshots. */
    public static final String CURVATURE_PNG = "curvature-over-training.png";

    private final RunFolder run;
    private final PrintStream log;

    /** A runner writing into {@code run}. */
    public SpectrumRunner(RunFolder run, PrintStream log) {
        this.run = run;
        this.log = log;
    }

    /**
     * One snapshot of D during training, as spectra.json and results.json's {@code "snapshots"} hold it.
     *
     * @param percent   the fraction of training in percent
     * @param iteration the iteration it was taken at
     * @param epoch     the epoch it was taken in
     * @param spectrum  the statistics of D
     * @param seconds   the time the snapshot took
     * @param checks    its self-checks (eigenvalue sums, per-example gradient spot check)
     * @param curvature with {@code --curvature}: the Hessian beside D at this snapshot over the same examples (the
     *                  record of {@code sgdvi curvature}, with its own self-checks), else null (absent)
     */
    public record Snapshot(int percent, long iteration, int epoch, @JsonUnwrapped SpectrumRecords spectrum,
                           double seconds, @JsonUnwrapped Checks.Summary checks,
                           @JsonInclude(JsonInclude.Include.NON_NULL) CurvatureResults curvature) {

        /** A snapshot as spectra.json holds it (for a resumed run). */
        static Snapshot read(JsonNode node) throws IOException {
            return Json.readRecord(node, Snapshot.class);
        }

        /** Whether D's self-checks and, when measured, the curvature's passed. */
        public boolean passed() {
            return checks.valid() && (curvature == null || curvature.checks().valid());
        }
    }

    /**
     * config.json's own entries of a spectrum run (after the training ones).
     *
     * @param spectrum the spectrum options
     * @param subset   the training examples asked for
     * @param curvature with {@code --curvature}: the options of the curvature measures, else null (absent)
     * @param curvatureMeasures with {@code --curvature}: which measures beyond the joint ones (density, tail index,
     *                  per-layer blocks), else null (absent)
     */
    public record SpectrumConfig(SpectrumOptions spectrum, SubsetRequest subset,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) CurvatureAnalysis.Options curvature,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) CurvatureAnalysis.Measures curvatureMeasures) {
    }

    /**
     * The examples a spectrum run asks for.
     *
     * @param rule     uniform or stratified
     * @param seed     the subset's seed
     * @param examples the count asked for (0: the whole split)
     */
    public record SubsetRequest(String rule, long seed, int examples) {
    }

    /**
     * results.json of a spectrum run: the training numbers, the examples D was measured over, every
     * snapshot, and, when all passed their self-checks, the paper's row for this model and data.
     *
     * @param training          the training run's numbers
     * @param subset            the training examples D was estimated over
     * @param snapshots         the snapshots in order of training
     * @param valid             whether every snapshot passed its self-checks
     * @param invalidSnapshots  the snapshots that failed, or null (absent)
     * @param paper             the paper's numbers (Figs. 1-2), or null (absent) when it reports none or a check failed
     */
    public record SpectrumResults(@JsonUnwrapped TrainRunner.TrainResults training, TrainingSubset.Description subset,
                                  List<Snapshot> snapshots, boolean valid,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<String> invalidSnapshots,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) PaperSpectra paper) {
    }

    /**
     * config.json of {@code spectrum --from-gradients}.
     *
     * @param head      command, arguments, versions, backend
     * @param gradients the gradient matrix read
     * @param spectrum  the spectrum options
     */
    public record FromGradientsConfig(@JsonUnwrapped RunConfig head, String gradients, SpectrumOptions spectrum) {
    }

    /**
     * results.json of {@code spectrum --from-gradients}.
     *
     * @param spectrum    the statistics of D
     * @param wallSeconds the command's time
     * @param checks      the self-checks of the eigenvalues
     */
    public record FromGradientsResults(@JsonUnwrapped SpectrumRecords spectrum, double wallSeconds,
                                       @JsonUnwrapped Checks.Summary checks) {
    }

    /**
     * Trains (or resumes) with D snapshots; returns results.json's content.
     *
     * @param curvature with these options, also the curvature measures ({@link CurvatureAnalysis}) at every snapshot
     *                  over D's examples; null for D alone
     * @param measures  with {@code curvature}: the measures beyond the joint ones (null: {@link
     *                  CurvatureAnalysis.Measures#defaults})
     * @throws IllegalArgumentException when a resumed run's earlier snapshots were taken with curvature and this one
     *                                  is without, or the other way round
     */
    public SpectrumResults train(TrainRequest r, SpectrumOptions o, CurvatureAnalysis.Options curvature,
                                 CurvatureAnalysis.Measures measures, List<String> argv) {
        CurvatureAnalysis.Measures m = curvature == null ? null
                : measures != null ? measures : CurvatureAnalysis.Measures.defaults(curvature.seed());
        List<Snapshot> records = readRecords();
        for (Snapshot earlier : records) {
            if ((earlier.curvature() == null) != (curvature == null)) {
                throw new IllegalArgumentException(run.path(SPECTRA) + ": the snapshot at " + earlier.percent() + "% was "
                        + (curvature == null ? "taken with" : "taken without") + " --curvature; resume with the "
                        + "options the run started with");
            }
        }
        SnapshotSpectra spectra = new SnapshotSpectra(o.dtype(), o.sampling(), o.solver(), o.seed(), o.bins(), log::println,
                o.device());
        TrainingSubset[] subset = new TrainingSubset[1];
        SpectrumResults[] written = new SpectrumResults[1];
        TrainRunner runner = new TrainRunner(run, log).listener((split, batchesPerEpoch, total) -> {
            ImageDataset train = split.train();
            // --examples 0 means the whole split; any other count was given on the command line
            subset[0] = TrainingSubset.draw(train, "--examples", o.examples() == 0 ? train.size() : o.examples(), true,
                    o.subset(), o.subsetSeed(), log::println);
            subset[0].write(run);
            ImageDataset set = subset[0].apply(train);
            // as one data set the examples state their count N, so the dense and Gram routes make one pass
            org.nd4j.linalg.dataset.DataSet examples = set.toDataSet(0, set.size());
            return DiffusionListener.builder(InferenceGradientEngine::new)
                    .examples(examples, InferenceGradientEngine.DEFAULT_MAX_CHUNK)
                    .atFractions(total, o.fractions()).onSnapshot(snapshot -> {
                        long s0 = System.nanoTime();
                        spectra.accept(snapshot);
                        SnapshotSpectra.Entry e = spectra.entries().get(spectra.entries().size() - 1);
                        int pct = (int) Math.round(100 * snapshot.fractionOfTraining());
                        double eta = r.optimizer().learningRate().valueAt(snapshot.epoch());
                        Checks checks = new Checks().addAll(Checks.spectrum(e.result()))
                                .add(spotCheck(snapshot.network(), snapshot.engine(), set, o.seed() + snapshot.iteration()));
                        CurvatureResults curved = curvature == null ? null : curvature(snapshot.network(), examples,
                                curvature, m, r.model(), split.provenance().name(), subset[0].describe());
                        Snapshot rec = new Snapshot(pct, snapshot.iteration(), snapshot.epoch(),
                                SpectrumRecords.of(e.result(), e.statistics(), e.exampleCount(), eta, r.batchSize()),
                                (System.nanoTime() - s0) / 1e9, checks.summary(), curved);
                        run.writeNpy("eigenvalues-" + pct + ".npy", SpectrumRecords.fullSpectrum(e.result()));
                        records.removeIf(x -> x.percent() == pct);
                        records.add(rec);
                        run.writeJson(SPECTRA, records);
                        if (!rec.passed()) {
                            log.printf("D at %d%% of training failed its self-check %s; no statistics reported%n",
                                    pct, failedChecks(List.of(rec)).stream().map(Check::name).toList());
                            return;
                        }
                        log.printf("D at %d%% of training (iteration %d): d = %d, N = %d, %s solver, rank %d (%.2f%%), "
                                        + "mean %.4g, std %.4g, %.1f s%n", pct, snapshot.iteration(),
                                e.statistics().dimension(), e.exampleCount(), e.result().solver(), e.statistics().rank(),
                                100 * e.statistics().rankFraction(), e.statistics().mean(), e.statistics().std(),
                                (System.nanoTime() - s0) / 1e9);
                    }).build();
        }).results(training -> {
            List<String> invalid = records.stream().filter(x -> !x.passed()).map(x -> x.percent() + "%").toList();
            written[0] = new SpectrumResults(training, subset[0].describe(), List.copyOf(records), invalid.isEmpty(),
                    invalid.isEmpty() ? null : invalid,
                    invalid.isEmpty() ? PaperSpectra.forRun(r.model(), r.data(), r.augment()).orElse(null) : null);
            return written[0];
        });
        SpectrumConfig extra = new SpectrumConfig(o, new SubsetRequest(o.subset().label(), o.subsetSeed(), o.examples()),
                curvature, m);
        TrainRunner.Outcome outcome = runner.run(r, "spectrum", argv, extra);
        SpectrumResults results = written[0];
        if (!results.valid()) {
            throw new CheckFailedException("the spectrum of D at " + String.join(", ", results.invalidSnapshots())
                    + " of training", failedChecks(records), run.path(RunFolder.RESULTS).toString());
        }
        List<SpectrumPlots.Curve> curves = new ArrayList<>();
        for (Snapshot rec : records) {
            curves.add(new SpectrumPlots.Curve(rec.percent() + "% of training", rec.spectrum().histogram()));
        }
        byte[] png = RunFolder.png(SpectrumPlots.histograms("Eigenspectrum of D(x): " + r.model() + " on "
                + outcome.data().provenance().name(), curves));
        run.writeBytes("fig1-spectrum.png", png);
        byte[] curvaturePng = curvature == null ? null : RunFolder.png(CurvaturePlots.overTraining(
                "Noise meets curvature over training: " + r.model() + " on " + outcome.data().provenance().name(),
                records.stream().mapToDouble(Snapshot::percent).toArray(),
                records.stream().map(Snapshot::curvature).toList()));
        if (curvaturePng != null) {
            run.writeBytes(CURVATURE_PNG, curvaturePng);
        }
        run.writeText(RunFolder.REPORT, SpectrumReport.html(r, results, png, curvaturePng, run));
        return results;
    }

    /** Statistics of an exported gradient matrix (K x d .npy): eigenvalues.npy and results.json. */
    public FromGradientsResults fromGradients(Path gradients, SpectrumOptions o, List<String> argv) {
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
        run.writeJson(RunFolder.CONFIG, new FromGradientsConfig(RunConfig.of("spectrum", argv),
                gradients.toAbsolutePath().toString(), o));
        SpectrumInput input = SpectrumInput.streaming(new MatrixChunkSource(g, 1024), o.sampling(), o.dtype());
        SpectrumResult result = SnapshotSpectra.injectFaults(
                SolverChooser.forInput(input, o.solver(), o.seed(), log::println, o.device()).solve(input));
        Checks checks = new Checks().addAll(Checks.spectrum(result));
        SpectrumStatistics s = SpectrumStatistics.of(result, o.bins());
        run.writeNpy("eigenvalues.npy", SpectrumRecords.fullSpectrum(result));
        FromGradientsResults results = new FromGradientsResults(SpectrumRecords.of(result, s, g.rows(), null, null),
                (System.nanoTime() - t0) / 1e9, checks.summary());
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

    /**
     * The curvature measures of {@code sgdvi curvature} ({@link CurvatureAnalysis}) at a snapshot's network over D's
     * examples; the analysis only reads the weights, so training goes on unchanged.
     */
    private CurvatureResults curvature(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net,
                                       org.nd4j.linalg.dataset.DataSet examples, CurvatureAnalysis.Options options,
                                       CurvatureAnalysis.Measures measures, String model, String data, TrainingSubset.Description subset) {
        CurvatureAnalysis.Result c = CurvatureAnalysis.analyze(net, examples.getFeatures(), examples.getLabels(), options,
                measures, line -> log.println("  curvature: " + line));
        log.printf("  curvature: tr(HD) = %.4g vs isotropic %.4g; commutator %.3g; B_simple %.4g, B_noise %.4g; %.1f s%n",
                c.traceHD().value(), c.isotropicTraceHD(), c.commutator(), c.noiseScaleSimple(), c.noiseScaleBNoise(),
                c.seconds());
        return CurvatureResults.of(model, data, options, c, subset);
    }

    /** The failed checks recorded in snapshot records, D's and the curvature's (for the exception's sentence). */
    private static List<Check> failedChecks(List<Snapshot> records) {
        List<Check> out = new ArrayList<>();
        for (Snapshot rec : records) {
            addFailed(out, rec.percent() + "%: ", rec.checks());
            if (rec.curvature() != null) {
                addFailed(out, rec.percent() + "%: curvature ", rec.curvature().checks());
            }
        }
        return out;
    }

    private static void addFailed(List<Check> out, String prefix, Checks.Summary summary) {
        for (Check c : summary.checks()) {
            if (!c.passed()) {
                out.add(new Check(prefix + c.name(), c.value(), c.tolerance(), false, c.rule()));
            }
        }
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

    private List<Snapshot> readRecords() {
        List<Snapshot> out = new ArrayList<>();
        if (!run.has(SPECTRA)) {
            return out;
        }
        try {
            for (JsonNode node : Json.mapper().readTree(run.path(SPECTRA).toFile())) {
                out.add(Snapshot.read(node));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(run.path(SPECTRA) + ": unreadable (" + e.getMessage() + ")",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
