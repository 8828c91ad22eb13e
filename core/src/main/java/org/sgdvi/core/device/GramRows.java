package org.sgdvi.core.device;

/** The bookkeeping of the Gram route's held n x d matrix, filled row chunk by row chunk (both algebras). */
final class GramRows {

    final int n;
    final int d;
    private long filled;

    GramRows(int n, int d) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("Gram sizes n = " + n + ", d = " + d + "; expected both at least 1");
        }
        this.n = n;
        this.d = d;
    }

    /** Where the next {@code rows} rows go (an element offset); throws when they would exceed n. */
    long claim(int rows) {
        long count = (long) rows * d;
        if (filled + count > (long) n * d) {
            throw new IllegalStateException("the Gram rows exceed n = " + n + "; expected exactly n rows");
        }
        long at = filled;
        filled += count;
        return at;
    }

    /** Throws unless all n rows arrived. */
    void requireComplete() {
        if (filled != (long) n * d) {
            throw new IllegalStateException("the Gram matrix needs all n = " + n + " rows; got " + filled / d);
        }
    }

    /** The element offset for the next {@code rows} rows of {@code held}, which beginGram must have allocated. */
    static long claim(Object held, GramRows g, int rows) {
        if (held == null || g == null) {
            throw new IllegalStateException("gramRows before beginGram; expected beginGram(n, d) first");
        }
        return g.claim(rows);
    }

    /** {@code held}, once all n rows are in it. */
    static <T> T complete(T held, GramRows g) {
        if (held == null || g == null) {
            throw new IllegalStateException("gram before beginGram; expected beginGram(n, d) and n rows first");
        }
        g.requireComplete();
        return held;
    }
}
