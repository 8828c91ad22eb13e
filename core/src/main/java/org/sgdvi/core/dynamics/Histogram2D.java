package org.sgdvi.core.dynamics;

/**
 * Counts of points per cell of a {@link Grid2D}, plus one bin for everything outside the box.
 * Compared with a reference distribution by total variation
 * TV = (1/2) (sum_cells |p_hat - p| + |p_hat_out - p_out|).
 */
public final class Histogram2D {

    private final Grid2D grid;
    private final long[] counts;
    private long outside;
    private long total;

    public Histogram2D(Grid2D grid) {
        this.grid = grid;
        this.counts = new long[grid.size()];
    }

    public Grid2D grid() {
        return grid;
    }

    /** Adds one point. */
    public void add(double x1, double x2) {
        int a = grid.cellOf(x1);
        int b = grid.cellOf(x2);
        if (a < 0 || b < 0) {
            outside++;
        } else {
            counts[grid.index(a, b)]++;
        }
        total++;
    }

    /** Adds every particle of the ensemble at its current position. */
    public void add(ParticleEnsemble e) {
        for (int i = 0; i < e.size(); i++) {
            add(e.x1[i], e.x2[i]);
        }
    }

    public long total() {
        return total;
    }

    public long outside() {
        return outside;
    }

    /** Empirical probability of each cell (flat index of {@link Grid2D}). */
    public double[] probabilities() {
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = counts[i] / (double) total;
        }
        return p;
    }

    /**
     * Total variation distance to a reference with cell probabilities {@code reference} (same
     * layout); the reference's mass outside the box is 1 - sum(reference).
     */
    public double totalVariation(double[] reference) {
        if (reference.length != counts.length) {
            throw new IllegalArgumentException("Histogram2D: reference has " + reference.length
                    + " cells, expected " + counts.length);
        }
        if (total == 0) {
            throw new IllegalStateException("Histogram2D: empty histogram");
        }
        double s = 0;
        double inside = 0;
        for (int i = 0; i < counts.length; i++) {
            s += Math.abs(counts[i] / (double) total - reference[i]);
            inside += reference[i];
        }
        s += Math.abs(outside / (double) total - Math.max(0.0, 1.0 - inside));
        return 0.5 * s;
    }

    /**
     * Expected TV of n independent draws from {@code reference} against {@code reference}
     * itself (the sampling floor), by the normal approximation of each binomial count:
     * E|p_hat - p| ~ sqrt(2 p (1 - p) / (pi n)).
     */
    public static double expectedSamplingTv(double[] reference, long n) {
        double s = 0;
        double inside = 0;
        for (double p : reference) {
            s += Math.sqrt(2.0 * p * (1.0 - p) / (Math.PI * n));
            inside += p;
        }
        double out = Math.max(0.0, 1.0 - inside);
        s += Math.sqrt(2.0 * out * (1.0 - out) / (Math.PI * n));
        return 0.5 * s;
    }
}
