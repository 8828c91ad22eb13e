package org.sgdvi.core.trajectory;

import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.ChannelIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads float32/float64 {@code .npy} files (either byte order, C or Fortran order) made by numpy
 * or by this toolkit, validating the header with {@link NpyHeader}. Preferred over
 * {@code Nd4j.createFromNpyFile}, which transposes Fortran-order files silently and aborts the
 * JVM on big-endian ones.
 */
public final class NpyReader {

    private static final int BLOCK_BYTES = 4 << 20;

    private NpyReader() {
    }

    /**
     * Reads a 2-D array of shape [T, d] as a column-major trajectory (float32 data stay float32
     * in memory: 4 T d bytes; float64 data take 8 T d bytes).
     *
     * @throws IOException if the file is not a 2-D float32/float64 .npy (the message names the file
     *                     and the field) or is truncated
     */
    public static TrajectoryMatrix readMatrix(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader h = NpyHeader.read(ch, file);
            long[] shape = h.shape();
            if (shape.length != 2) {
                throw new IOException(file + ": field 'shape' is " + Arrays.toString(shape)
                        + ", expected a 2-D array [T snapshots, d weights]");
            }
            int t = checkedInt(shape[0], file);
            int d = checkedInt(shape[1], file);
            if (h.elementBytes() == 4) {
                float[][] columns = new float[d][t];
                read(ch, h, file, t, d, (row, col, buffer) -> columns[col][row] = buffer.getFloat());
                return TrajectoryMatrix.ofColumns(columns);
            }
            double[][] columns = new double[d][t];
            read(ch, h, file, t, d, (row, col, buffer) -> columns[col][row] = buffer.getDouble());
            return TrajectoryMatrix.ofColumns(columns);
        }
    }

    /**
     * Reads a vector: a 1-D array, or a 2-D array with one row or one column.
     *
     * @throws IOException if the file is not such a float32/float64 .npy
     */
    public static double[] readVector(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader h = NpyHeader.read(ch, file);
            long[] shape = h.shape();
            boolean vector = shape.length == 1 || (shape.length == 2 && (shape[0] == 1 || shape[1] == 1));
            if (!vector) {
                throw new IOException(file + ": field 'shape' is " + Arrays.toString(shape)
                        + ", expected a vector (n,), (n, 1) or (1, n)");
            }
            int n = checkedInt(h.elementCount(), file);
            double[] values = new double[n];
            int eb = h.elementBytes();
            read(ch, h, file, n, 1, (row, col, buffer) -> values[row] = eb == 4 ? buffer.getFloat() : buffer.getDouble());
            return values;
        }
    }

    /**
     * Reads a 2-D array as rows[k][i] in double precision (small files: metadata, scalars).
     */
    public static double[][] readRows(Path file) throws IOException {
        TrajectoryMatrix m = readMatrix(file);
        double[][] rows = new double[m.length()][m.dimension()];
        for (int i = 0; i < m.dimension(); i++) {
            double[] s = m.series(i);
            for (int k = 0; k < s.length; k++) {
                rows[k][i] = s[k];
            }
        }
        return rows;
    }

    private interface ElementSink {
        void take(int row, int col, ByteBuffer buffer);
    }

    /** Streams the data of a [rows, cols] array in storage order to {@code sink}. */
    private static void read(FileChannel ch, NpyHeader h, Path file, int rows, int cols, ElementSink sink)
            throws IOException {
        int eb = h.elementBytes();
        long total = (long) rows * cols;
        // Storage order: C = row-major (inner index = column), Fortran = column-major.
        int inner = h.fortranOrder() ? rows : cols;
        long innerBytes = (long) inner * eb;
        long elementsPerBlock = Math.max(1, BLOCK_BYTES / Math.max(1, innerBytes)) * inner;
        long done = 0;
        ByteBuffer buffer = null;
        while (done < total) {
            int count = (int) Math.min(elementsPerBlock, total - done);
            if (buffer == null || buffer.capacity() < count * eb) {
                buffer = ByteBuffer.allocate(count * eb);
            }
            buffer.clear().limit(count * eb);
            buffer.order(h.byteOrder());
            ChannelIo.readFully(ch, buffer, h.dataOffset() + done * eb, file);
            buffer.flip();
            for (int e = 0; e < count; e++) {
                long flat = done + e;
                int outer = (int) (flat / inner);
                int in = (int) (flat % inner);
                if (h.fortranOrder()) {
                    sink.take(in, outer, buffer);
                } else {
                    sink.take(outer, in, buffer);
                }
            }
            done += count;
        }
    }

    private static int checkedInt(long value, Path file) throws IOException {
        if (value > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": dimension " + value + " is too large for a Java array");
        }
        return (int) value;
    }
}
