package org.sgdvi.experiments.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.device.Device;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.EngineChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.spectrum.EigenSolver;
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
 * backend GEMM, eigenvalues, statistics (issue 3's "60,000 fashion-mnist examples in under 5 minutes").
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
     * @param solver the solver (dense: D formed explicitly first), or null for the automatic choice
     * @param seed initialization seed
     * @param device where D and its eigenvalues are computed: CPU as before; AUTO or CUDA stream the gradients
     *               to the CUDA 13 path (D by SYRK on the GPU), falling back to the CPU with the reason
     */
    public static Map<String, Object> dense(String model, ImageDataset data, SolverKind solver, long seed, Device device) {
        Map<String, Object> out = new LinkedHashMap<>();
        MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().numClasses(data.numClasses()).seed(seed).build());
        InferenceGradientEngine engine = new InferenceGradientEngine(net);
        out.put("model", model);
        out.put("d", engine.dimension());
        out.put("n", data.size());
        long t0 = System.nanoTime();
        EngineChunkSource source = new EngineChunkSource(engine, TrainRunner.batches(data, InferenceGradientEngine.DEFAULT_MAX_CHUNK));
        long[] rows = {0};
        long tg = System.nanoTime();
        source.forEachChunk(c -> rows[0] += c.rows());
        out.put("gradientsSeconds", seconds(tg));
        out.put("gradientsMsPerExample", 1e3 * seconds(tg) / rows[0]);
        SpectrumResult result;
        out.put("device", device.cliName());
        if (device != Device.CPU) {
            java.util.List<String> notes = new java.util.ArrayList<>();
            SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, DataType.FLOAT);
            long td = System.nanoTime();
            result = SolverChooser.forInput(input, solver, seed, notes::add, device).solve(input);
            out.put("gradientsAndDSeconds", seconds(td));
            out.put("deviceNotes", notes);
        } else if (solver == SolverKind.DENSE) {
            long td = System.nanoTime();
            DiffusionMatrix dm = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT).estimate(source);
            out.put("gradientsAndDSeconds", seconds(td));
            SpectrumInput input = SpectrumInput.of(dm);
            result = SolverChooser.forInput(input, SolverKind.DENSE, seed, line -> { }).solve(input);
        } else {
            SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, DataType.FLOAT);
            result = SolverChooser.forInput(input, solver, seed, line -> { }).solve(input);
        }
        out.put("solver", result.solver());
        out.put("solverSeconds", result.seconds());
        long ts = System.nanoTime();
        SpectrumStatistics s = SpectrumStatistics.of(result);
        out.put("statisticsSeconds", seconds(ts));
        out.put("rank", s.rank());
        out.put("rankFraction", s.rankFraction());
        out.put("mean", s.mean());
        out.put("std", s.std());
        out.put("totalSeconds", seconds(t0));
        return out;
    }

    /** The key of the computed eigenvalues (a double[]) in the matrix-free result; written as an array file, not JSON. */
    public static final String EIGENVALUES = "eigenvalues";

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
     */
    public record MatrixFreeRequest(int k, long seed, DataType dtype, double tolerance, boolean againstDense) {
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
    public static Map<String, Object> matrixFree(String model, ImageDataset data, MatrixFreeRequest request,
                                                 java.util.function.Consumer<String> log) {
        MultiLayerNetwork net = ModelZoo.build(model, ModelOptions.builder().numClasses(data.numClasses())
                .seed(request.seed()).build());
        Map<String, Object> out = matrixFree(net, model, data, request, log);
        out.put("weightsFrom", "seeded initialization (seed " + request.seed() + ")");
        return out;
    }

    /**
     * As {@link #matrixFree(String, ImageDataset, MatrixFreeRequest, java.util.function.Consumer)} for a
     * given (e.g. trained) network.
     *
     * @param net the network, read in inference mode and never changed
     * @param model its zoo name, for the record
     */
    public static Map<String, Object> matrixFree(MultiLayerNetwork net, String model, ImageDataset data,
                                                 MatrixFreeRequest request, java.util.function.Consumer<String> log) {
        int k = request.k();
        long seed = request.seed();
        DataType dtype = request.dtype();
        Map<String, Object> out = new LinkedHashMap<>();
        InferenceGradientEngine engine = new InferenceGradientEngine(net, MATRIX_FREE_CHUNK);
        out.put("model", model);
        out.put("d", engine.dimension());
        out.put("n", data.size());
        out.put("k", k);
        out.put("dtype", dtype.name().toLowerCase(java.util.Locale.ROOT));
        long t0 = System.nanoTime();
        EngineChunkSource source = new EngineChunkSource(engine, TrainRunner.batches(data, MATRIX_FREE_CHUNK));
        SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, dtype);
        input.fullGradient(); // the pass that finds gbar, timed on its own
        out.put("meanPassSeconds", seconds(t0));
        java.util.List<Map<String, Object>> passes = new java.util.ArrayList<>();
        MatrixFreeSolver solver = new MatrixFreeSolver(seed, k, k, request.tolerance(), 200, org.sgdvi.core.diffusion.FreeMemory::probe)
                .withProgress(p -> {
                    log.accept(p.toString());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("pass", p.pass());
                    row.put("basis", p.basis());
                    row.put("ritzValueK", p.ritzValue());
                    row.put("largestRelativeResidual", p.largestResidual());
                    row.put("target", p.target());
                    row.put("seconds", p.seconds());
                    passes.add(row);
                });
        SpectrumResult r = solver.solve(input);
        out.put("solverSeconds", r.seconds());
        out.put("seconds", seconds(t0));
        out.put("computed", r.computed());
        out.put("passes", r.passes());
        out.put("converged", r.converged());
        out.put("tail", r.tail().name());
        out.put("lambdaMax", r.lambdaMax());
        out.put("lambdaK", r.computed() > 0 ? r.eigenvalues()[r.computed() - 1] : 0);
        SpectrumStatistics s = SpectrumStatistics.of(r);
        out.put("rankLowerBound", s.rank());
        out.put("passLog", passes);
        out.put(EIGENVALUES, r.eigenvalues());
        if (request.againstDense()) {
            long td = System.nanoTime();
            DiffusionMatrix dm = new DiffusionEstimator(dtype, Sampling.WITH_REPLACEMENT).estimate(source);
            SpectrumInput denseInput = SpectrumInput.of(dm);
            SpectrumResult dense = SolverChooser.forInput(denseInput, "dense", seed).solve(denseInput);
            out.put("denseSeconds", seconds(td));
            int top = (int) Math.min(SpectrumStatistics.of(dense).rank(), r.computed());
            out.put("denseRank", SpectrumStatistics.of(dense).rank());
            out.put("comparedTopEigenvalues", top);
            out.put("maxRelDiffVsDense", SolverBench.maxRelativeDifference(r.eigenvalues(), dense.eigenvalues(), top));
            out.put("maxDiffOverLambdaMaxVsDense",
                    SolverBench.maxAbsoluteDifference(r.eigenvalues(), dense.eigenvalues(), top) / dense.lambdaMax());
        }
        return out;
    }
}
