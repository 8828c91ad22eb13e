package org.sgdvi.core.trajectory;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Amplitude spectrum of a weight's increments (the paper's Fig. 3, Remarks 17/18): for a series
 * x_0..x_{T-1} with n = T - 1 increments dx_k = x_{k+1} - x_k, the amplitudes
 * |X_m| = |sum_k dx_k exp(-2 pi i m k / n)| for m = 0..floor(n/2), i.e. numpy
 * {@code abs(rfft(diff(x)))}, at the frequencies m / n cycles per snapshot (numpy
 * {@code rfftfreq(n)}; with one snapshot per epoch, 1/epoch).
 *
 * <p>Brownian motion has white increments, hence a flat expected power |X_m|^2 = n sigma^2;
 * SGD's iterates show extra low-frequency power. Computed with JTransforms
 * {@link DoubleFFT_1D#realForward(double[])}, whose packed output is unpacked for even and odd n.
 * An instance is tied to one series length and reused across weights (not thread-safe).
 */
public final class IncrementSpectrum {

    private final int length;
    private final int increments;
    private final DoubleFFT_1D fft;

    /**
     * @param length number of snapshots T of each series (at least 2)
     */
    public IncrementSpectrum(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("the spectrum of increments needs at least 2 snapshots, got " + length);
        }
        this.length = length;
        this.increments = length - 1;
        this.fft = new DoubleFFT_1D(increments);
    }

    /** numpy {@code rfftfreq(n)}: m / n for m = 0..floor(n/2). */
    public static double[] rfftFrequencies(int n) {
        double[] f = new double[n / 2 + 1];
        for (int m = 0; m < f.length; m++) {
            f[m] = (double) m / n;
        }
        return f;
    }

    /** The frequencies of this spectrum: {@code rfftFrequencies(T - 1)}. */
    public double[] frequencies() {
        return rfftFrequencies(increments);
    }

    /** Amplitudes |rfft(diff(series))|, length floor((T-1)/2) + 1. */
    public double[] amplitudes(double[] series) {
        if (series.length != length) {
            throw new IllegalArgumentException("series has " + series.length + " snapshots, expected " + length);
        }
        double[] a = new double[increments];
        for (int k = 0; k < increments; k++) {
            a[k] = series[k + 1] - series[k];
        }
        fft.realForward(a);
        return unpackAmplitudes(a);
    }

    /**
     * Unpacks the output of {@code realForward} on n values into |X_m|, m = 0..floor(n/2).
     * JTransforms packing: a[0] = Re X_0; for even n a[1] = Re X_{n/2}; for odd n
     * a[1] = Im X_{(n-1)/2} and a[n-1] = Re X_{(n-1)/2}; otherwise a[2m] = Re X_m, a[2m+1] = Im X_m.
     */
    static double[] unpackAmplitudes(double[] a) {
        int n = a.length;
        double[] amp = new double[n / 2 + 1];
        amp[0] = Math.abs(a[0]);
        if (n == 1) {
            return amp;
        }
        if (n % 2 == 0) {
            for (int m = 1; m < n / 2; m++) {
                amp[m] = Math.hypot(a[2 * m], a[2 * m + 1]);
            }
            amp[n / 2] = Math.abs(a[1]);
        } else {
            int last = (n - 1) / 2;
            for (int m = 1; m < last; m++) {
                amp[m] = Math.hypot(a[2 * m], a[2 * m + 1]);
            }
            amp[last] = Math.hypot(a[n - 1], a[1]);
        }
        return amp;
    }

    /** Mean and std over all weights of the amplitudes, per frequency. */
    public static SpectrumSummary summarize(TrajectoryMatrix trajectory) {
        IncrementSpectrum spectrum = new IncrementSpectrum(trajectory.length());
        RunningMoments moments = new RunningMoments((trajectory.length() - 1) / 2 + 1);
        for (int i = 0; i < trajectory.dimension(); i++) {
            moments.add(spectrum.amplitudes(trajectory.series(i)));
        }
        return new SpectrumSummary(spectrum.increments, spectrum.frequencies(), moments.mean(), moments.std(),
                moments.count());
    }
}
