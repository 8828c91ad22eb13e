package org.sgdvi.datasets.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded, stratified train/validation split: class k with n_k of the N examples gets a
 * validation quota q_k = floor(V n_k / N) plus one for the classes with the largest remainders
 * (ties to the lower class) until the quotas sum to V; within each class a SplitMix64-seeded
 * Fisher-Yates shuffle chooses which examples go to validation. Both index lists are returned in
 * ascending order. The split is a deterministic function of (labels, V, seed).
 */
public final class StratifiedSplit {
    private StratifiedSplit() {
    }

    /**
     * Indices of the two parts.
     *
     * @param train      training indices, ascending
     * @param validation validation indices, ascending
     */
    public record Split(int[] train, int[] validation) {
    }

    /**
     * Proportional allocation by largest remainders: with n_k examples in class k, N = sum n_k and a
     * total of V, class k gets q_k = floor(V n_k / N), and the V - sum q_k examples left over go one
     * each to the classes with the largest remainders V n_k mod N (ties to the lower class). So
     * sum q_k = V and |q_k - V n_k / N| &lt; 1 for every k; q_k &lt;= n_k.
     *
     * @param classSizes n_k, non-negative, not all zero
     * @param total      V, 0 &lt;= V &lt;= N
     * @return q_k per class
     */
    public static int[] proportionalQuotas(int[] classSizes, int total) {
        int numClasses = classSizes.length;
        long n = 0;
        for (int size : classSizes) {
            n += size;
        }
        if (total < 0 || total > n) {
            throw new IllegalArgumentException("quota total must be in [0, " + n + "], got " + total);
        }
        int[] quota = new int[numClasses];
        long[] remainder = new long[numClasses];
        int assigned = 0;
        for (int k = 0; k < numClasses; k++) {
            long num = (long) total * classSizes[k];
            quota[k] = (int) (num / n);
            remainder[k] = num % n;
            assigned += quota[k];
        }
        Integer[] order = new Integer[numClasses];
        for (int k = 0; k < numClasses; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Long.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        for (int r = 0; assigned < total; r++) {
            quota[order[r]]++;
            assigned++;
        }
        return quota;
    }

    /**
     * @param labels          labels in [0, numClasses)
     * @param numClasses      number of classes
     * @param validationCount V, 0 &lt; V &lt; N
     * @param seed            seed
     * @return the split
     */
    public static Split split(int[] labels, int numClasses, int validationCount, long seed) {
        int n = labels.length;
        if (validationCount <= 0 || validationCount >= n) {
            throw new IllegalArgumentException("validation count must be in (0, " + n + "), got " + validationCount);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int k = 0; k < numClasses; k++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get(labels[i]).add(i);
        }
        int[] sizes = new int[numClasses];
        for (int k = 0; k < numClasses; k++) {
            sizes[k] = members.get(k).size();
        }
        int[] quota = proportionalQuotas(sizes, validationCount);
        SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed));
        boolean[] inValidation = new boolean[n];
        for (int k = 0; k < numClasses; k++) {
            int[] m = members.get(k).stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(m);
            for (int j = 0; j < quota[k]; j++) {
                inValidation[m[j]] = true;
            }
        }
        int[] val = new int[validationCount];
        int[] train = new int[n - validationCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (inValidation[i]) {
                val[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new Split(train, val);
    }
}
