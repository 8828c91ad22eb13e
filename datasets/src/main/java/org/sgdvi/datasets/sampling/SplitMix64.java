package org.sgdvi.datasets.sampling;

/**
 * The SplitMix64 pseudo-random generator (Steele, Lea and Flood, OOPSLA 2014; the generator
 * behind {@link java.util.SplittableRandom}) with an explicit, readable 64-bit state so that a
 * sampler can save and restore its position exactly. Each step adds the golden-ratio constant
 * 0x9E3779B97F4A7C15 to the state and returns the state passed through the MurmurHash3-style
 * finalizer {@link #mix(long)}.
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** @param state the initial state (any value, e.g. a seed) */
    public SplitMix64(long state) {
        this.state = state;
    }

    /**
     * Bijective 64-bit finalizer: z ^= z>>>30; z *= 0xBF58476D1CE4E5B9; z ^= z>>>27;
     * z *= 0x94D049BB133111EB; z ^= z>>>31.
     *
     * @param z input
     * @return mixed bits
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the current state; {@code new SplitMix64(state())} continues the same sequence */
    public long state() {
        return state;
    }

    /** @return the next 64 random bits */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * Uniform integer in [0, bound) by rejection on 31-bit draws (no modulo bias).
     *
     * @param bound exclusive upper bound, positive
     * @return the draw
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int bits;
        int val;
        do {
            bits = (int) (nextLong() >>> 33);
            val = bits % bound;
        } while (bits - val + (bound - 1) < 0);
        return val;
    }

    /** @return a uniform double in [0, 1) with 53 random bits */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** @return a fair coin */
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /**
     * Fisher-Yates shuffle of the identity permutation of {@code n} elements.
     *
     * @param n number of elements
     * @return a uniformly random permutation of 0..n-1
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /**
     * In-place Fisher-Yates shuffle.
     *
     * @param a the array
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
