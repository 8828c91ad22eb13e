package org.sgdvi.core.device;

import java.util.function.Consumer;

/**
 * D(x) and all its eigenvalues through a {@link GpuOrderAlgebra}, in the GPU's order (the paper's
 * eq. (2); divisor N with replacement, N - 1 without):
 * <pre>
 *   s      = the mean of the first chunk (a shift, so that float32 does not cancel)
 *   C      = (1/c) sum_chunks (X - 1 s^T)^T (X - 1 s^T)        one SYRK per streamed chunk
 *   C     -= (N/c) (gbar - s)(gbar - s)^T                       one rank-1 mean correction
 *   lambda = syevd(C)                                            all d eigenvalues
 * </pre>
 * so C = (1/c) sum_k (g_k - gbar)(g_k - gbar)^T exactly. The per-example gradients stay on the
 * host; gbar and tr D = (sum_k ||g_k - s||^2 - N ||gbar - s||^2) / c are summed there in double,
 * independently of the device's product, and ||D||_F^2 is read from the device before syevd, so that
 * the eigenvalues can be checked against both. No ND4J class is used.
 */
public final class GpuOrderDiffusion {

    /** Receives one chunk: the first {@code rows} rows of a row-major rows x d array, which it may overwrite. */
    @FunctionalInterface
    public interface ChunkConsumer {
        /** @param x the chunk, row-major; the consumer may modify it */
        void accept(float[] x, int rows);
    }

    /** A re-iterable stream of gradient chunks as plain float arrays. */
    public interface Chunks {
        /** d. */
        int dimension();

        /** The largest chunk's rows (for the memory estimate). */
        int maxRows();

        /** One pass over all rows, in order. */
        void forEach(ChunkConsumer consumer);
    }

    /**
     * What the pass found.
     *
     * @param exampleCount N
     * @param mean gbar
     * @param eigenvalues all eigenvalues of D (or of the Gram matrix), descending
     * @param trace tr D summed on the host
     * @param frobeniusSquared ||D||_F^2 read from the accumulator before the eigensolver
     * @param secondsD seconds to form D (transfers and products)
     * @param secondsEigen seconds of the eigensolver
     */
    public record Result(long exampleCount, double[] mean, double[] eigenvalues, double trace, double frobeniusSquared,
                         double secondsD, double secondsEigen) {
    }

    private GpuOrderDiffusion() {
    }

    /**
     * Bytes the dense route needs where the algebra runs: C (d x d), one chunk of {@code chunkRows}
     * rows, a few d-vectors and the eigensolver's workspace (taken as 2 d^2 / 64 + 1 MiB, well above
     * syevd's values-only need), all float32.
     */
    public static long denseBytes(long d, long chunkRows) {
        return Float.BYTES * (d * d + chunkRows * d + 4 * d) + Float.BYTES * (2 * d * d / 64) + (1 << 20);
    }

    /** Bytes the Gram route needs: X (N x d), the N x N Gram matrix, a few vectors and the workspace. */
    public static long gramBytes(long n, long d) {
        return Float.BYTES * (n * d + n * n + 4 * (n + d)) + Float.BYTES * (2 * n * n / 64) + (1 << 20);
    }

    /** Bytes the matrix-free route's block products need: V and Y (d x b), one chunk (rows x d) and T (rows x b). */
    public static long blockBytes(long d, long b, long chunkRows) {
        return Float.BYTES * (2 * d * b + chunkRows * d + chunkRows * b) + (1 << 20);
    }

