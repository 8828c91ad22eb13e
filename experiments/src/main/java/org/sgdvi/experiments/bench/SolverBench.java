package org.sgdvi.experiments.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.sgdvi.core.io.Json;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.DiffusionMatrix;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.spectrum.DenseSymmetricSolver;
import org.sgdvi.core.spectrum.GramSolver;
import org.sgdvi.core.spectrum.MatrixFreeSolver;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;

/**
 * Times the three spectrum routes side by side on one random gradient matrix G [m, d] in float32
 * with the decaying low-rank structure of real per-example gradients: G = 1 gbar^T + A diag(s) B^T
 * with Gaussian A [m, r], B [d, r] and s_i = 10^(-3 i / r), r = min(m - 1, 256), so D's eigenvalues
 * fall over about six decades and numpy's rank lands near 2% of d (the paper's Figs. 1-2 report
 * 1.8% for small-lenet).
 *
 * <p>Reports the seconds of: the G^T G GEMM (and its GFLOP/s, 2 m d^2 flops), forming D with the
 * streamed estimator, LAPACK syev (values only) on D, the Gram route and the matrix-free route; the
 * largest relative disagreement of the top eigenvalues with the dense route; the ranks. On the CPU
 * backend it also times OpenBLAS ssyrk directly (ND4J 1.0.0-M2.1's syrk passes K = 1 and is unusable).
 */
public final class SolverBench {

    private SolverBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param d the number of weights (columns)
     * @param m the number of examples (rows)
     * @param seed seeds G and the matrix-free start block
     * @return the figures
     */
    public static Figures run(int d, int m, long seed) {
        INDArray g = gradients(d, m, seed);

        INDArray c = Nd4j.create(DataType.FLOAT, d, d);
        long t0 = System.nanoTime();
        Nd4j.gemm(g, g, c, true, false, 1.0, 0.0);
        double gemmSeconds = seconds(t0);
        double flops = 2.0 * m * (double) d * d;
        Double syrkSeconds = null;
        if (Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("cpu")) {
            c.assign(0);
            long ts = System.nanoTime();
            // row-major G [m, d] is column-major [d, m]: C (column-major d x d, upper) = G^T G via syrk NoTrans
            openblas.cblas_ssyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasNoTrans, d, m, 1.0f,
                    (FloatPointer) g.data().addressPointer(), d, 0.0f, (FloatPointer) c.data().addressPointer(), d);
            syrkSeconds = seconds(ts);
        }
        c.close();

        long t1 = System.nanoTime();
        DiffusionMatrix dm = new DiffusionEstimator(DataType.FLOAT, Sampling.WITH_REPLACEMENT)
                .estimate(new MatrixChunkSource(g, 128));
        double formSeconds = seconds(t1);
        SpectrumResult dense = new DenseSymmetricSolver(true, FreeMemory::probe).solve(SpectrumInput.of(dm));

        SpectrumInput streamed = SpectrumInput.streaming(new MatrixChunkSource(g, 128), m, dm.fullGradient(),
                Sampling.WITH_REPLACEMENT, DataType.FLOAT);
        SpectrumResult gram = new GramSolver().solve(streamed);
        SpectrumResult mf = new MatrixFreeSolver(seed).solve(streamed);

