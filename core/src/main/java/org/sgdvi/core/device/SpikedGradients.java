package org.sgdvi.core.device;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded synthetic K x d gradient matrix whose diffusion matrix has a known spectrum, generated row
 * by row (any chunk, any machine, the same numbers), for checking D and its eigenvalues at sizes
 * where carrying the matrix is out of the question:
 * <pre>
 *   g_k = mu + H P b_k,   b_k = sqrt(theta) . a_k,   a_k ~ N(0, I_r) (seeded per row)
 * </pre>
 * with mu a seeded offset, P the r columns of the identity picked by a seeded permutation, and H the
 * Householder reflection I - 2 u u^T / ||u||^2 of a seeded u (orthogonal, so every row is dense).
 * Then g_k - gbar = H P (b_k - bbar), and D (eq. (2) of the paper) has exactly the eigenvalues of the
 * r x r sample covariance of the b_k, and d - r zeros: a rank-r matrix whose r eigenvalues are
 * computed independently of D in r dimensions ({@link #coefficients}).
 */
public final class SpikedGradients {

    private final long seed;
    private final int rows;
    private final int dimension;
    private final double[] scale;
    private final int[] coordinates;
    private final double[] u;
    private final double uSquared;
    private final double[] mu;

    /**
     * @param seed seeds every number
     * @param rows K
     * @param dimension d
     * @param theta the population eigenvalues of the r directions (r = theta.length &lt; d)
     */
    public SpikedGradients(long seed, int rows, int dimension, double[] theta) {
        if (theta.length < 1 || theta.length >= dimension || rows < 2) {
            throw new IllegalArgumentException("spiked gradients need 1 <= r < d and K >= 2; got r = " + theta.length
                    + ", d = " + dimension + ", K = " + rows);
        }
        this.seed = seed;
        this.rows = rows;
        this.dimension = dimension;
        this.scale = new double[theta.length];
        for (int j = 0; j < theta.length; j++) {
            scale[j] = Math.sqrt(theta[j]);
        }
        SplittableRandom perm = new SplittableRandom(seed);
        int[] p = IntStream.range(0, dimension).toArray();
        for (int i = dimension - 1; i > 0; i--) {
            int j = perm.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        this.coordinates = java.util.Arrays.copyOf(p, theta.length);
        SplittableRandom ur = new SplittableRandom(seed + 1);
        SplittableRandom mr = new SplittableRandom(seed + 2);
        this.u = new double[dimension];
        this.mu = new double[dimension];
        double s = 0;
        for (int i = 0; i < dimension; i++) {
            u[i] = ur.nextGaussian();
            s += u[i] * u[i];
            mu[i] = 2 * mr.nextDouble() - 1;
        }
        this.uSquared = s;
    }

    /**
     * The spectrum used by the GPU check: five spikes 400, 200, 100, 50, 25 over r - 5 eigenvalues
     * spaced geometrically from 8 down to 2, so that every nonzero eigenvalue of D stays far above
     * numpy's rank threshold lambda_max d eps for d up to about 10^5 in float32.
     */
    public static double[] spikedTheta(int r) {
        double[] spikes = {400, 200, 100, 50, 25};
        double[] t = new double[r];
        for (int j = 0; j < r; j++) {
            t[j] = j < spikes.length ? spikes[j]
                    : 8 * Math.pow(2.0 / 8, (double) (j - spikes.length) / Math.max(1, r - spikes.length - 1));
        }
        return t;
    }

    /** K. */
    public int rows() {
        return rows;
    }

    /** d. */
    public int dimension() {
        return dimension;
    }

    /** r. */
    public int rank() {
        return scale.length;
    }

    /** b_k = sqrt(theta) . a_k, the row's coordinates in the r directions (length r). */
    public void coefficients(int k, double[] out) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 31L * k + 7);
        for (int j = 0; j < scale.length; j++) {
            out[j] = scale[j] * rng.nextGaussian();
        }
    }

    /** Rows [first, first + count) as a row-major float32 array (filled in parallel). */
    public float[] chunk(int first, int count, float[] reuse) {
        if (first < 0 || count < 0 || first + count > rows) {
            throw new IllegalArgumentException("rows [" + first + ", " + (first + count) + ") are outside [0, " + rows + ")");
        }
        float[] x = reuse != null && reuse.length >= count * dimension ? reuse : new float[count * dimension];
        IntStream.range(0, count).parallel().forEach(i -> row(first + i, x, i * dimension));
        return x;
    }

    private void row(int k, float[] x, int offset) {
        double[] b = new double[scale.length];
        coefficients(k, b);
        double dot = 0;
        for (int j = 0; j < b.length; j++) {
            dot += u[coordinates[j]] * b[j];
        }
        double f = 2 * dot / uSquared;
        for (int i = 0; i < dimension; i++) {
            x[offset + i] = (float) (mu[i] - f * u[i]);
        }
        for (int j = 0; j < b.length; j++) {
            int c = coordinates[j];
            x[offset + c] = (float) (mu[c] + b[j] - f * u[c]);
        }
    }

    /** All K rows as chunks of at most {@code chunkRows} rows, for {@link GpuOrderDiffusion}. */
    public GpuOrderDiffusion.Chunks chunks(int chunkRows) {
        return new GpuOrderDiffusion.Chunks() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public int maxRows() {
                return chunkRows;
            }

            @Override
            public void forEach(GpuOrderDiffusion.ChunkConsumer consumer) {
                float[] buffer = null;
                for (int first = 0; first < rows; first += chunkRows) {
                    int m = Math.min(chunkRows, rows - first);
                    buffer = chunk(first, m, buffer);
                    consumer.accept(buffer, m);
                }
            }
        };
    }
}
