package org.sgdvi.datasets.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.SplitMix64;

/**
 * The self-check of {@link ZcaWhitening}: the whitened training covariance along seeded probes equals
 * C (C + epsilon I)^{-1} (the identity for full-rank data and epsilon = 0), and a fit with two
 * eigenvectors mixed fails it.
 */
class ZcaWhiteningSelfCheckTest {

    /** n rows of d features, x = A z + 3 with z a sum of uniforms; the last feature repeats the first when {@code repeat}. */
    private static ImageDataset data(int n, int d, boolean repeat, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[][] a = new double[d][d];
        for (int r = 0; r < d; r++) {
            for (int k = 0; k <= r; k++) {
                a[r][k] = rng.nextDouble() * 2 - 1 + (r == k ? 1 : 0);
            }
        }
        float[] px = new float[n * d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int k = 0; k < d; k++) {
                z[k] = rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5;
            }
            for (int r = 0; r < d; r++) {
                double v = 3;
                for (int k = 0; k < d; k++) {
                    v += a[r][k] * z[k];
                }
                px[i * d + r] = (float) v;
            }
            if (repeat) {
                px[i * d + d - 1] = px[i * d];
            }
        }
        return new ImageDataset("probe", 1, 1, d, 1, px, new int[n]);
    }

    /** Mean of (x W)_j^2 over rows for the whitened data: the diagonal of the whitened covariance. */
    private static double[] whitenedVariances(ImageDataset whitened) {
        int d = whitened.pixelsPerImage();
        int n = whitened.size();
        float[] x = whitened.images();
        double[] v = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                v[j] += (double) x[i * d + j] * x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            v[j] /= n;
        }
        return v;
    }

    @Test
    void fullRankDataWithoutRegularizerIsWhitenedToTheIdentity() {
        ImageDataset train = data(600, 12, false, 5);
        ZcaWhitening z = ZcaWhitening.fit(train, 0.0);
        ZcaWhitening.SelfCheck c = z.selfCheck();
        assertThat(c.passed()).as("%s", c).isTrue();
        assertThat(c.value()).isLessThan(1e-10);
        // independent: the whitened features have unit variance
        for (double v : whitenedVariances(z.apply(train))) {
            assertThat(v).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void rankDeficientDataWithTheRegularizerPassesAgainstItsExpectedCovariance() {
        ImageDataset train = data(600, 12, true, 6);
        ZcaWhitening z = ZcaWhitening.fit(train, 1e-2);
        ZcaWhitening.SelfCheck c = z.selfCheck();
        assertThat(c.passed()).as("%s", c).isTrue();
        // the repeated feature leaves one direction without variance: the whitened covariance is not I there
        double[] v = whitenedVariances(z.apply(train));
        assertThat(v[0]).isLessThan(0.99);
    }

    @Test
    void mixedEigenvectorsFailTheCheck() {
        ImageDataset train = data(600, 12, false, 5);
        String before = System.getProperty("sgdvi.faultInjection");
        System.setProperty("sgdvi.faultInjection", ZcaWhitening.CORRUPT_EIGENVECTORS);
        try {
            ZcaWhitening.SelfCheck c = ZcaWhitening.fit(train, 1e-2).selfCheck();
            assertThat(c.passed()).as("%s", c).isFalse();
            assertThat(c.value()).isGreaterThan(1e-3);
        } finally {
            if (before == null) {
                System.clearProperty("sgdvi.faultInjection");
            } else {
                System.setProperty("sgdvi.faultInjection", before);
            }
        }
    }
}
