package org.sgdvi.datasets.transform;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.datasets.ImageDataset;

/**
 * ZCA whitening fitted on a training set: with mu the per-feature training mean and
 * C = (1/N) sum_k (x_k - mu)(x_k - mu)^T = V diag(lambda) V^T the training covariance
 * (population normalisation, symmetric eigendecomposition by ND4J/LAPACK in double precision),
 * <pre>  W = V diag(1 / sqrt(max(lambda, 0) + epsilon)) V^T,   x &lt;- (x - mu) W</pre>
 * W is symmetric and W (C + epsilon I) W = I, so whitened training features have covariance
 * V diag(lambda / (lambda + epsilon)) V^T (the identity on directions with lambda &gt;&gt; epsilon).
 * epsilon regularises the near-zero eigenvalues; the default 1e-2 is the value used by common
 * CIFAR pipelines on GCN-normalised data. Fit on the training split only and apply the same
 * (mu, W) to the validation split.
 */
public final class ZcaWhitening {
    /** Default eigenvalue regulariser. */
    public static final double DEFAULT_EPSILON = 1e-2;
    private static final int CHUNK = 2048;

    private final double epsilon;
    private final INDArray mean;
    private final INDArray whitening;

    private ZcaWhitening(double epsilon, INDArray mean, INDArray whitening) {
        this.epsilon = epsilon;
        this.mean = mean;
        this.whitening = whitening;
    }

    /**
     * @param train   the training images
     * @param epsilon regulariser added to the eigenvalues, &gt;= 0
     * @return the fitted transform
     */
    public static ZcaWhitening fit(ImageDataset train, double epsilon) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("ZCA epsilon must be >= 0, got " + epsilon);
        }
        int d = train.pixelsPerImage();
        int n = train.size();
        float[] x = train.images();
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mu[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= n;
        }
        INDArray meanRow = Nd4j.create(mu, new long[] {1, d}, DataType.DOUBLE);
        INDArray cov = Nd4j.zeros(DataType.DOUBLE, d, d);
        for (int from = 0; from < n; from += CHUNK) {
            int rows = Math.min(CHUNK, n - from);
            INDArray chunk = rows(x, from, rows, d).castTo(DataType.DOUBLE).subiRowVector(meanRow);
            cov.addi(chunk.transpose().mmul(chunk));
        }
        cov.divi(n);
        INDArray vectors = cov.dup('c');
        INDArray lambda = Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        INDArray scale = Nd4j.create(DataType.DOUBLE, 1, d);
        for (int j = 0; j < d; j++) {
            scale.putScalar(0, j, 1.0 / Math.sqrt(Math.max(lambda.getDouble(j), 0.0) + epsilon));
        }
        if (epsilon == 0) {
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(scale.getDouble(0, j))) {
                    throw new IllegalArgumentException("training covariance of " + train.name()
                            + " is singular: ZCA needs epsilon > 0");
                }
            }
        }
        INDArray w = vectors.mulRowVector(scale).mmul(vectors.transpose());
        return new ZcaWhitening(epsilon, meanRow, w);
    }

    /**
     * @param data images with the training set's feature count
     * @return (x - mu) W for every image, same labels
     */
    public ImageDataset apply(ImageDataset data) {
        int d = data.pixelsPerImage();
        if (d != mean.length()) {
            throw new IllegalArgumentException("ZCA fitted on " + mean.length() + " features cannot whiten "
                    + data.name() + " with " + d);
        }
        int n = data.size();
        float[] x = data.images();
        float[] out = new float[x.length];
        for (int from = 0; from < n; from += CHUNK) {
            int rows = Math.min(CHUNK, n - from);
            INDArray chunk = rows(x, from, rows, d).castTo(DataType.DOUBLE).subiRowVector(mean);
            float[] y = chunk.mmul(whitening).castTo(DataType.FLOAT).data().asFloat();
            System.arraycopy(y, 0, out, from * d, rows * d);
        }
        return ImageDataset.ofOwned(data.name(), data.channels(), data.height(), data.width(), data.numClasses(),
                out, data.labels());
    }

    /** @return the epsilon used */
    public double epsilon() {
        return epsilon;
    }

    /** @return a copy of the per-feature training mean, [1, d] double */
    public INDArray mean() {
        return mean.dup();
    }

    /** @return a copy of the symmetric whitening matrix W, [d, d] double */
    public INDArray matrix() {
        return whitening.dup();
    }

    /** @return provenance text */
    public String describe() {
        return "ZCA whitening (epsilon " + epsilon + ", fitted on the training split)";
    }

    private static INDArray rows(float[] x, int from, int rows, int d) {
        float[] part = java.util.Arrays.copyOfRange(x, from * d, (from + rows) * d);
        return Nd4j.create(part, new long[] {rows, d}, DataType.FLOAT);
    }
}
