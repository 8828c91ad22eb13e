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
 *
 * <p>C goes to ND4J's {@code Eigen}, not org.sgdvi.core.linalg.SymmetricEigen: datasets does not depend on core.
 *
 * <p>Self-check ({@link #selfCheck()}): the covariance of the whitened training rows (x_k - mu) W,
 * measured on the data along {@value #PROBES} seeded random unit directions z, must equal the
 * expected z^T C (C + epsilon I)^{-1} z = sum_j lambda_j / (lambda_j + epsilon) (v_j . z)^2: the
 * identity where the data has full rank and epsilon = 0, below it by epsilon / (lambda_j + epsilon)
 * along each eigenvector, and 0 along directions without variance. Wrong eigenvectors make
 * W C W differ from that. The value is the largest absolute difference over the probes (each
 * expected value lies in [0, 1]); the tolerance follows the toolkit's rule (c n eps scale, see
 * org.sgdvi.core.check.Checks): 10 (d + sqrt(N)) eps64 (lambda_max + epsilon) / (lambda_min+ + epsilon),
 * the eigendecomposition's backward error (d eps ||C||) and the N-term covariance sums, amplified by
 * ||W||^2 = 1 / (lambda_min+ + epsilon). The check needs one more pass over the training rows.
 */
public final class ZcaWhitening {

    /** Random unit directions of the self-check. */
    public static final int PROBES = 8;

    /** The fault (JVM property sgdvi.faultInjection) that mixes two eigenvectors of C (tests of the self-check). */
    public static final String CORRUPT_EIGENVECTORS = "zca-eigenvectors";

    /**
     * The self-check of a fit.
     *
     * @param value     max over the probes of |z^T Cov((x - mu) W) z - z^T C (C + epsilon I)^{-1} z|
     * @param tolerance 10 (d + sqrt(N)) eps64 (lambda_max + epsilon) / (lambda_min+ + epsilon)
     * @param passed    value &lt;= tolerance
     */
    public record SelfCheck(double value, double tolerance, boolean passed) {
    }

    /** Default eigenvalue regulariser. */
    public static final double DEFAULT_EPSILON = 1e-2;
    private static final int CHUNK = 2048;

    private final double epsilon;
    private final INDArray mean;
    private final INDArray whitening;

    private final SelfCheck selfCheck;

    private ZcaWhitening(double epsilon, INDArray mean, INDArray whitening, SelfCheck selfCheck) {
        this.epsilon = epsilon;
        this.mean = mean;
        this.whitening = whitening;
        this.selfCheck = selfCheck;
    }

    /** The self-check of this fit (see the class comment). */
    public SelfCheck selfCheck() {
        return selfCheck;
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
        String faults = System.getProperty("sgdvi.faultInjection");
        if (faults != null && java.util.Arrays.asList(faults.split(",")).contains(CORRUPT_EIGENVECTORS) && d >= 2) {
            INDArray a = vectors.getColumn(0).dup();
            INDArray b = vectors.getColumn(d - 1).dup();
            vectors.putColumn(0, a.mul(0.8).add(b.mul(0.6)));
            vectors.putColumn(d - 1, a.mul(-0.6).add(b.mul(0.8)));
        }
        INDArray w = vectors.mulRowVector(scale).mmul(vectors.transpose());
        return new ZcaWhitening(epsilon, meanRow, w, check(x, n, d, meanRow, w, vectors, lambda, epsilon));
    }

    /** The probe check of the class comment, from one more pass over the training rows. */
    private static SelfCheck check(float[] x, int n, int d, INDArray meanRow, INDArray w, INDArray vectors,
                                   INDArray lambda, double epsilon) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x2CAL);
        INDArray z = Nd4j.create(DataType.DOUBLE, d, PROBES);
        for (int j = 0; j < d; j++) {
            for (int p = 0; p < PROBES; p++) {
                z.putScalar(j, p, rnd.nextGaussian());
            }
        }
        z.diviRowVector(z.norm2(0));
        INDArray wz = w.mmul(z);
        double[] measured = new double[PROBES];
        for (int from = 0; from < n; from += CHUNK) {
            int rows = Math.min(CHUNK, n - from);
            INDArray y = rows(x, from, rows, d).castTo(DataType.DOUBLE).subiRowVector(meanRow).mmul(wz);
            double[] sq = y.mul(y).sum(0).toDoubleVector();
            for (int p = 0; p < PROBES; p++) {
                measured[p] += sq[p];
            }
        }
        double[] lam = lambda.toDoubleVector();
        INDArray coefficients = vectors.transpose().mmul(z);
        double lMax = 0;
        double lMin = Double.POSITIVE_INFINITY;
        for (double l : lam) {
            lMax = Math.max(lMax, Math.max(l, 0));
            lMin = Math.min(lMin, Math.max(l, 0));
        }
        double value = 0;
        for (int p = 0; p < PROBES; p++) {
            double expected = 0;
            for (int j = 0; j < d; j++) {
                double c = coefficients.getDouble(j, p);
                double l = Math.max(lam[j], 0);
                expected += (l + epsilon > 0 ? l / (l + epsilon) : 0) * c * c;
            }
            double diff = Math.abs(measured[p] / n - expected);
            value = Double.isNaN(diff) ? Double.NaN : Math.max(value, diff);
        }
        double tolerance = 10 * (d + Math.sqrt(n)) * Math.ulp(1.0) * (lMax + epsilon) / Math.max(lMin + epsilon, Double.MIN_NORMAL);
        return new SelfCheck(value, tolerance, value <= tolerance);
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
