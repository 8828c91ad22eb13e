package org.sgdvi.core.spectrum;

import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.InsufficientMemoryException;
import org.sgdvi.core.diffusion.MemoryEstimate;

/**
 * The top eigenvalues of D without forming it (d up to 10^7): randomized subspace iteration with a
 * Rayleigh-Ritz step on every pass, using only products D V = Gc^T (Gc V) / c streamed from the
 * gradient chunks (PAPER.md eq. 2).
 *
 * <p>For a wanted count k it iterates a block of k + p orthonormal vectors (p oversampling): Y = D V;
 * H = V^T Y; H = W diag(theta) W^T; Ritz pairs (theta_i, V W_i) with residuals
 * r_i = ||Y W_i - theta_i V W_i||; then V = orth(Y). The top k have converged when
 * r_i <= tol * theta_1 (tol at least 100 eps of the data type). Ritz values are lower bounds of
 * the eigenvalues, so as soon as the k-th is above numpy's rank threshold theta_1 d eps the rank
 * exceeds k and k doubles (warm-started from the Ritz vectors), until the k-th falls below the
 * threshold, k reaches k_max, or the block would exceed d, N or the free memory. The start block is Gaussian from a
 * private generator seeded by the caller (ND4J's default generator is not touched).
 */
public final class MatrixFreeSolver implements EigenSolver {

    /** The name accepted by {@code --solver}. */
    public static final String NAME = "matrix-free";

    private final long seed;
    private final int initialK;
    private final int maxK;
    private final double tolerance;
    private final int maxIterations;
    private final Supplier<FreeMemory> freeMemory;

    /** Seeded, starting at k = 32, k_max = 4096, tolerance 1e-5, at most 30 passes per k. */
    public MatrixFreeSolver(long seed) {
        this(seed, 32, 4096, 1e-5, 30, FreeMemory::probe);
    }

    /**
     * @param seed seeds the random start block
     * @param initialK the first wanted count
     * @param maxK the largest wanted count (k_max)
     * @param tolerance residual target relative to the largest Ritz value
     * @param maxIterations passes over the gradients per wanted count
     * @param freeMemory measures the memory available before each block allocation
     */
    public MatrixFreeSolver(long seed, int initialK, int maxK, double tolerance, int maxIterations,
                            Supplier<FreeMemory> freeMemory) {
        if (initialK < 1 || maxK < initialK) {
            throw new IllegalArgumentException("k = " + initialK + ", k_max = " + maxK + "; expected 1 <= k <= k_max");
        }
        if (!(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("tolerance = " + tolerance + ", maxIterations = " + maxIterations
                    + "; expected tolerance > 0 and at least one iteration");
        }
        this.seed = seed;
        this.initialK = initialK;
        this.maxK = maxK;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.freeMemory = freeMemory;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The block size used for a wanted count k: k plus max(8, k/4) oversampling vectors. */
    static long blockFor(long k) {
        return k + Math.max(8, k / 4);
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        long start = System.nanoTime();
        DiffusionOperator op = new DiffusionOperator(input);
        long d = input.dimension();
        DataType dtype = input.dataType();
        long cap = input.hasGradients() ? Math.min(d, input.exampleCount()) : d;
        double eps = SpectrumStatistics.machineEpsilon(dtype);
        long chunkRows = input.hasGradients() ? input.gradients().chunkRowsHint() : 0;
        double tol = Math.max(tolerance, 100 * eps);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);

        long k = Math.min(initialK, cap);
        INDArray warm = null;
        RitzStep step = null;
        SpectrumResult.Tail tail;
        while (true) {
            long block = Math.min(cap, blockFor(k));
            MemoryEstimate need = MemoryEstimate.matrixFree(d, block, chunkRows, dtype);
            if (!need.fits(freeMemory.get())) {
                if (step == null) {
                    need.requireFits(freeMemory.get());
                }
                tail = SpectrumResult.Tail.UNKNOWN;
                break;
            }
            boolean canGrow = k < Math.min(cap, maxK);
            INDArray v = Nd4j.create(dtype, d, block);
            Nd4j.randn(0.0, 1.0, v, rng);
            if (warm != null) {
                v.get(NDArrayIndex.all(), NDArrayIndex.interval(0, warm.columns())).assign(warm);
            }
            SymmetricEigen.orthonormalize(v);
            boolean mustGrow = false;
            for (int it = 0; it < maxIterations; it++) {
                RitzStep previous = step;
                step = ritz(op, v, (int) k, tol);
                v.close();
                if (previous != null) {
                    previous.vectors.close();
                }
                // Ritz values are lower bounds (theta_i <= lambda_i): once the k-th is above the threshold,
                // the rank exceeds k whatever further iterations give, so grow at once
                mustGrow = canGrow && it >= 1 && step.values[(int) k - 1] > threshold(step.values, d, eps);
                if (mustGrow || step.converged || it == maxIterations - 1 || block == d) {
                    break;
                }
                v = step.image;
                SymmetricEigen.orthonormalize(v);
            }
            if (!mustGrow && step.values[(int) k - 1] <= threshold(step.values, d, eps)) {
                tail = SpectrumResult.Tail.BELOW_THRESHOLD;
                break;
            }
            if (!canGrow) {
                tail = k < cap ? SpectrumResult.Tail.UNKNOWN : cap == d ? SpectrumResult.Tail.NONE : SpectrumResult.Tail.ZERO;
                break;
            }
            warm = step.vectors.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)).dup();
            k = Math.min(Math.min(2 * k, maxK), cap);
        }
        int kk = (int) Math.min(k, step.values.length);
        return new SpectrumResult(NAME, d, dtype, Arrays.copyOf(step.values, kk), tail,
                Arrays.copyOf(step.residuals, kk), step.converged, op.passes(), (System.nanoTime() - start) / 1e9);
    }

    /** One pass and Rayleigh-Ritz on the orthonormal block v. */
    private static double threshold(double[] values, long d, double eps) {
        return Math.abs(values[0]) * d * eps;
    }

    private static RitzStep ritz(DiffusionOperator op, INDArray v, int wanted, double tolerance) {
        INDArray y = op.apply(v);
        INDArray h = v.transpose().mmul(y);
        SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(h);
        INDArray w = eig.vectors().castTo(v.dataType());
        INDArray x = v.mmul(w);
        INDArray ax = y.mmul(w);
        y.close();
        INDArray theta = Nd4j.createFromArray(eig.values()).castTo(v.dataType());
        INDArray residual = ax.sub(x.mulRowVector(theta));
        double[] norms = residual.norm2(0).castTo(DataType.DOUBLE).toDoubleVector();
        residual.close();
        double scale = Math.abs(eig.values()[0]);
        boolean converged = true;
        for (int i = 0; i < Math.min(wanted, norms.length); i++) {
            if (norms[i] > tolerance * scale) {
                converged = false;
                break;
            }
        }
        return new RitzStep(eig.values(), norms, x, ax, converged);
    }

    /** Ritz values (descending), residual norms, Ritz vectors and their images D x. */
    private record RitzStep(double[] values, double[] residuals, INDArray vectors, INDArray image, boolean converged) {
    }
}