        SpectrumStatistics sd = SpectrumStatistics.of(dense);
        int top = (int) Math.min(sd.rank(), Math.min(gram.computed(), mf.computed()));
        return new Figures(d, m, Nd4j.getBackend().getClass().getSimpleName(), gemmSeconds, flops / gemmSeconds / 1e9,
                syrkSeconds, syrkSeconds == null ? null : flops / syrkSeconds / 1e9, formSeconds, dense.seconds(),
                formSeconds + dense.seconds(), gram.seconds(), mf.seconds(), mf.passes(), mf.computed(), mf.tail().name(),
                mf.converged(), top, maxRelativeDifference(gram.eigenvalues(), dense.eigenvalues(), top),
                maxRelativeDifference(mf.eigenvalues(), dense.eigenvalues(), top),
                maxAbsoluteDifference(gram.eigenvalues(), dense.eigenvalues(), top) / dense.lambdaMax(),
                maxAbsoluteDifference(mf.eigenvalues(), dense.eigenvalues(), top) / dense.lambdaMax(), dense.lambdaMax(),
                sd.rank(), SpectrumStatistics.of(gram).rank(), SpectrumStatistics.of(mf).rank());
    }

    /**
     * The solvers' figures on one gradient matrix; times in seconds.
     *
     * @param d                              columns (weights)
     * @param m                              rows (examples)
     * @param backend                        the ND4J backend
     * @param gemmSeconds                    G^T G by GEMM
     * @param gemmGflops                     its rate
     * @param openblasSyrkSeconds            G^T G by OpenBLAS SYRK (CPU backend only, else absent)
     * @param openblasSyrkGflopsEquivalent   its rate counted as a GEMM (absent with it)
     * @param denseFormDSeconds              forming D
     * @param denseSyevSeconds               its eigenvalues
     * @param denseSeconds                   both
     * @param gramSeconds                    the Gram solver
     * @param matrixFreeSeconds              the matrix-free solver
     * @param matrixFreePasses               its passes over G
     * @param matrixFreeComputed             its eigenvalues computed
     * @param matrixFreeTail                 how its tail ended
     * @param matrixFreeConverged            whether it met its target
     * @param comparedTopEigenvalues         the top eigenvalues compared with the dense ones
     * @param maxRelDiffGramVsDense          their largest relative difference, Gram
     * @param maxRelDiffMatrixFreeVsDense    and matrix-free
     * @param maxDiffOverLambdaMaxGram       their largest difference over lambda_max, Gram
     * @param maxDiffOverLambdaMaxMatrixFree and matrix-free
     * @param lambdaMax                      the dense lambda_max
     * @param rankDense                      rank by the dense solver
     * @param rankGram                       by the Gram solver
     * @param rankMatrixFree                 by the matrix-free solver
     */
    public record Figures(int d, int m, String backend, double gemmSeconds, double gemmGflops,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double openblasSyrkSeconds,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double openblasSyrkGflopsEquivalent,
                          double denseFormDSeconds, double denseSyevSeconds, double denseSeconds, double gramSeconds,
                          double matrixFreeSeconds, int matrixFreePasses, int matrixFreeComputed, String matrixFreeTail,
                          boolean matrixFreeConverged, int comparedTopEigenvalues, double maxRelDiffGramVsDense,
                          double maxRelDiffMatrixFreeVsDense, double maxDiffOverLambdaMaxGram,
                          double maxDiffOverLambdaMaxMatrixFree, double lambdaMax, long rankDense, long rankGram,
                          long rankMatrixFree) {
    }

    /** {@code SolverBench [d [m [seed]]]}, defaults d = 13,338 (small-lenet), m = 1,000, seed = 1. */
    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 13_338;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Json.mapper().valueToTree(run(d, m, seed)).fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            String text = v.isDouble() ? String.format(Locale.ROOT, "%.6g", v.doubleValue()) : v.asText();
            System.out.println(e.getKey() + " = " + text);
        });
    }

    private static INDArray gradients(int d, int m, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        int r = Math.min(m - 1, 256);
        INDArray a = Nd4j.create(DataType.FLOAT, m, r);
        Nd4j.randn(0.0, 1.0, a, rng);
        INDArray b = Nd4j.create(DataType.FLOAT, d, r);
        Nd4j.randn(0.0, 1.0 / Math.sqrt(d), b, rng);
        INDArray s = Nd4j.create(DataType.FLOAT, r);
        for (int i = 0; i < r; i++) {
            s.putScalar(i, Math.pow(10, -3.0 * i / r));
        }
        INDArray g = a.mulRowVector(s).mmul(b.transpose());
        INDArray mean = Nd4j.create(DataType.FLOAT, d);
        Nd4j.randn(0.0, 0.1, mean, rng);
        return g.addiRowVector(mean);
    }

    static double maxRelativeDifference(double[] a, double[] reference, int top) {
        double worst = 0;
        for (int i = 0; i < top; i++) {
            worst = Math.max(worst, Math.abs(a[i] - reference[i]) / Math.abs(reference[i]));
        }
        return worst;
    }

    static double maxAbsoluteDifference(double[] a, double[] reference, int top) {
        double worst = 0;
        for (int i = 0; i < top; i++) {
            worst = Math.max(worst, Math.abs(a[i] - reference[i]));
        }
        return worst;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
