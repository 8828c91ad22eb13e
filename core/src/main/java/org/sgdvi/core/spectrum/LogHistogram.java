package org.sgdvi.core.spectrum;

/**
 * A histogram of eigenvalues on log-spaced bins from the rank threshold to lambda_max, values below
 * the threshold (zeros and round-off included) clipped to it, as in the paper's Figs. 1-2.
 *
 * @param edges bins + 1 increasing edges; bin i is [edges[i], edges[i+1]), the last bin closed
 * @param counts the number of eigenvalues in each bin; they sum to d
 */
public record LogHistogram(double[] edges, long[] counts) {

    /** The number of bins. */
    public int bins() {
        return counts.length;
    }

    /** The total count (d). */
    public long total() {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
