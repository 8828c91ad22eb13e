package org.sgdvi.experiments.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.device.Device;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.EngineChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.io.Npy;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.spectrum.EigenSolver;
import org.sgdvi.core.spectrum.GramSolver;
import org.sgdvi.core.spectrum.MatrixFreeSolver;
import org.sgdvi.core.spectrum.SolverChooser;
import org.sgdvi.core.spectrum.SolverKind;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.experiments.train.TrainRunner;

/**
 * The whole D(x) pipeline, stage by stage: per-example gradients over N examples, D accumulated by
 * SYRK, eigenvalues, statistics (issue 3's "60,000 fashion-mnist examples in under 5 minutes").
 * Also the matrix-free route on a network too large for a dense D.
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Gradients, D, eigenvalues and statistics for a seeded network on {@code data}.
     *
     * @param model zoo name
     * @param data training images
     * @param solver the solver, or null for the automatic choice (the dense and dense-Lanczos routes form D first,
     *               timed as gradients + D)
     * @param seed initialization seed
     * @param device where D and its eigenvalues are computed: CPU as before; AUTO or CUDA stream the gradients
     *               to the CUDA 13 path (D by SYRK on the GPU), falling back to the CPU with the reason
     */
    public static Dense dense(String model, ImageDataset data, SolverKind solver, long seed, Device device) {
        MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().numClasses(data.numClasses()).seed(seed).build());
        InferenceGradientEngine engine = new InferenceGradientEngine(net);
        long t0 = System.nanoTime();
        EngineChunkSource source = new EngineChunkSource(engine, TrainRunner.batches(data, InferenceGradientEngine.DEFAULT_MAX_CHUNK));
        long[] rows = {0};
        long tg = System.nanoTime();
        source.forEachChunk(c -> rows[0] += c.rows());
        double gradientsSeconds = seconds(tg);
        // the forced route, or the automatic choice for d, N and the memory free now
        SolverKind kind = solver != null ? solver : SolverChooser.choose(engine.factoredLayout(), rows[0], DataType.FLOAT,
                source.chunkRowsHint(), org.sgdvi.core.diffusion.FreeMemory.probe());
        SpectrumResult result;
        Double gradientsAndD = null;
        List<String> deviceNotes = null;
        if (device != Device.CPU) {
            deviceNotes = new ArrayList<>();
            SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, DataType.FLOAT);
            long td = System.nanoTime();
            result = SolverChooser.forInput(input, solver, seed, deviceNotes::add, device).solve(input);
            gradientsAndD = seconds(td);
        } else if (formsD(kind)) {
            // the routes that form D: timed as gradients + D, then the solver on the formed D
            long td = System.nanoTime();
            DiffusionMatrix dm = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT).estimate(source);
            gradientsAndD = seconds(td);
            SpectrumInput input = SpectrumInput.of(dm);
            result = SolverChooser.forInput(input, kind, seed, line -> { }).solve(input);
        } else {
            SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, DataType.FLOAT);
            result = SolverChooser.forInput(input, solver, seed, line -> { }).solve(input);
        }
        long ts = System.nanoTime();
        SpectrumStatistics s = SpectrumStatistics.of(result);
        double statisticsSeconds = seconds(ts);
        // no figure of a spectrum that failed its self-checks is printed
        org.sgdvi.core.check.Checks checks = new org.sgdvi.core.check.Checks().addAll(org.sgdvi.core.check.Checks.spectrum(result));
        checks.requireValid("the spectrum of D (" + result.solver() + ")", null);
        double totalSeconds = seconds(t0);
        return new Dense(model, engine.dimension(), data.size(), gradientsSeconds, 1e3 * gradientsSeconds / rows[0],
                device.cliName(), gradientsAndD, deviceNotes, result.solver(), result.seconds(), statisticsSeconds, s.rank(), s.rankFraction(), s.mean(),
                s.std(), org.sgdvi.experiments.spectrum.SpectrumRecords.momentsFrom(result), totalSeconds,
                totalSeconds - gradientsSeconds, checks.summary());
    }

    /** Whether the route forms D in memory. */
    private static boolean formsD(SolverKind kind) {
        return kind == SolverKind.DENSE || kind == SolverKind.DENSE_LANCZOS;
    }

    /**
     * The pipeline's figures; times in seconds.
     *
     * @param model                 zoo name
     * @param d                     trainable weights
     * @param n                     examples
     * @param gradientsSeconds      one pass of per-example gradients
     * @param gradientsMsPerExample its cost per example in ms
     * @param device                where D and its eigenvalues were asked to be computed (auto, cpu, cuda)
     * @param gradientsAndDSeconds  gradients and D formed (dense solver or a device route only, else absent)
     * @param deviceNotes           what the device route decided, fallbacks with their reasons (absent on the CPU)
     * @param solver                the eigensolver
     * @param solverSeconds         its time
     * @param statisticsSeconds     the statistics' time
     * @param rank                  rank of D
     * @param rankFraction          rank / d
     * @param mean                  mean lambda(D)
     * @param std                   std lambda(D)
     * @param momentsFrom           where mean and std come from (eigenvalues, or trace and Frobenius norm)
     * @param totalSeconds          everything
     * @param pipelineSeconds       the route itself: everything but the gradient-only pass that measured gradientsSeconds
     * @param checks                the spectrum's self-checks (all passed: a failed one stops the bench instead)
     */
    public record Dense(String model, long d, int n, double gradientsSeconds, double gradientsMsPerExample, String device,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double gradientsAndDSeconds,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> deviceNotes, String solver,
                        double solverSeconds, double statisticsSeconds, long rank, double rankFraction, double mean,
                        double std, String momentsFrom, double totalSeconds, double pipelineSeconds,
                        @JsonUnwrapped org.sgdvi.core.check.Checks.Summary checks) {
    }

    private static final long TORCH_TIMEOUT_SECONDS = 4 * 3600;

    /**
     * The same pipeline in PyTorch on the same examples, network architecture and thread count
     * ({@link TorchContender}, {@code torch_bench.py pipeline}: vmap(grad) per-example gradients in
     * chunks of {@link InferenceGradientEngine#DEFAULT_MAX_CHUNK}, D by float32 addmm in the same loop,
     * all eigenvalues by torch.linalg.eigvalsh), run after ours, and the sgdvi/PyTorch ratios. Its
     * weights are PyTorch's own seeded initialization: the costs are compared, not the numbers.
     *
     * @param ours the figures of {@link #dense}
     * @return the PyTorch figures and the ratios, or only why PyTorch was skipped
     * @throws IllegalStateException when PyTorch's d differs from ours (no ratio is reported then)
     */
    public static TorchPipeline againstTorch(Dense ours, ImageDataset data, long seed) {
        String skipped = TorchContender.unavailable();
        if (skipped != null) {
            return TorchPipeline.skipped(skipped);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sgdvi-torch-pipeline");
            Path inputs = dir.resolve("inputs.npy");
            Path labels = dir.resolve("labels.npy");
            Npy.write(inputs, Nd4j.create(data.images(), new long[] {data.size(), data.pixelsPerImage()}, 'c'));
            Npy.write(labels, Nd4j.createFromArray(data.labels()));
            JsonNode torch = TorchContender.run("pipeline", List.of("--model", ours.model(),
                    "--classes", Integer.toString(data.numClasses()), "--seed", Long.toString(seed),
                    "--chunk", Integer.toString(InferenceGradientEngine.DEFAULT_MAX_CHUNK),
                    "--inputs", inputs.toString(), "--labels", labels.toString()), TORCH_TIMEOUT_SECONDS);
            long torchD = (long) TorchContender.number(torch, "d");
            if (torchD != ours.d()) {
                throw new IllegalStateException("the PyTorch script built " + ours.model() + " with d = " + torchD
                        + ", sgdvi with d = " + ours.d() + "; not the same network, no ratio reported");
            }
            double gradientsAndD = TorchContender.number(torch, "gradientsAndDSeconds");
            double solverSeconds = TorchContender.number(torch, "solverSeconds");
            boolean dFormed = ours.gradientsAndDSeconds() != null;
            return new TorchPipeline(null, TorchContender.text(torch, "torchVersion"),
                    (int) TorchContender.number(torch, "threads"), TorchContender.waitPolicy(),
                    TorchContender.number(torch, "gradientsSeconds"), TorchContender.number(torch, "gradientsMsPerExample"),
                    gradientsAndD, TorchContender.text(torch, "solver"), solverSeconds,
                    TorchContender.number(torch, "totalSeconds"),
                    ours.gradientsMsPerExample() / TorchContender.number(torch, "gradientsMsPerExample"),
                    dFormed ? ours.gradientsAndDSeconds() / gradientsAndD : null,
                    dFormed ? ours.solverSeconds() / solverSeconds : null,
                    ours.pipelineSeconds() / TorchContender.number(torch, "totalSeconds"));
        } catch (IOException e) {
            throw new IllegalStateException("could not write the examples for the PyTorch contender: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                for (String f : new String[] {"inputs.npy", "labels.npy", ""}) {
                    dir.resolve(f).toFile().delete();
                }
            }
        }
    }

    /**
     * PyTorch's pipeline beside ours: either {@code torchSkipped} alone, or the other fields (the ratios
     * of gradients + D and of the solver only when our route formed D); times in seconds.
     *
     * @param torchSkipped               why PyTorch did not run, or null
     * @param torchVersion               torch.__version__
     * @param torchThreads               torch.get_num_threads()
     * @param ompWaitPolicy              the OpenMP wait policy both ran under
     * @param torchGradientsSeconds      vmap(grad) over all examples
     * @param torchGradientsMsPerExample its cost per example in ms
     * @param torchGradientsAndDSeconds  gradients and D by float32 addmm
     * @param torchSolver                the eigensolver (torch.linalg.eigvalsh)
     * @param torchSolverSeconds         its time
     * @param torchTotalSeconds          everything
     * @param ratioGradientsToTorch      sgdvi / PyTorch, gradients per example
     * @param ratioGradientsAndDToTorch  sgdvi / PyTorch, gradients and D
     * @param ratioSolverToTorch         sgdvi / PyTorch, eigenvalues
     * @param ratioPipelineToTorch       sgdvi's pipelineSeconds / PyTorch's total
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TorchPipeline(String torchSkipped, String torchVersion, Integer torchThreads, String ompWaitPolicy,
                                Double torchGradientsSeconds, Double torchGradientsMsPerExample,
                                Double torchGradientsAndDSeconds, String torchSolver, Double torchSolverSeconds,
                                Double torchTotalSeconds, Double ratioGradientsToTorch, Double ratioGradientsAndDToTorch,
                                Double ratioSolverToTorch, Double ratioPipelineToTorch) {

        /** PyTorch did not run, for {@code reason}. */
        public static TorchPipeline skipped(String reason) {
            return new TorchPipeline(reason, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * What {@code bench pipeline} reports: our figures, then PyTorch's (both at the top level).
     *
     * @param sgdvi ours
     * @param torch PyTorch's and the ratios, or why it was skipped
     */
    public record WithTorch(@JsonUnwrapped Dense sgdvi, @JsonUnwrapped TorchPipeline torch) {
    }

    /** One readable line per contender and one for the ratios, for stderr. */
    public static List<String> summary(WithTorch r) {
        Dense o = r.sgdvi();
        TorchPipeline t = r.torch();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("sgdvi   %s, n = %d, d = %d: gradients %.4f ms/example, %s%s %.1f s, pipeline %.1f s",
                o.model(), o.n(), o.d(), o.gradientsMsPerExample(),
                o.gradientsAndDSeconds() != null ? String.format("gradients + D %.1f s, ", o.gradientsAndDSeconds()) : "",
                o.solver(), o.solverSeconds(), o.pipelineSeconds()));
        if (t.torchSkipped() != null) {
            lines.add("PyTorch skipped: " + t.torchSkipped());
            return lines;
        }
        lines.add(String.format("PyTorch %d threads: gradients %.4f ms/example, gradients + D %.1f s, %s %.1f s, pipeline %.1f s",
                t.torchThreads(), t.torchGradientsMsPerExample(), t.torchGradientsAndDSeconds(), t.torchSolver(),
                t.torchSolverSeconds(), t.torchTotalSeconds()));
        lines.add(String.format("sgdvi / PyTorch: gradients %.2f, whole pipeline %.2f", t.ratioGradientsToTorch(),
                t.ratioPipelineToTorch()));
        return lines;
    }

    /** Gradient rows per chunk of the matrix-free route: large enough that the two GEMMs per chunk run near peak. */
    static final int MATRIX_FREE_CHUNK = 256;

    /**
     * What the matrix-free benchmark computes.
     *
     * @param k the wanted count
     * @param seed initialization and start-block seed
     * @param dtype the accumulation type of the products D V (FLOAT as in the paper, or DOUBLE)
     * @param tolerance the residual target relative to lambda_max (the solver floors it at its rounding level)
     * @param againstDense whether to run the dense solver on the same gradients too (needs d x d in memory)
     * @param gram whether to run the Gram route first, on the same examples, as a contender
     */
    public record MatrixFreeRequest(int k, long seed, DataType dtype, double tolerance, boolean againstDense, boolean gram) {
    }

    /**
     * The top k eigenvalues of D by the matrix-free solver for a seeded network, streaming gradients
     * (never forms d x d), asked for all k at once; every pass is printed to {@code log} and kept in
     * the result's pass log. With {@code againstDense} the same gradients also go through the dense
     * route (D by SYRK, LAPACK syev) and the top min(k, dense rank) eigenvalues are compared.
     *
     * @param model zoo name
     * @param data training images
     * @param request k, seed, data type, comparison
     * @param log receives one line per pass
     */
    public static MatrixFree matrixFree(String model, ImageDataset data, MatrixFreeRequest request,
                                        java.util.function.Consumer<String> log) {
        MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().numClasses(data.numClasses())
                .seed(request.seed()).build());
        return matrixFree(net, model, data, request, log, "seeded initialization (seed " + request.seed() + ")");
    }

    /**
     * As {@link #matrixFree(String, ImageDataset, MatrixFreeRequest, java.util.function.Consumer)} for a
     * given (e.g. trained) network.
     *
     * @param net the network, read in inference mode and never changed
     * @param model its zoo name, for the record
     * @param weightsFrom where the weights came from, for the record
     */
    public static MatrixFree matrixFree(MultiLayerNetwork net, String model, ImageDataset data, MatrixFreeRequest request,
                                        java.util.function.Consumer<String> log, String weightsFrom) {
        int k = request.k();
        long seed = request.seed();
        DataType dtype = request.dtype();
        InferenceGradientEngine engine = new InferenceGradientEngine(net, MATRIX_FREE_CHUNK);
        SpectrumResult gram = null;
        if (request.gram()) {
            log.accept("gram route: " + data.size() + " examples, the dense weights' per-example gradients kept as the "
                    + "factors of their outer products (" + engine.factoredLayout().storedWidth() + " numbers per example "
                    + "instead of d = " + engine.dimension() + ")");
            SpectrumInput gramInput = SpectrumInput.streaming(new EngineChunkSource(engine,
                    TrainRunner.batches(data, MATRIX_FREE_CHUNK), data.size()), Sampling.WITH_REPLACEMENT, dtype);
            gram = new GramSolver().withProgress(log).solve(gramInput);
            org.sgdvi.core.check.Checks checks = new org.sgdvi.core.check.Checks().addAll(
                    org.sgdvi.core.check.Checks.spectrum(gram));
            checks.requireValid("the spectrum of D (gram route)", null);
            log.accept(String.format(java.util.Locale.ROOT, "gram route: all %d eigenvalues in %.1f s, lambda_max %.6g",
                    gram.computed(), gram.seconds(), gram.lambdaMax()));
        }
        long t0 = System.nanoTime();
        EngineChunkSource source = new EngineChunkSource(engine, TrainRunner.batches(data, MATRIX_FREE_CHUNK));
        SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, dtype);
        input.fullGradient(); // the pass that finds gbar, timed on its own
        double meanPassSeconds = seconds(t0);
        List<Pass> passes = new ArrayList<>();
        MatrixFreeSolver solver = new MatrixFreeSolver(seed, k, k, request.tolerance(), 200, org.sgdvi.core.diffusion.FreeMemory::probe)
                .withProgress(p -> {
                    log.accept(p.toString());
                    passes.add(new Pass(p.pass(), p.basis(), p.ritzValue(), p.largestResidual(), p.target(), p.seconds()));
                });
        SpectrumResult r = solver.solve(input);
        double solverSeconds = r.seconds();
        double total = seconds(t0);
        DenseComparison vsDense = null;
        if (request.againstDense()) {
            long td = System.nanoTime();
            DiffusionMatrix dm = new DiffusionEstimator(dtype, Sampling.WITH_REPLACEMENT).estimate(source);
            SpectrumInput denseInput = SpectrumInput.of(dm);
            SpectrumResult dense = SolverChooser.forInput(denseInput, "dense", seed).solve(denseInput);
            double denseSeconds = seconds(td);
            long denseRank = SpectrumStatistics.of(dense).rank();
            int top = (int) Math.min(denseRank, r.computed());
            vsDense = new DenseComparison(denseSeconds, denseRank, top,
                    SolverBench.maxRelativeDifference(r.eigenvalues(), dense.eigenvalues(), top),
                    SolverBench.maxAbsoluteDifference(r.eigenvalues(), dense.eigenvalues(), top) / dense.lambdaMax());
        }
        GramContender vsGram = gram == null ? null : GramContender.of(gram, engine.factoredLayout(), r, total);
        return new MatrixFree(model, engine.dimension(), data.size(), k, dtype.name().toLowerCase(java.util.Locale.ROOT),
                meanPassSeconds, solverSeconds, total, r.computed(), r.passes(), r.converged(), r.tail().name(),
                r.lambdaMax(), r.computed() > 0 ? r.eigenvalues()[r.computed() - 1] : 0,
                SpectrumStatistics.of(r).rank(), passes, r.eigenvalues(), vsDense, vsGram, weightsFrom);
    }

    /**
     * The matrix-free benchmark's figures; times in seconds.
     *
     * @param model           zoo name
     * @param d               trainable weights
     * @param n               examples
     * @param k               eigenvalues wanted
     * @param dtype           accumulation type of D V
     * @param meanPassSeconds time to set up the streamed input
     * @param solverSeconds   the solver's time
     * @param seconds         everything up to the solution
     * @param computed        eigenvalues computed
     * @param passes          passes over the gradients
     * @param converged       whether the solver met its target
     * @param tail            how the tail ended
     * @param lambdaMax       the largest eigenvalue
     * @param lambdaK         the k-th (0 when none was computed)
     * @param rankLowerBound  eigenvalues above the rank threshold among those computed
     * @param passLog         one row per pass
     * @param eigenvalues     the computed eigenvalues (written as eigenvalues.npy, not to JSON)
     * @param againstDense    the comparison with the dense solver, or null (its fields stand at the top level)
     * @param gram            the Gram route on the same examples, or null when not run
     * @param weightsFrom     where the weights came from
     */
    public record MatrixFree(String model, long d, int n, int k, String dtype, double meanPassSeconds,
                             double solverSeconds, double seconds, int computed, int passes, boolean converged,
                             String tail, double lambdaMax, double lambdaK, long rankLowerBound, List<Pass> passLog,
                             @JsonIgnore double[] eigenvalues, @JsonUnwrapped DenseComparison againstDense,
                             @JsonInclude(JsonInclude.Include.NON_NULL) GramContender gram, String weightsFrom) {
    }

    /**
     * The Gram route (all N nonzero eigenvalues of D from the N x N centred Gram matrix, the dense weights'
     * per-example gradients kept as the factors of their outer products) beside the matrix-free top k.
     *
     * @param seconds                    its time, its own pass over the examples included
     * @param computed                   eigenvalues computed (N, or d if smaller)
     * @param storedWidth                numbers stored per example (explicit columns plus factors)
     * @param explicitWidth              of which explicit columns
     * @param lambdaMax                  its largest eigenvalue
     * @param rank                       its rank by numpy's rule
     * @param comparedTopEigenvalues     min(k computed by matrix-free, its rank)
     * @param maxRelDiffVsMatrixFree     their largest relative difference
     * @param maxDiffOverLambdaMaxVsMatrixFree their largest difference over lambda_max
     * @param ratioMatrixFreeToGram      the matrix-free route's time (its mean pass included) over the Gram route's
     * @param eigenvalues                all of them (written as gram-eigenvalues.npy, not to JSON)
     */
    public record GramContender(double seconds, int computed, long storedWidth, long explicitWidth, double lambdaMax,
                                long rank, int comparedTopEigenvalues, double maxRelDiffVsMatrixFree,
                                double maxDiffOverLambdaMaxVsMatrixFree, double ratioMatrixFreeToGram,
                                @JsonIgnore double[] eigenvalues) {

        static GramContender of(SpectrumResult gram, org.sgdvi.core.gradients.FactoredLayout layout, SpectrumResult matrixFree,
                                double matrixFreeSeconds) {
            long rank = SpectrumStatistics.of(gram).rank();
            int top = (int) Math.min(rank, matrixFree.computed());
            return new GramContender(gram.seconds(), gram.computed(), layout.storedWidth(), layout.explicitWidth(),
                    gram.lambdaMax(), rank, top,
                    SolverBench.maxRelativeDifference(matrixFree.eigenvalues(), gram.eigenvalues(), top),
                    SolverBench.maxAbsoluteDifference(matrixFree.eigenvalues(), gram.eigenvalues(), top) / gram.lambdaMax(),
                    matrixFreeSeconds / gram.seconds(), gram.eigenvalues());
        }
    }

    /**
     * One pass of the matrix-free solver.
     *
     * @param pass                    its number
     * @param basis                   the basis size
     * @param ritzValueK              the k-th Ritz value
     * @param largestRelativeResidual the largest relative residual of the wanted pairs
     * @param target                  the residual target
     * @param seconds                 time so far
     */
    public record Pass(int pass, long basis, double ritzValueK, double largestRelativeResidual, double target,
                       double seconds) {
    }

    /**
     * The matrix-free eigenvalues against the dense solver's on the same gradients.
     *
     * @param denseSeconds                D formed and its eigenvalues
     * @param denseRank                   rank by the dense solver
     * @param comparedTopEigenvalues      min(k computed, dense rank)
     * @param maxRelDiffVsDense           their largest relative difference
     * @param maxDiffOverLambdaMaxVsDense their largest difference over lambda_max
     */
    public record DenseComparison(double denseSeconds, long denseRank, int comparedTopEigenvalues,
                                  double maxRelDiffVsDense, double maxDiffOverLambdaMaxVsDense) {
    }
}
