package org.sgdvi.core.spectrum;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The paper's numbers from the eigenvalues of D (its Figs. 1-2, Remarks 15 and 16).
 *
 * <ul>
 *   <li>rank: numpy.linalg.matrix_rank's rule, the number of |lambda_i| above
 *       threshold = max_i |lambda_i| * d * eps, eps the machine epsilon of the accumulation type
 *       (float32 1.1920929e-07, float64 2.220446049250313e-16);</li>
 *   <li>mean and population standard deviation (numpy's np.std, ddof = 0) over ALL d eigenvalues,
 *       the ones not computed counted as zeros;</li>
 *   <li>a {@link LogHistogram} from the threshold to lambda_max;</li>
 *   <li>the normalized temperature (eta / b) * mean(lambda) of Remark 15 and the architecture score
 *       rank/d + var(lambda) of Remark 16.</li>
 * </ul>
 *
 * @param dimension d
 * @param lambdaMax max |lambda_i|
 * @param epsilon the machine epsilon used
 * @param threshold lambdaMax * d * epsilon
 * @param rank the number of |lambda_i| > threshold
 * @param mean (1/d) sum lambda_i
 * @param std sqrt((1/d) sum (lambda_i - mean)^2)
 * @param histogram log-spaced histogram of the clipped eigenvalues
 */
public record SpectrumStatistics(long dimension, double lambdaMax, double epsilon, double threshold, long rank,
                                 double mean, double std, LogHistogram histogram) {

    /** The default number of histogram bins. */
    public static final int DEFAULT_BINS = 50;

    /** numpy.finfo(dtype).eps for FLOAT (float32) and DOUBLE (float64); HALF for completeness. */
    public static double machineEpsilon(DataType dtype) {
        return switch (dtype) {
            case FLOAT -> Math.ulp(1.0f);
            case DOUBLE -> Math.ulp(1.0);
            case HALF -> 9.765625e-4;
            default -> throw new IllegalArgumentException("data type " + dtype + " has no machine epsilon; expected FLOAT or DOUBLE");
        };
    }

    /** Statistics of a solver's result, with the epsilon of its accumulation type and {@link #DEFAULT_BINS} bins. */
    public static SpectrumStatistics of(SpectrumResult result) {
        return of(result, DEFAULT_BINS);
    }

    /**
     * Statistics of a solver's result with the epsilon of its accumulation type. When the result says so
     * ({@link SpectrumResult.Reference#momentsFromNorms()}), the mean and std come from the trace and the
     * Frobenius norm of D, which count all d eigenvalues exactly as numpy's mean and std over eigh's
     * output do: mean = tr D / d and std^2 = ||D||_F^2 / d - mean^2 (sum lambda_i = tr D, sum lambda_i^2 =
     * ||D||_F^2 for the symmetric D of eq. (2)); lambda_max, the rank and the histogram need only the
     * eigenvalues above the threshold, which such a result holds.
     */
    public static SpectrumStatistics of(SpectrumResult result, int bins) {
        SpectrumStatistics s = of(result.eigenvalues(), result.dimension(), machineEpsilon(result.dataType()), bins);
        if (!result.reference().momentsFromNorms()) {
            return s;
        }
        double trace = result.trace();
        double squares = result.frobeniusSquared();
        if (!Double.isFinite(trace) || !Double.isFinite(squares)) {
            throw new IllegalStateException("the " + result.solver() + " result takes its mean and std from tr D = " + trace
                    + " and ||D||_F^2 = " + squares + "; expected both finite");
        }
        long d = result.dimension();
        double mean = trace / d;
        // in double; by Cauchy-Schwarz over the r eigenvalues that carry the trace, mean^2 <= (r / d) ||D||_F^2 / d,
        // so for a low-rank D the subtraction costs at most a factor d / (d - r) of relative precision
        double variance = Math.max(0, squares / d - mean * mean);
        return new SpectrumStatistics(d, s.lambdaMax(), s.epsilon(), s.threshold(), s.rank(), mean, Math.sqrt(variance),
                s.histogram());
    }

    /**
     * Statistics of d eigenvalues of which {@code eigenvalues} were computed and the remaining
     * d - eigenvalues.length are zero.
     *
     * @param eigenvalues the computed eigenvalues, any order
     * @param dimension d, at least eigenvalues.length
     * @param epsilon the machine epsilon of the accumulation type
     * @param bins the number of histogram bins
     */
    public static SpectrumStatistics of(double[] eigenvalues, long dimension, double epsilon, int bins) {
        if (dimension < Math.max(1, eigenvalues.length)) {
            throw new IllegalArgumentException("dimension d = " + dimension + " but " + eigenvalues.length
                    + " eigenvalues were given; expected d >= the number of eigenvalues and d >= 1");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("histogram bins = " + bins + ", expected at least 1");
        }
        double lambdaMax = 0;
        double sum = 0;
        for (double v : eigenvalues) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("eigenvalue " + v + " is not finite; expected finite eigenvalues");
            }
            lambdaMax = Math.max(lambdaMax, Math.abs(v));
            sum += v;
        }
        double threshold = lambdaMax * dimension * epsilon;
        long rank = 0;
        for (double v : eigenvalues) {
            if (Math.abs(v) > threshold) {
                rank++;
            }
        }
        double mean = sum / dimension;
        long zeros = dimension - eigenvalues.length;
        double squares = zeros * mean * mean;
        for (double v : eigenvalues) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / dimension);
        return new SpectrumStatistics(dimension, lambdaMax, epsilon, threshold, rank, mean, std,
                histogram(eigenvalues, zeros, threshold, lambdaMax, bins));
    }

    /** rank / d (the paper reports it in percent). */
    public double rankFraction() {
        return (double) rank / dimension;
    }

    /** The population variance of the eigenvalues, std^2. */
    public double variance() {
        return std * std;
    }

    /**
     * Remark 15: the normalized temperature (eta / b) * (1/d) sum_k lambda_k(D), which should be held
     * constant across hyper-parameters, architectures and data sets.
     */
    public double normalizedTemperature(double learningRate, long batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size b = " + batchSize + ", expected at least 1");
        }
        return learningRate / batchSize * mean;
    }

    /** Remark 16: the architecture score rank(D)/d + var(lambda(D)). */
    public double architectureScore() {
        return rankFraction() + variance();
    }

    private static LogHistogram histogram(double[] eigenvalues, long zeros, double threshold, double lambdaMax, int bins) {
        long[] counts = new long[bins];
        double[] edges = new double[bins + 1];
        if (!(threshold > 0) || !(lambdaMax > threshold)) {
            // every eigenvalue is zero (or at the threshold): one degenerate bin holds them all
            java.util.Arrays.fill(edges, threshold);
            counts[0] = zeros + eigenvalues.length;
            return new LogHistogram(edges, counts);
        }
        double lo = Math.log10(threshold);
        double hi = Math.log10(lambdaMax);
        for (int i = 0; i <= bins; i++) {
            edges[i] = Math.pow(10, lo + (hi - lo) * i / bins);
        }
        edges[0] = threshold;
        edges[bins] = lambdaMax;
        counts[0] += zeros;
        for (double v : eigenvalues) {
            double clipped = Math.max(v, threshold);
            int bin = (int) Math.floor((Math.log10(clipped) - lo) / (hi - lo) * bins);
            counts[Math.min(Math.max(bin, 0), bins - 1)]++;
        }
        return new LogHistogram(edges, counts);
    }
}
