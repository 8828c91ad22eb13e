package org.sgdvi.core.trajectory;

/**
 * Element-wise mean and population standard deviation (numpy {@code std}, ddof = 0) of a
 * stream of equally long vectors, by Welford's update; NaN entries are not allowed.
 */
final class RunningMoments {

    private final double[] mean;
    private final double[] m2;
    private int count;

    RunningMoments(int size) {
        mean = new double[size];
        m2 = new double[size];
    }

    void add(double[] values) {
        count++;
        for (int j = 0; j < mean.length; j++) {
            double delta = values[j] - mean[j];
            mean[j] += delta / count;
            m2[j] += delta * (values[j] - mean[j]);
        }
    }

    int count() {
        return count;
    }

    double[] mean() {
        if (count == 0) {
            return filled(Double.NaN);
        }
        return mean.clone();
    }

    double[] std() {
        if (count == 0) {
            return filled(Double.NaN);
        }
        double[] s = new double[mean.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.sqrt(Math.max(0, m2[j] / count));
        }
        return s;
    }

    private double[] filled(double v) {
        double[] a = new double[mean.length];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
