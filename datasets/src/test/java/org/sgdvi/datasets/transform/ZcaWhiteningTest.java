package org.sgdvi.datasets.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.SplitMix64;

class ZcaWhiteningTest {
    /** Points (1,0), (-1,0), (0,2), (0,-2) shifted by (5, 7): covariance diag(1/2, 2). */
    private static ImageDataset cross() {
        float[] px = {6, 7, 4, 7, 5, 9, 5, 5};
        return new ImageDataset("cross", 1, 1, 2, 1, px, new int[4]);
    }

    @Test
    void handComputedDiagonalCase() {
        ZcaWhitening z = ZcaWhitening.fit(cross(), 0.0);
        // W = diag(1/sqrt(1/2), 1/sqrt(2)) = diag(sqrt 2, 1/sqrt 2); mean (5, 7)
        INDArray w = z.matrix();
        assertThat(w.getDouble(0, 0)).isCloseTo(Math.sqrt(2), within(1e-9));
        assertThat(w.getDouble(1, 1)).isCloseTo(1 / Math.sqrt(2), within(1e-9));
        assertThat(w.getDouble(0, 1)).isCloseTo(0, within(1e-9));
        float[] out = z.apply(cross()).images();
        assertThat(out[0]).isCloseTo((float) Math.sqrt(2), within(1e-6f));
        assertThat(out[1]).isCloseTo(0f, within(1e-6f));
        assertThat(out[5]).isCloseTo((float) Math.sqrt(2), within(1e-6f)); // (0, 2) -> (0, 2/sqrt 2)
        ZcaWhitening reg = ZcaWhitening.fit(cross(), 0.5);
        // W = diag(1/sqrt(1/2 + 1/2), 1/sqrt(2 + 1/2))
        assertThat(reg.matrix().getDouble(0, 0)).isCloseTo(1.0, within(1e-9));
        assertThat(reg.matrix().getDouble(1, 1)).isCloseTo(1 / Math.sqrt(2.5), within(1e-9));
    }

    /** Correlated 5-feature data: x = A z with z standard normal-ish (sum of uniforms). */
    private static ImageDataset correlated(int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[][] a = {{2, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {0.5, -1, 3, 0, 0}, {0, 0.2, 0.1, 0.5, 0}, {1, 1, 1, 1, 1}};
        float[] px = new float[n * 5];
        for (int i = 0; i < n; i++) {
            double[] z = new double[5];
            for (int k = 0; k < 5; k++) {
                z[k] = rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5;
            }
            for (int r = 0; r < 5; r++) {
                double v = 3;
                for (int k = 0; k < 5; k++) {
                    v += a[r][k] * z[k];
                }
                px[i * 5 + r] = (float) v;
            }
        }
        return new ImageDataset("corr", 1, 1, 5, 1, px, new int[n]);
    }

    private static double[][] covariance(float[] x, int n, int d) {
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mu[j] += x[i * d + j] / (double) n;
            }
        }
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[j][k] += (x[i * d + j] - mu[j]) * (x[i * d + k] - mu[k]) / n;
                }
            }
        }
        return c;
    }

    @Test
    void whitenedTrainingCovarianceIsTheIdentityAndWIsSymmetric() {
        ImageDataset train = correlated(4000, 1);
        ZcaWhitening z = ZcaWhitening.fit(train, 0.0);
        double[][] c = covariance(z.apply(train).images(), 4000, 5);
        INDArray w = z.matrix();
        for (int j = 0; j < 5; j++) {
            for (int k = 0; k < 5; k++) {
                assertThat(c[j][k]).isCloseTo(j == k ? 1.0 : 0.0, within(1e-4));
                assertThat(w.getDouble(j, k)).isCloseTo(w.getDouble(k, j), within(1e-9));
            }
        }
    }

    @Test
    void wSatisfiesWTimesRegularisedCovarianceTimesWEqualsIdentity() {
        ImageDataset train = correlated(500, 2);
        double eps = 0.3;
        INDArray w = ZcaWhitening.fit(train, eps).matrix();
        double[][] c = covariance(train.images(), 500, 5);
        double[][] creg = new double[5][5];
        for (int j = 0; j < 5; j++) {
            for (int k = 0; k < 5; k++) {
                creg[j][k] = c[j][k] + (j == k ? eps : 0);
            }
        }
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                double s = 0;
                for (int j = 0; j < 5; j++) {
                    for (int k = 0; k < 5; k++) {
                        s += w.getDouble(a, j) * creg[j][k] * w.getDouble(k, b);
                    }
                }
                assertThat(s).isCloseTo(a == b ? 1.0 : 0.0, within(1e-5));
            }
        }
    }

    @Test
    void validationIsTransformedWithTheTrainingFit() {
        ImageDataset train = correlated(800, 3);
        ZcaWhitening z = ZcaWhitening.fit(train, 1e-2);
        int[] first = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] wholeTrain = z.apply(train).images();
        float[] val = z.apply(train.subset(first)).images();
        for (int i = 0; i < val.length; i++) {
            assertThat(val[i]).isCloseTo(wholeTrain[i], within(1e-5f));
        }
        // a fit on those ten examples alone would centre them: their whitened mean would be 0
        double m = 0;
        for (int i = 0; i < 10; i++) {
            m += val[i * 5 + 2];
        }
        ZcaWhitening own = ZcaWhitening.fit(train.subset(first), 1e-2);
        double ownMean = 0;
        float[] ownOut = own.apply(train.subset(first)).images();
        for (int i = 0; i < 10; i++) {
            ownMean += ownOut[i * 5 + 2];
        }
        assertThat(Math.abs(ownMean / 10)).isLessThan(1e-4);
        assertThat(Math.abs(m / 10 - ownMean / 10)).isGreaterThan(1e-3);
    }
}
