package org.sgdvi.datasets.transform;

import org.sgdvi.datasets.ImageDataset;

/**
 * Global contrast normalization, image by image over all its C*H*W values x_1..x_m:
 * <pre>  x_j &lt;- scale * (x_j - mean(x)) / max(minDivisor, sqrt(sqrtBias + var(x)))</pre>
 * with mean(x) = (1/m) sum_j x_j and var(x) = (1/m) sum_j (x_j - mean(x))^2 (population
 * variance). The defaults (scale 1, sqrtBias 0, minDivisor 1e-8) give every image zero mean and
 * unit standard deviation; pylearn2's CIFAR-10 pipeline, which the paper's "global contrast
 * normalized and ZCA whitened" inputs follow, uses scale 55 with the same formula. Needs no
 * fitting, so it treats training and validation images alike.
 *
 * @param scale      output scale
 * @param sqrtBias   added to the variance before the square root
 * @param minDivisor lower bound of the divisor (guards constant images)
 */
public record GlobalContrastNormalization(double scale, double sqrtBias, double minDivisor) {
    /** @return scale 1, sqrtBias 0, minDivisor 1e-8 */
    public static GlobalContrastNormalization defaults() {
        return new GlobalContrastNormalization(1.0, 0.0, 1e-8);
    }

    /**
     * @param data images
     * @return normalized images, same labels
     */
    public ImageDataset apply(ImageDataset data) {
        int m = data.pixelsPerImage();
        float[] x = data.images();
        for (int i = 0; i < data.size(); i++) {
            int o = i * m;
            double mean = 0;
            for (int j = 0; j < m; j++) {
                mean += x[o + j];
            }
            mean /= m;
            double var = 0;
            for (int j = 0; j < m; j++) {
                double d = x[o + j] - mean;
                var += d * d;
            }
            var /= m;
            double div = Math.max(minDivisor, Math.sqrt(sqrtBias + var));
            for (int j = 0; j < m; j++) {
                x[o + j] = (float) (scale * (x[o + j] - mean) / div);
            }
        }
        return ImageDataset.ofOwned(data.name(), data.channels(), data.height(), data.width(), data.numClasses(),
                x, data.labels());
    }

    /** @return provenance text */
    public String describe() {
        return "global contrast normalization (scale " + scale + ", sqrtBias " + sqrtBias + ")";
    }
}
