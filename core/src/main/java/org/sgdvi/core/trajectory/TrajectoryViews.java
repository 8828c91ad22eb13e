package org.sgdvi.core.trajectory;

import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/** Implementations of {@link TrajectoryMatrix}: a generic column source and the two views. */
final class TrajectoryViews {

    private TrajectoryViews() {
    }

    /** A matrix whose columns come from a function. */
    record Generic(int length, int dimension, IntFunction<double[]> columns) implements TrajectoryMatrix {
        @Override
        public double[] series(int weight) {
            java.util.Objects.checkIndex(weight, dimension);
            return columns.apply(weight);
        }
    }

    static int checkRectangular(int outer, IntUnaryOperator innerLength) {
        if (outer == 0) {
            return 0;
        }
        int n = innerLength.applyAsInt(0);
        for (int k = 1; k < outer; k++) {
            if (innerLength.applyAsInt(k) != n) {
                throw new IllegalArgumentException("a trajectory must be rectangular: array " + k + " has length "
                        + innerLength.applyAsInt(k) + ", array 0 has length " + n);
            }
        }
        return n;
    }

    /** Entry (k, i) of a row-major source: snapshot k, weight i. */
    @FunctionalInterface
    interface RowEntry {
        double at(int k, int i);
    }

    /** Wraps t row arrays whose lengths are given by {@code rowLength}, read through {@code entry}. */
    static TrajectoryMatrix ofRows(int t, IntUnaryOperator rowLength, RowEntry entry) {
        int d = checkRectangular(t, rowLength);
        return new Generic(t, d, i -> {
            double[] s = new double[t];
            for (int k = 0; k < t; k++) {
                s[k] = entry.at(k, i);
            }
            return s;
        });
    }

    static TrajectoryMatrix dropFirst(TrajectoryMatrix m, int rows) {
        if (rows < 0 || rows > m.length()) {
            throw new IllegalArgumentException("cannot drop " + rows + " of " + m.length() + " snapshots");
        }
        if (rows == 0) {
            return m;
        }
        return new Generic(m.length() - rows, m.dimension(),
                i -> java.util.Arrays.copyOfRange(m.series(i), rows, m.length()));
    }

    static TrajectoryMatrix selectWeights(TrajectoryMatrix m, int[] weights) {
        int[] chosen = weights.clone();
        for (int w : chosen) {
            java.util.Objects.checkIndex(w, m.dimension());
        }
        return new Generic(m.length(), chosen.length, i -> m.series(chosen[i]));
    }
}