    /**
     * The dense route.
     *
     * @param algebra where the algebra runs
     * @param chunks the gradients (overwritten chunk by chunk)
     * @param expectedN N, which the stream must hold exactly
     * @param divisor c: N with replacement, N - 1 without
     * @param progress receives one line per stage
     */
    public static Result dense(GpuOrderAlgebra algebra, Chunks chunks, long expectedN, long divisor, Consumer<String> progress) {
        int d = chunks.dimension();
        long t0 = System.nanoTime();
        algebra.begin(d);
        double[] shift = new double[d];
        double[] sum = new double[d];
        double[] squares = {0};
        long[] n = {0};
        boolean[] first = {true};
        double alpha = 1.0 / divisor;
        chunks.forEach((x, rows) -> {
            if (rows == 0) {
                return;
            }
            if (first[0]) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < d; j++) {
                        shift[j] += x[i * d + j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    shift[j] /= rows;
                }
                first[0] = false;
            }
            squares[0] += centre(x, rows, d, shift, sum);
            algebra.syrk(x, rows, alpha);
            n[0] += rows;
        });
        if (n[0] != expectedN) {
            throw new IllegalStateException("the gradient stream has " + n[0] + " rows; expected N = " + expectedN);
        }
        float[] delta = new float[d];
        double[] mean = new double[d];
        double deltaSquared = 0;
        for (int j = 0; j < d; j++) {
            double dj = sum[j] / n[0];
            delta[j] = (float) dj;
            mean[j] = shift[j] + dj;
            deltaSquared += dj * dj;
        }
        algebra.syr(delta, -(double) n[0] / divisor);
        double trace = (squares[0] - n[0] * deltaSquared) / divisor;
        double frob = algebra.frobeniusSquared();
        long t1 = System.nanoTime();
        progress.accept(String.format(java.util.Locale.ROOT, "D (d = %,d, N = %,d) formed on %s in %.2f s", d, n[0],
                algebra.name(), (t1 - t0) / 1e9));
        double[] values = algebra.eigenvalues();
        long t2 = System.nanoTime();
        progress.accept(String.format(java.util.Locale.ROOT, "all %,d eigenvalues (syevd) in %.2f s", d, (t2 - t1) / 1e9));
        return new Result(n[0], mean, values, trace, frob, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /**
     * The Gram route: K = (1/c) Xc Xc^T (N x N) with Xc the rows centred on the known mean; its
     * eigenvalues are the nonzero ones of D.
     */
    public static Result gram(GpuOrderAlgebra algebra, Chunks chunks, int n, double[] mean, long divisor,
                              Consumer<String> progress) {
        int d = chunks.dimension();
        long t0 = System.nanoTime();
        algebra.beginGram(n, d);
        double[] sum = new double[d];
        double[] squares = {0};
        long[] rowsSeen = {0};
        chunks.forEach((x, rows) -> {
            if (rowsSeen[0] + rows > n) {
                throw new IllegalStateException("the gradient stream has more than N = " + n + " rows; expected exactly N");
            }
            squares[0] += centre(x, rows, d, mean, sum);
            algebra.gramRows(x, rows);
            rowsSeen[0] += rows;
        });
        if (rowsSeen[0] != n) {
            throw new IllegalStateException("the gradient stream has " + rowsSeen[0] + " rows; expected N = " + n);
        }
        algebra.gram(1.0 / divisor);
        double frob = algebra.frobeniusSquared();
        long t1 = System.nanoTime();
        progress.accept(String.format(java.util.Locale.ROOT, "Gram matrix (N = %,d, d = %,d) formed on %s in %.2f s", n, d,
                algebra.name(), (t1 - t0) / 1e9));
        double[] values = algebra.eigenvalues();
        long t2 = System.nanoTime();
        progress.accept(String.format(java.util.Locale.ROOT, "all %,d Gram eigenvalues (syevd) in %.2f s", n, (t2 - t1) / 1e9));
        return new Result(n, mean.clone(), values, squares[0] / divisor, frob, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /**
     * x -= 1 s^T in place; adds the centred column sums to {@code sum}; returns the sum of squares.
     * Row blocks run in parallel, each with its own partial sums, merged in block order (the same
     * result on any number of threads).
     */
    private static double centre(float[] x, int rows, int d, double[] shift, double[] sum) {
        int blocks = Math.max(1, Math.min(rows, 4 * Runtime.getRuntime().availableProcessors()));
        int per = (rows + blocks - 1) / blocks;
        double[][] partial = new double[blocks][];
        double[] squares = new double[blocks];
        java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] s = new double[d];
            double q = 0;
            for (int i = b * per; i < Math.min(rows, (b + 1) * per); i++) {
                int base = i * d;
                for (int j = 0; j < d; j++) {
                    float v = (float) (x[base + j] - shift[j]);
                    x[base + j] = v;
                    s[j] += v;
                    q += (double) v * v;
                }
            }
            partial[b] = s;
            squares[b] = q;
        });
        double total = 0;
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < d; j++) {
                sum[j] += partial[b][j];
            }
            total += squares[b];
        }
        return total;
    }
}
