package org.sgdvi.core.spectrum;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.diffusion.DiffusionEstimator;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * Everything the spectrum report shows, exactly, without all d eigenvalues: D of eq. (2) of the paper
 * (arXiv 1710.11029), D = (1/N) sum_k (g_k - gbar)(g_k - gbar)^T, is formed once in memory
 * ({@link DiffusionEstimator}, one pass, SYRK); then
 * <ul>
 *   <li>the mean and std of all d eigenvalues come from sum lambda_i = tr D and sum lambda_i^2 = ||D||_F^2,
 *       exact for every eigenvalue, those below numpy's rank threshold included
 *       ({@link SpectrumStatistics#of(SpectrumResult, int)}, {@link SpectrumResult.Reference#momentsFromNorms()});</li>
 *   <li>lambda_max, the rank (numpy's rule: lambda &gt; lambda_max d eps) and the histogram above the
 *       threshold (the paper's Figs. 1-2, everything below it is clipped into the first bin) need only the
 *       eigenvalues above the threshold: the block Lanczos of {@link MatrixFreeSolver} on the in-memory D
 *       (one GEMM per block), k doubled until the k-th Ritz value is below the threshold.</li>
 * </ul>
 * The d x d eigendecomposition (O(d^3)) becomes O(d^2 k) for the k of about the rank (about 80 of d = 13,338 for
 * small-lenet on Fashion-MNIST). When k reaches d / 8 with the k-th Ritz value still above the threshold
 * (D is not of low rank), the route falls back to all d eigenvalues by LAPACK on the same D and reports
 * itself as {@link DenseSymmetricSolver#NAME}.
 *
 * <p>Self-checks ({@link org.sgdvi.core.check.Checks#spectrum}): every reported Ritz vector is formed and its
 * residual ||D x_i - theta_i x_i|| recomputed by a GEMM with D itself (not through the Lanczos operator),
 * the Ritz vectors' orthogonality max |X^T X - I| is measured, sum theta_i &lt;= tr D and
 * sum theta_i^2 &lt;= ||D||_F^2, and the remainders tr D - sum theta_i and ||D||_F^2 - sum theta_i^2 must be
 * what d - k eigenvalues of magnitude at most the threshold can hold.
 */
public final class DenseLanczosSolver implements EigenSolver {

    /** The name accepted by {@code --solver}. */
    public static final String NAME = "dense-lanczos";

    /**
     * The smallest d the automatic choice gives this route (below it, LAPACK on all d eigenvalues takes
     * milliseconds and the Lanczos bookkeeping would not pay).
     */
    public static final long MIN_DIMENSION = 1024;

    /** k at most d / FALLBACK_FRACTION before the route gives up on a low rank and takes all d eigenvalues. */
    static final long FALLBACK_FRACTION = 8;

    private final long seed;
    private final double tolerance;
    private final Supplier<FreeMemory> freeMemory;
    private final Consumer<String> progress;
    private final UnaryOperator<SymmetricOperator> lanczosOperator;

    /** Seeded start block, residual target 1e-5 theta_1 (floored at the rounding level, see {@link MatrixFreeSolver}). */
    public DenseLanczosSolver(long seed) {
        this(seed, 1e-5, FreeMemory::probe, line -> { }, UnaryOperator.identity());
    }

    /**
     * @param seed seeds the random start block
     * @param tolerance the residual target relative to theta_1
     * @param freeMemory measures the memory available before D and each Lanczos block
     * @param progress receives one line per Lanczos pass, and the fallback's reason
     * @param lanczosOperator wraps the product with D the Lanczos runs on (the identity; tests break it to see
     *                        the self-checks fail)
     */
    DenseLanczosSolver(long seed, double tolerance, Supplier<FreeMemory> freeMemory, Consumer<String> progress,
                       UnaryOperator<SymmetricOperator> lanczosOperator) {
        this.seed = seed;
        this.tolerance = tolerance;
        this.freeMemory = freeMemory;
        this.progress = progress;
        this.lanczosOperator = lanczosOperator;
    }

    /** The same solver, reporting every Lanczos pass (and a fallback) to {@code listener} as one line. */
    public DenseLanczosSolver withProgress(Consumer<String> listener) {
        return new DenseLanczosSolver(seed, tolerance, freeMemory, listener, lanczosOperator);
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        long start = System.nanoTime();
        // a given D is only read (the Lanczos products and the checks leave it as it is); a formed one is ours
        boolean owned = !input.hasDense();
        INDArray d = input.diffusionMatrix(freeMemory);
        long dim = input.dimension();
        DataType dtype = input.dataType();
        double[] norms = SymmetricEigen.traceAndSquaredNorm(d);
        SpectrumInput matrix = SpectrumInput.dense(d);
        MatrixFreeSolver lanczos = new MatrixFreeSolver(seed, 32, Integer.MAX_VALUE, tolerance, 1000, freeMemory)
                .withProgress(p -> progress.accept(p.toString()));
        long limit = Math.max(32, dim / FALLBACK_FRACTION);
        MatrixFreeSolver.Lanczos run = lanczos.toRankThreshold(lanczosOperator.apply(new DiffusionOperator(matrix)),
                new DiffusionOperator(matrix), limit);
        try {
            double eps = SpectrumStatistics.machineEpsilon(dtype);
            SpectrumResult.Tail tail = run.tail(dim, dim, eps);
            if (tail == SpectrumResult.Tail.UNKNOWN) {
                progress.accept("dense-lanczos: the " + run.reported() + "-th Ritz value is still above the rank threshold "
                        + "at k = d / " + FALLBACK_FRACTION + "; all d eigenvalues by LAPACK instead");
                double[] values = SymmetricEigen.eigenvalues(d, owned, SymmetricEigen.Order.DESCENDING);
                return new SpectrumResult(DenseSymmetricSolver.NAME, dim, dtype, values, SpectrumResult.Tail.NONE,
                        new double[0], true, input.takePasses(), (System.nanoTime() - start) / 1e9,
                        new SpectrumResult.Reference(input.exampleCount(), norms[0], norms[1], new double[0], Double.NaN));
            }
            int kk = run.reported();
            return new SpectrumResult(NAME, dim, dtype, Arrays.copyOf(run.theta(), kk), tail,
                    Arrays.copyOf(run.residuals(), kk), run.converged(), input.takePasses(),
                    (System.nanoTime() - start) / 1e9,
                    new SpectrumResult.Reference(input.exampleCount(), norms[0], norms[1], run.checked(), run.tol(),
                            orthogonality(run.vectors()), true));
        } finally {
            run.vectors().close();
        }
    }

    /** max |X^T X - I| of the formed Ritz vectors (0 when none was formed). */
    static double orthogonality(INDArray x) {
        if (x.columns() == 0) {
            return 0;
        }
        INDArray gram = Nd4j.gemm(x, x, true, false).castTo(DataType.DOUBLE);
        double worst = gram.subi(Nd4j.eye(x.columns()).castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        gram.close();
        return worst;
    }

    @Override
    public String name() {
        return NAME;
    }
}
