package org.sgdvi.core.trajectory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.io.Npy;

/**
 * A trajectory x_0, ..., x_{T-1} of d weights, seen as a T x d matrix whose row k is snapshot k
 * and whose column i is the time series x^i of weight i (as in the paper's Fig. 3). The analyses
 * read it one weight's series at a time.
 *
 * <p>Implementations wrap row-major {@code double[][]}/{@code float[][]} arrays or an
 * {@link INDArray} without copying, or hold column-major arrays (as produced by
 * {@link #readNpy} and {@link TrajectoryStore#readAsMatrix}).
 */
public interface TrajectoryMatrix {

    /** Number of snapshots T (rows). */
    int length();

    /** Number of weights d (columns). */
    int dimension();

    /** The series x^i_0..x^i_{T-1} of weight {@code weight}, as a new array of length T. */
    double[] series(int weight);

    /** The trajectory without its first {@code rows} snapshots (burn-in), as a view. */
    default TrajectoryMatrix dropFirst(int rows) {
        return TrajectoryViews.dropFirst(this, rows);
    }

    /** The sub-trajectory of the given weights, as a view. */
    default TrajectoryMatrix selectWeights(int[] weights) {
        return TrajectoryViews.selectWeights(this, weights);
    }

    /** Wraps rows[k][i] = x^i_k (all rows the same length; not copied). */
    static TrajectoryMatrix ofRows(double[][] rows) {
        return TrajectoryViews.ofRows(rows.length, k -> rows[k].length, (k, i) -> rows[k][i]);
    }

    /** Wraps rows[k][i] = x^i_k (all rows the same length; not copied). */
    static TrajectoryMatrix ofRows(float[][] rows) {
        return TrajectoryViews.ofRows(rows.length, k -> rows[k].length, (k, i) -> rows[k][i]);
    }

    /** Wraps columns[i][k] = x^i_k (all columns the same length; not copied). */
    static TrajectoryMatrix ofColumns(float[][] columns) {
        int t = TrajectoryViews.checkRectangular(columns.length, i -> columns[i].length);
        return new TrajectoryViews.Generic(t, columns.length, i -> {
            double[] s = new double[t];
            float[] c = columns[i];
            for (int k = 0; k < t; k++) {
                s[k] = c[k];
            }
            return s;
        });
    }

    /** Wraps columns[i][k] = x^i_k (all columns the same length; not copied). */
    static TrajectoryMatrix ofColumns(double[][] columns) {
        int t = TrajectoryViews.checkRectangular(columns.length, i -> columns[i].length);
        return new TrajectoryViews.Generic(t, columns.length, i -> columns[i].clone());
    }

    /**
     * Wraps a rank-2 INDArray of shape [T, d] (any floating data type, any order; not copied).
     *
     * @throws IllegalArgumentException if the array is not a matrix
     */
    static TrajectoryMatrix of(INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("a trajectory must be a [T, d] matrix, got shape "
                    + java.util.Arrays.toString(matrix.shape()));
        }
        int t = Math.toIntExact(matrix.size(0));
        int d = Math.toIntExact(matrix.size(1));
        return new TrajectoryViews.Generic(t, d,
                i -> matrix.getColumn(i).castTo(DataType.DOUBLE).dup('c').toDoubleVector());
    }

    /**
     * Reads a 2-D float32 or float64 {@code .npy} of shape [T, d] (either byte order and memory
     * order) as a column-major trajectory, streaming: float32 data stay float32 in memory
     * (4 T d bytes), float64 data take 8 T d bytes.
     *
     * @throws IOException if the file is not such a .npy (the message names the file and the field)
     */
    static TrajectoryMatrix readNpy(Path file) throws IOException {
        try (FileChannel ch = Npy.open(file)) {
            Npy.Header h = Npy.Header.read(ch, file);
            Npy.requireFloat(h, file);
            long[] shape = h.shape();
            if (shape.length != 2) {
                throw new Npy.FormatException(file + ": field 'shape' is " + java.util.Arrays.toString(shape)
                        + ", expected a 2-D array [T snapshots, d weights]");
            }
            int t = Npy.checkedInt(shape[0], file);
            int d = Npy.checkedInt(shape[1], file);
            if (h.dtype() == Npy.DType.FLOAT32) {
                float[][] columns = new float[d][t];
                Npy.forEachElement(ch, h, file, (i, x) -> columns[(int) (i % d)][(int) (i / d)] = (float) x);
                return ofColumns(columns);
            }
            double[][] columns = new double[d][t];
            Npy.forEachElement(ch, h, file, (i, x) -> columns[(int) (i % d)][(int) (i / d)] = x);
            return ofColumns(columns);
        }
    }
}
