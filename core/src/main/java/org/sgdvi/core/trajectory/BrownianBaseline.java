package org.sgdvi.core.trajectory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The null model of Remarks 17/18: for each (or a seeded sample of) weight i of a trajectory,
 * a Gaussian random walk b^i_0 = x^i_0, b^i_{k+1} = b^i_k + sigma_i z_k with z_k iid N(0, 1)
 * and sigma_i the population standard deviation of the trajectory's own increments
 * x^i_{k+1} - x^i_k. It has the trajectory's length and per-weight increment variance but
 * white increments, so its increment spectrum is flat in expectation.
 *
 * <p>Series are regenerated on demand from independent per-weight seeds drawn from {@code seed}
 * (no T x d storage) and are the same for the same seed, whatever the order in which they are
 * requested.
 */
public final class BrownianBaseline implements TrajectoryMatrix {

    private final int length;
    private final int[] weights;
    private final double[] start;
    private final double[] incrementStd;
    private final long[] seeds;

    private BrownianBaseline(int length, int[] weights, double[] start, double[] incrementStd, long[] seeds) {
        this.length = length;
        this.weights = weights;
        this.start = start;
        this.incrementStd = incrementStd;
        this.seeds = seeds;
    }

    /**
     * A baseline for {@code trajectory}.
     *
     * @param maxWeights use all weights if {@code maxWeights <= 0} or {@code >= d}, otherwise a
     *                   seeded uniform sample of that many weights (sorted)
     * @param seed       seed of the weight sample and of the walks
     */
    public static BrownianBaseline matching(TrajectoryMatrix trajectory, int maxWeights, long seed) {
        if (trajectory.length() < 2) {
            throw new IllegalArgumentException("a baseline needs at least 2 snapshots, got " + trajectory.length());
        }
        int d = trajectory.dimension();
        SplittableRandom random = new SplittableRandom(seed);
        int[] chosen;
        if (maxWeights <= 0 || maxWeights >= d) {
            chosen = new int[d];
            Arrays.setAll(chosen, i -> i);
        } else {
            int[] all = new int[d];
            Arrays.setAll(all, i -> i);
            for (int j = 0; j < maxWeights; j++) {
                int pick = j + random.nextInt(d - j);
                int tmp = all[j];
                all[j] = all[pick];
                all[pick] = tmp;
            }
            chosen = Arrays.copyOf(all, maxWeights);
            Arrays.sort(chosen);
        }
        double[] start = new double[chosen.length];
        double[] std = new double[chosen.length];
        // Independent random 64-bit seeds per walk. (Seeds differing by multiples of SplittableRandom's
        // golden gamma, such as seed ^ (gamma * (i + 1)), would give shifted copies of one stream.)
        long[] seeds = new long[chosen.length];
        for (int j = 0; j < chosen.length; j++) {
            seeds[j] = random.nextLong();
        }
        for (int j = 0; j < chosen.length; j++) {
            double[] x = trajectory.series(chosen[j]);
            start[j] = x[0];
            std[j] = incrementStd(x);
        }
        return new BrownianBaseline(trajectory.length(), chosen, start, std, seeds);
    }

    /** Population standard deviation (ddof = 0) of the increments x_{k+1} - x_k. */
    public static double incrementStd(double[] x) {
        int n = x.length - 1;
        double mean = (x[n] - x[0]) / n;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double dev = x[k + 1] - x[k] - mean;
            sum += dev * dev;
        }
        return Math.sqrt(sum / n);
    }

    /** Indices (into the source trajectory) of the weights this baseline imitates. */
    public int[] weights() {
        return weights.clone();
    }

    /** sigma_i for each baseline weight. */
    public double[] incrementStd() {
        return incrementStd.clone();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int dimension() {
        return weights.length;
    }

    @Override
    public double[] series(int weight) {
        java.util.Objects.checkIndex(weight, weights.length);
        SplittableRandom random = new SplittableRandom(seeds[weight]);
        double[] b = new double[length];
        b[0] = start[weight];
        double sigma = incrementStd[weight];
        for (int k = 1; k < length; k++) {
            b[k] = b[k - 1] + sigma * random.nextGaussian();
        }
        return b;
    }
}
