package org.sgdvi.core.spectrum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sgdvi.core.check.FaultInjection;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.MemoryEstimate;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * The top eigenvalues of D without forming it (d up to 10^7): block Lanczos with full
 * reorthogonalization, using only products D V = Gc^T (Gc V) / c streamed from the gradient chunks
 * (eq. (2) of the paper).
 *
 * <p>The basis Q = [Q_1, ..., Q_j] of the block Krylov space span{Q_1, D Q_1, ..., D^{j-1} Q_1}
 * grows by one block per pass over the gradients: Y_j = D Q_j; the Rayleigh-Ritz matrix
 * H = Q^T D Q gains the columns Q^T Y_j; the next block Q_{j+1} is an orthonormal basis of
 * (I - Q Q^T) Y_j (block classical Gram-Schmidt run twice, Householder QR inside the block), so
 * (I - Q Q^T) D Q = Q_{j+1} B_j with B_j = Q_{j+1}^T Y_j. With H = S diag(theta) S^T, the Ritz pair
 * (theta_i, Q s_i) has the exact residual ||D Q s_i - theta_i Q s_i|| = ||B_j s_i^{(j)}||, where
 * s_i^{(j)} is the last block of s_i, so no Ritz vector is ever formed.
 *
 * <p>The top k have converged when every residual is at most tol * theta_1, except for Ritz pairs
 * already below the rank threshold by more than their residual (theta_i + r_i <= threshold), and the
 * number of Ritz values above the threshold is the same as one pass before (tol is no finer than
 * 100 eps and sqrt(d) eps of the data type: see {@link #tolerance}).
 *
 * <p>Ritz values are lower bounds of the eigenvalues (Cauchy interlacing), so as soon as the k-th is
 * above numpy's rank threshold theta_1 d eps the rank exceeds k and k doubles. This stops when the
 * k-th falls below the threshold, k reaches k_max or min(d, N), the pass budget is spent, or the next
 * block would not fit in the free memory. Blocks hold max(4, k/4) vectors, at most 128, so each pass
 * over the gradients serves many vectors. The start block is Gaussian from a private generator seeded
 * by the caller (ND4J's default generator is not touched).
 */
public final class MatrixFreeSolver implements EigenSolver {

    /** The name accepted by {@code --solver}. */
    public static final String NAME = "matrix-free";

    /** The largest block: more vectors per pass make each pass dearer than the gradients it amortizes. */
    static final long MAX_BLOCK = 128;

    /** The fault ({@link FaultInjection}) that mixes the top two Ritz vectors before their residuals are recomputed. */
    public static final String MIX_RITZ_VECTORS = "spectrum-ritz-vectors";

    /**
     * How many of the top Ritz pairs the self-check recomputes explicitly (one extra pass, counted in
     * the result's passes; 2 d x 16 memory).
     */
    static final int CHECKED_PAIRS = 16;

    /**
     * The state after one pass over the gradients.
     *
     * @param pass Lanczos passes so far, one product with D each (the result's {@link SpectrumResult#passes()}
     *             also counts the pass that finds N and gbar when one is made, and the explicit check's pass)
     * @param basis the basis size m after this pass
     * @param wanted the wanted count k
     * @param ritzValue the k-th Ritz value (or the smallest one while m < k)
     * @param threshold numpy's rank threshold theta_1 d eps
     * @param largestResidual the largest residual of the top k not yet below the threshold, relative to theta_1
     * @param target the residual target, relative to theta_1
     * @param seconds time since the solve started
     */
    public record Progress(int pass, long basis, long wanted, double ritzValue, double threshold,
                           double largestResidual, double target, double seconds) {

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "pass %d: basis %d, k %d, theta_k %.4g (threshold %.3g), largest residual %.2e theta_1 (target %.1e), %.1f s",
                    pass, basis, wanted, ritzValue, threshold, largestResidual, target, seconds);
        }
    }

    private final long seed;
    private final int initialK;
    private final int maxK;
    private final double tolerance;
    private final int maxPasses;
    private final Supplier<FreeMemory> freeMemory;
    private final Consumer<Progress> progress;
    private final Supplier<org.sgdvi.core.device.GpuOrderAlgebra> blocks;

    /** Seeded, starting at k = 32, k_max = 4096, tolerance 1e-5, at most 200 passes. */
    public MatrixFreeSolver(long seed) {
        this(seed, 32, 4096, 1e-5, 200, FreeMemory::probe);
    }

    /**
     * @param seed seeds the random start block
     * @param initialK the first wanted count
     * @param maxK the largest wanted count (k_max)
     * @param tolerance residual target relative to the largest Ritz value
     * @param maxPasses Lanczos passes (products with D) at most
     * @param freeMemory measures the memory available before each block allocation
     */
    public MatrixFreeSolver(long seed, int initialK, int maxK, double tolerance, int maxPasses,
                            Supplier<FreeMemory> freeMemory) {
        this(seed, initialK, maxK, tolerance, maxPasses, freeMemory, p -> { });
    }

    private MatrixFreeSolver(long seed, int initialK, int maxK, double tolerance, int maxPasses,
                             Supplier<FreeMemory> freeMemory, Consumer<Progress> progress) {
        this(seed, initialK, maxK, tolerance, maxPasses, freeMemory, progress, null);
    }

    private MatrixFreeSolver(long seed, int initialK, int maxK, double tolerance, int maxPasses,
                             Supplier<FreeMemory> freeMemory, Consumer<Progress> progress,
                             Supplier<org.sgdvi.core.device.GpuOrderAlgebra> blocks) {
        if (initialK < 1 || maxK < initialK) {
            throw new IllegalArgumentException("k = " + initialK + ", k_max = " + maxK + "; expected 1 <= k <= k_max");
        }
        if (!(tolerance > 0) || maxPasses < 1) {
            throw new IllegalArgumentException("tolerance = " + tolerance + ", maxPasses = " + maxPasses
                    + "; expected tolerance > 0 and at least one pass");
        }
        this.seed = seed;
        this.initialK = initialK;
        this.maxK = maxK;
        this.tolerance = tolerance;
        this.maxPasses = maxPasses;
        this.freeMemory = freeMemory;
        this.progress = progress;
        this.blocks = blocks;
    }

    /** The same solver, reporting every pass to {@code listener}. */
    public MatrixFreeSolver withProgress(Consumer<Progress> listener) {
        return new MatrixFreeSolver(seed, initialK, maxK, tolerance, maxPasses, freeMemory, listener, blocks);
    }

    /**
     * The same solver with the block products G V and G^T (G V) of float32 gradients on {@code algebra}
     * (opened for one solve and closed after it; the CUDA 13 path), the gradients centred on the host.
     */
    public MatrixFreeSolver withBlockProducts(Supplier<org.sgdvi.core.device.GpuOrderAlgebra> algebra) {
        return new MatrixFreeSolver(seed, initialK, maxK, tolerance, maxPasses, freeMemory, progress, algebra);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The block size used while k values are wanted: max(4, ceil(k/4)), at most {@link #MAX_BLOCK}. */
    public static long blockFor(long k) {
        return Math.min(MAX_BLOCK, Math.max(4, (k + 3) / 4));
    }

    /**
     * The top (algebraically largest) Ritz pairs of any symmetric operator, with the Ritz vectors.
     *
     * @param values the top k Ritz values, descending
     * @param vectors the Ritz vectors [d, k], orthonormal, in the operator's data type
     * @param residuals ||A x_i - theta_i x_i|| recomputed explicitly from the formed vectors (one more block product)
     * @param converged whether every residual met the target before the pass budget ran out
     * @param passes the block products in all, the residual check included
     * @param tolerance the residual target relative to |theta_1|
     */
    public record Eigenpairs(double[] values, INDArray vectors, double[] residuals, boolean converged, int passes,
                             double tolerance) {
    }

    /**
     * The top k eigenpairs of a symmetric operator (the most negative ones are the top ones of -A) by the same
     * block Lanczos as {@link #solve}, with k fixed (no doubling: the operator need not have low rank) and the
     * Ritz vectors formed and checked at the end.
     */
    public Eigenpairs topEigenpairs(SymmetricOperator op, int k) {
        long d = op.dimension();
        int kk = (int) Math.min(k, d);
        Lanczos run = lanczos(op, op, d, kk, kk, 0, kk, false);
        int p = Math.min(kk, run.theta.length);
        return new Eigenpairs(Arrays.copyOf(run.theta, p), run.vectors, run.checked, run.converged && p == kk,
                op.passes(), run.tol);
    }

    /**
     * Both ends of a symmetric operator's spectrum from ONE block Krylov space, and that space's block Gauss
     * quadrature.
     *
     * @param top            the k algebraically largest Ritz pairs (values descending), as {@link #topEigenpairs}
     * @param bottom         the k most negative Ritz pairs as the top pairs of -A (values -lambda, descending), the
     *                       vectors those of A
     * @param ritzValues     all M Ritz values of the final basis, descending
     * @param startWeights   [M, b]: column j holds (s_l^T c_j)^2 / ||z_j||^2, the weights of start vector z_j on the
     *                       Ritz values (c_j = Q^T z_j; each column sums to 1)
     * @param blockSteps     block products in the Krylov recurrence (the explicit check's pass not included)
     * @param orthogonality  max |Q^T Q - I| of the final basis
     * @param startResidual  ||Q_1 R_1 - Z||_F / ||Z||_F, how well the first block reproduces the start block
     * @param startCoefficients R_1 = Q_1^T Z [b, b] in double
     * @param firstBlock     Q_1^T A Q_1 [b, b] in double, from the first block product
     * @param images         A [x_top, x_bottom] [d, 2k] in the operator's data type: the products of the check pass
     */
    public record Extremes(Eigenpairs top, Eigenpairs bottom, double[] ritzValues, INDArray startWeights,
                           int blockSteps, double orthogonality, double startResidual, INDArray startCoefficients,
                           INDArray firstBlock, INDArray images) {
    }

    /**
     * The k largest and the k most negative eigenpairs of {@code op} from one block Lanczos run started at the
     * columns of {@code start} (the Krylov space of A is that of -A, so one run serves both ends). Runs until the
     * residuals of both ends are below the target relative to ||A|| = max(|theta_1|, |theta_M|), and at least
     * {@code minBlockSteps} block products; the 2k Ritz vectors are formed and their residuals recomputed in one
     * more block product.
     *
     * @param start  the start block [d, b] (b the block size), e.g. Rademacher vectors for the quadrature
     * @param log    one line per pass
     */
    public Extremes extremeEigenpairs(SymmetricOperator op, int k, INDArray start, int minBlockSteps,
                                      Consumer<String> log) {
        long started = System.nanoTime();
        long d = op.dimension();
        int b = (int) start.columns();
        int kk = (int) Math.min(k, d / 2);
        if (kk < 1 || b < 1 || start.rows() != d) {
            throw new IllegalArgumentException("extreme eigenpairs: k = " + k + ", start block " + start.rows() + " x "
                    + b + " for d = " + d + "; expected 1 <= k <= d / 2 and a [d, b] block");
        }
        DataType dtype = op.dataType();
        double eps = SpectrumStatistics.machineEpsilon(dtype);
        double tol = tolerance(tolerance, d, eps);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray z = start.castTo(DataType.DOUBLE);
        INDArray next = start.castTo(dtype).dup();
        SymmetricEigen.orthonormalize(next);
        INDArray q1 = next.castTo(DataType.DOUBLE);
        INDArray r1 = q1.transpose().mmul(z);
        double startResidual = q1.mmul(r1).subi(z).norm2Number().doubleValue()
                / Math.max(z.norm2Number().doubleValue(), Double.MIN_NORMAL);
        double[] zNorms = z.norm2(0).toDoubleVector();
        List<INDArray> basis = new ArrayList<>();
        INDArray h = null;
        long m = 0;
        int steps = 0;
        double[] theta;
        INDArray s;
        boolean converged;
        double[] res;
        INDArray firstBlock = null;
        try {
            while (true) {
                INDArray y = op.apply(next);
                long width = next.columns();
                basis.add(next);
                h = grownRayleighRitz(h, basis, y);
                if (steps == 0) {
                    firstBlock = h.dup();
                }
                m += width;
                steps++;
                SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(h, SymmetricEigen.Order.DESCENDING);
                theta = eig.values();
                s = eig.vectors();
                long room = d - m;
                if (room == 0) {
                    next = null;
                    res = new double[(int) m];
                } else {
                    next = nextBlock(y, basis, Math.min(room, b), rng);
                    res = residuals(next, y, s, m, width, (int) m);
                }
                y.close();
                double scale = Math.max(Math.abs(theta[0]), Math.abs(theta[(int) m - 1]));
                double largest = 0;
                if (m >= 2L * kk) {
                    for (int i = 0; i < kk; i++) {
                        largest = Math.max(largest, Math.max(res[i], res[(int) m - 1 - i]));
                    }
                } else {
                    largest = Double.POSITIVE_INFINITY;
                }
                converged = largest <= tol * scale;
                log.accept(String.format(java.util.Locale.ROOT, "pass %d: basis %d, theta_1 %.6g, theta_M %.6g, "
                                + "largest residual of both ends %.2e ||A|| (target %.1e), %.1f s", op.passes(), m,
                        theta[0], theta[(int) m - 1], scale > 0 ? largest / scale : 0, tol,
                        (System.nanoTime() - started) / 1e9));
                if ((converged && steps >= minBlockSteps) || room == 0 || op.passes() >= maxPasses) {
                    converged |= room == 0;
                    break;
                }
            }
            int mm = (int) m;
            long[] ends = new long[2 * kk];
            for (int i = 0; i < kk; i++) {
                ends[i] = i;
                ends[kk + i] = mm - 1 - i;
            }
            INDArray coefficients = s.getColumns(Arrays.stream(ends).mapToInt(x -> (int) x).toArray());
            INDArray x = ritzVectors(basis, coefficients, dtype, 2 * kk);
            double[] wanted = new double[2 * kk];
            for (int i = 0; i < 2 * kk; i++) {
                wanted[i] = theta[(int) ends[i]];
            }
            INDArray images = op.apply(x);
            double[] checked = new double[2 * kk];
            for (int i = 0; i < 2 * kk; i++) {
                checked[i] = images.getColumn(i).sub(x.getColumn(i).mul(wanted[i])).norm2Number().doubleValue();
            }
            double[] topValues = Arrays.copyOf(wanted, kk);
            double[] bottomValues = new double[kk];
            for (int i = 0; i < kk; i++) {
                bottomValues[i] = -wanted[kk + i];
            }
            INDArray topVectors = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, kk)).dup();
            INDArray bottomVectors = x.get(NDArrayIndex.all(), NDArrayIndex.interval(kk, 2 * kk)).dup();
            int passes = op.passes();
            Eigenpairs top = new Eigenpairs(topValues, topVectors, Arrays.copyOf(checked, kk), converged, passes, tol);
            Eigenpairs bottom = new Eigenpairs(bottomValues, bottomVectors, Arrays.copyOfRange(checked, kk, 2 * kk),
                    converged, passes, tol);
            INDArray coordinates = s.get(NDArrayIndex.interval(0, b), NDArrayIndex.all()).transpose().mmul(r1);
            INDArray weights = coordinates.muli(coordinates).diviRowVector(
                    Nd4j.createFromArray(zNorms).reshape(1, b).muli(Nd4j.createFromArray(zNorms).reshape(1, b)));
            return new Extremes(top, bottom, theta, weights, steps, orthogonality(basis), startResidual, r1, firstBlock, images);
        } finally {
            release(next, basis, h);
        }
    }

    /** Frees a Lanczos run's off-heap arrays: the pending block, the basis and the Rayleigh quotient. */
    private static void release(INDArray next, List<INDArray> basis, INDArray h) {
        if (next != null) {
            next.close();
        }
        basis.forEach(INDArray::close);
        if (h != null) {
            h.close();
        }
    }

    /** max |Q_i^T Q_j - delta_ij| over the blocks of the basis. */
    private static double orthogonality(List<INDArray> basis) {
        double worst = 0;
        for (int i = 0; i < basis.size(); i++) {
            for (int j = 0; j <= i; j++) {
                INDArray g = Nd4j.gemm(basis.get(i), basis.get(j), true, false).castTo(DataType.DOUBLE);
                if (i == j) {
                    g.subi(Nd4j.eye(g.rows()).castTo(DataType.DOUBLE));
                }
                worst = Math.max(worst, Transforms.abs(g, false).maxNumber().doubleValue());
            }
        }
        return worst;
    }

    /** Products with the diffusion matrix D of {@code input} (eq. (2), streamed or dense) as an operator. */
    public static SymmetricOperator diffusionOperator(SpectrumInput input) {
        return new DiffusionOperator(input);
    }

    /**
     * What one block Lanczos run leaves: Ritz values (all m of the final basis, descending) and the recurrence
     * residuals of the top min(k, m), the explicitly recomputed residuals of the checked pairs and their vectors
     * [d, checked], the final wanted count k, whether the run converged, and the residual target relative to theta_1.
     */
    record Lanczos(double[] theta, double[] residuals, double[] checked, INDArray vectors, long k, boolean converged,
                   double tol) {

        /** The number of Ritz pairs the run reports, min(k, m). */
        int reported() {
            return (int) Math.min(k, theta.length);
        }

        /** What the reported pairs say about the eigenvalues not reported, for a d x d operator of rank at most capRank. */
        SpectrumResult.Tail tail(long d, long capRank, double eps) {
            return MatrixFreeSolver.tail(theta, reported(), k, d, capRank, threshold(theta, d, eps));
        }
    }

    /**
     * The block Lanczos of {@link #solve} on any symmetric operator: k starts at the solver's k and doubles
     * while the k-th Ritz value is above numpy's rank threshold theta_1 d eps, up to {@code limit}; the
     * vectors of all the reported pairs are formed and their residuals recomputed with {@code check}, a
     * product with the same matrix that need not share the Lanczos operator's code path. The run stops
     * unconverged as soon as the limit-th Ritz value is above the threshold (the rank exceeds the limit).
     */
    Lanczos toRankThreshold(SymmetricOperator op, SymmetricOperator check, long limit) {
        long d = op.dimension();
        long cap = Math.max(1, Math.min(d, limit));
        return lanczos(op, check, d, Math.min(initialK, cap), cap, 0, Integer.MAX_VALUE, true);
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        if (blocks == null || !input.hasGradients() || input.dataType() != DataType.FLOAT) {
            return solve(input, null);
        }
        try (org.sgdvi.core.device.GpuOrderAlgebra algebra = blocks.get()) {
            return solve(input, algebra);
        }
    }

    private SpectrumResult solve(SpectrumInput input, org.sgdvi.core.device.GpuOrderAlgebra algebra) {
        long start = System.nanoTime();
        DiffusionOperator op = new DiffusionOperator(input, algebra);
        long d = input.dimension();
        DataType dtype = input.dataType();
        long capRank = input.hasGradients() ? Math.min(d, input.exampleCount()) : d;
        double eps = SpectrumStatistics.machineEpsilon(dtype);
        long chunkRows = input.hasGradients() ? input.gradients().chunkRowsHint() : 0;
        Lanczos run = lanczos(op, op, capRank, Math.min(initialK, capRank), Math.min(capRank, maxK), chunkRows, CHECKED_PAIRS,
                false);
        run.vectors.close();
        double[] theta = run.theta;
        long k = run.k;
        int kk = (int) Math.min(k, theta.length);
        SpectrumResult.Tail tail = tail(theta, kk, k, d, capRank, threshold(theta, d, eps));
        return new SpectrumResult(NAME, d, dtype, Arrays.copyOf(theta, kk), tail, Arrays.copyOf(run.residuals, kk),
                run.converged && kk == k, input.takePasses(), (System.nanoTime() - start) / 1e9,
                new SpectrumResult.Reference(input.exampleCount(), op.trace(), op.frobeniusSquared(), run.checked, run.tol));
    }

    private Lanczos lanczos(SymmetricOperator op, SymmetricOperator check, long capRank, long initial, long limit,
                            long chunkRows, int checkedPairs, boolean giveUpAtLimit) {
        long start = System.nanoTime();
        long d = op.dimension();
        DataType dtype = op.dataType();
        double eps = SpectrumStatistics.machineEpsilon(dtype);
        double tol = tolerance(tolerance, d, eps);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);

        long k = initial;
        List<INDArray> basis = new ArrayList<>();
        long m = 0;
        INDArray h = null;
        double[] theta = new double[0];
        double[] residuals = new double[0];
        boolean converged = false;
        int previousAbove = -1;
        INDArray next = null;
        INDArray lastVectors = null;
        double[] checked = new double[0];
        INDArray formed = Nd4j.create(dtype, d, 0);
        try {
            while (true) {
                long now = next == null ? Math.min(blockFor(k), d) : next.columns();
                long following = Math.max(now, blockFor(Math.min(2 * k, limit)));
                MemoryEstimate need = MemoryEstimate.matrixFree(d, m, following, chunkRows, dtype);
                if (!need.fits(freeMemory.get())) {
                    if (next == null) {
                        need.requireFits(freeMemory.get());
                    }
                    break;
                }
                if (next == null) {
                    next = Nd4j.create(dtype, d, now);
                    Nd4j.randn(0.0, 1.0, next, rng);
                    SymmetricEigen.orthonormalize(next);
                }
                INDArray y = op.apply(next);
                long b = next.columns();
                basis.add(next);
                h = grownRayleighRitz(h, basis, y);
                m += b;
                SymmetricEigen.Decomposition eig = SymmetricEigen.decompose(h, SymmetricEigen.Order.DESCENDING);
                theta = eig.values();
                lastVectors = eig.vectors();
                double threshold = threshold(theta, d, eps);
                while (m >= k && k < limit && theta[(int) k - 1] > threshold) {
                    k = Math.min(2 * k, limit);
                }
                // theta_k <= lambda_k (interlacing): once the limit-th Ritz value is above the threshold, the rank
                // exceeds the limit whatever more passes would find
                boolean beyondLimit = giveUpAtLimit && m >= k && k == limit && k < d && theta[(int) k - 1] > threshold;
                int kk = (int) Math.min(k, m);
                long room = d - m;
                if (room == 0) {
                    next = null;
                    residuals = new double[kk];
                } else {
                    next = nextBlock(y, basis, Math.min(room, Math.max(b, blockFor(k))), rng);
                    residuals = residuals(next, y, eig.vectors(), m, b, kk);
                }
                y.close();
                double scale = Math.abs(theta[0]);
                double largest = largestAboveThreshold(residuals, theta, threshold);
                // Krylov methods can converge before they have found every eigenvalue of a cluster, so the
                // count above the threshold must also hold still for one more pass
                int above = countAbove(theta, kk, threshold);
                converged = m >= k && largest <= tol * scale && above == previousAbove;
                previousAbove = above;
                progress.accept(new Progress(op.passes(), m, k, theta[kk - 1], threshold,
                        scale > 0 ? largest / scale : 0, tol, (System.nanoTime() - start) / 1e9));
                if (converged || room == 0 || op.passes() >= maxPasses || beyondLimit) {
                    converged |= room == 0;
                    break;
                }
            }
            if (lastVectors != null && theta.length > 0) {
                formed = ritzVectors(basis, lastVectors, op.dataType(), (int) Math.min(checkedPairs, Math.min(k, theta.length)));
                checked = explicitResiduals(check, formed, theta);
            }
        } finally {
            release(next, basis, h);
        }
        return new Lanczos(theta, residuals, checked, formed, k, converged, tol);
    }

    /**
     * ||D x_i - theta_i x_i|| for the top {@code p} Ritz vectors x_i = Q s_i, formed explicitly and
     * multiplied by D in one more pass over the gradients: an independent check of the residuals the
     * block recurrence reports (which assume the basis stayed orthonormal).
     */
    private static double[] explicitResiduals(SymmetricOperator op, INDArray x, double[] theta) {
        int p = (int) x.columns();
        if (FaultInjection.active(MIX_RITZ_VECTORS) && p >= 2) {
            // x_1 <- 0.8 x_1 + 0.6 x_2: still a unit vector, no longer an eigenvector
            INDArray mixed = x.getColumn(0).mul(0.8).addi(x.getColumn(1).mul(0.6));
            x.putColumn(0, mixed);
        }
        INDArray y = op.apply(x);
        double[] out = new double[p];
        for (int i = 0; i < p; i++) {
            INDArray r = y.getColumn(i).sub(x.getColumn(i).mul(theta[i]));
            out[i] = r.norm2Number().doubleValue();
            r.close();
        }
        y.close();
        return out;
    }

    /** The top p Ritz vectors x_i = Q s_i, [d, p]. */
    private static INDArray ritzVectors(List<INDArray> basis, INDArray vectors, DataType dtype, int p) {
        long d = basis.get(0).rows();
        INDArray x = Nd4j.create(dtype, d, p);
        long row = 0;
        for (INDArray q : basis) {
            long width = q.columns();
            INDArray coefficients = vectors.get(NDArrayIndex.interval(row, row + width), NDArrayIndex.interval(0, p))
                    .castTo(dtype);
            Nd4j.gemm(q, coefficients, x, false, false, 1.0, 1.0);
            coefficients.close();
            row += width;
        }
        return x;
    }

    /**
     * The residual target actually used, relative to theta_1: the requested one, but no finer than
     * 100 eps, nor than sqrt(d) eps, the rounding level of the d-term dot products inside every
     * product D V (about 8e-5 in float32 at d = 431,080).
     */
    static double tolerance(double requested, long d, double eps) {
        return Math.max(requested, Math.max(100 * eps, Math.sqrt((double) d) * eps));
    }

    /**
     * The largest residual among the Ritz pairs not yet known to be below numpy's rank threshold: a
     * pair with theta_i + r_i <= threshold approximates an eigenvalue that counts as zero, which float
     * arithmetic resolves no better than the dense solver; every other pair must meet the target.
     */
    private static double largestAboveThreshold(double[] residuals, double[] theta, double threshold) {
        double largest = 0;
        for (int i = 0; i < residuals.length; i++) {
            if (theta[i] + residuals[i] > threshold) {
                largest = Math.max(largest, residuals[i]);
            }
        }
        return largest;
    }

    private static int countAbove(double[] theta, int kk, double threshold) {
        int count = 0;
        while (count < kk && theta[count] > threshold) {
            count++;
        }
        return count;
    }

    /** What the returned top kk say about the rest. */
    private static SpectrumResult.Tail tail(double[] theta, int kk, long k, long d, long capRank, double threshold) {
        if (kk == k && kk > 0 && theta[kk - 1] <= threshold) {
            return SpectrumResult.Tail.BELOW_THRESHOLD;
        }
        if (kk == k && k >= d) {
            return SpectrumResult.Tail.NONE;
        }
        if (kk == k && k >= capRank) {
            return SpectrumResult.Tail.ZERO;
        }
        return SpectrumResult.Tail.UNKNOWN;
    }

    private static double threshold(double[] values, long d, double eps) {
        return values.length == 0 ? 0 : Math.abs(values[0]) * d * eps;
    }

    /** H = Q^T D Q for the basis whose last block's image is {@code y}, grown from the previous H. */
    private static INDArray grownRayleighRitz(INDArray previous, List<INDArray> basis, INDArray y) {
        long old = previous == null ? 0 : previous.rows();
        long size = old + y.columns();
        INDArray h = Nd4j.create(DataType.DOUBLE, size, size);
        if (previous != null) {
            h.get(NDArrayIndex.interval(0, old), NDArrayIndex.interval(0, old)).assign(previous);
            previous.close();
        }
        long row = 0;
        for (INDArray q : basis) {
            long width = q.columns();
            INDArray c = q.transpose().mmul(y).castTo(DataType.DOUBLE);
            h.get(NDArrayIndex.interval(row, row + width), NDArrayIndex.interval(old, size)).assign(c);
            h.get(NDArrayIndex.interval(old, size), NDArrayIndex.interval(row, row + width)).assign(c.transpose());
            row += width;
        }
        return h;
    }

    /**
     * An orthonormal basis of (I - Q Q^T) [Y, R] with {@code width - y.columns()} Gaussian columns R
     * appended (none when width equals the block): block Gram-Schmidt twice with Householder QR, and
     * once more for a column that lost more than half its norm to the second projection.
     * When width is smaller than the block (the basis is about to span R^d), the columns are all
     * Gaussian and span the orthogonal complement of Q.
     */
    private static INDArray nextBlock(INDArray y, List<INDArray> basis, long width, Random rng) {
        long b = y.columns();
        INDArray w = Nd4j.create(y.dataType(), y.rows(), width);
        if (width < b) {
            Nd4j.randn(0.0, 1.0, w, rng);
        } else {
            w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, b)).assign(y);
            if (width > b) {
                INDArray extra = Nd4j.create(y.dataType(), y.rows(), width - b);
                Nd4j.randn(0.0, 1.0, extra, rng);
                w.get(NDArrayIndex.all(), NDArrayIndex.interval(b, width)).assign(extra);
                extra.close();
            }
        }
        project(w, basis);
        SymmetricEigen.orthonormalize(w);
        for (int pass = 0; pass < 3; pass++) {
            project(w, basis);
            double smallest = w.norm2(0).minNumber().doubleValue();
            SymmetricEigen.orthonormalize(w);
            if (smallest > 0.5) {
                break;
            }
        }
        return w;
    }

    /** W = W - Q_i (Q_i^T W) for every block of the basis, in place. */
    private static void project(INDArray w, List<INDArray> basis) {
        for (INDArray q : basis) {
            INDArray c = Nd4j.gemm(q, w, true, false);
            Nd4j.gemm(q, c, w, false, false, -1.0, 1.0);
            c.close();
        }
    }

    /**
     * ||B_j s_i^{(j)}|| for the top kk Ritz vectors, B_j = Q_{j+1}^T Y_j: the last b rows of s_i
     * are the last block's coefficients.
     */
    private static double[] residuals(INDArray next, INDArray y, INDArray vectors, long m, long b, int kk) {
        INDArray coupling = Nd4j.gemm(next, y, true, false).castTo(DataType.DOUBLE);
        INDArray last = vectors.get(NDArrayIndex.interval(m - b, m), NDArrayIndex.interval(0, kk));
        return coupling.mmul(last).norm2(0).toDoubleVector();
    }
}
