package org.sgdvi.core.trajectory;

import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.ChannelIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Writes little-endian C-order {@code .npy} files (format 1.0, see {@link NpyHeader})
 * atomically through {@link AtomicFiles}; numpy reads them with {@code np.load}.
 */
public final class NpyWriter {

    private NpyWriter() {
    }

    /** Writes rows[k][i] as a float32 array of shape [rows.length, d]. */
    public static void writeFloat32(Path target, float[][] rows) throws IOException {
        int d = TrajectoryViews.checkRectangular(rows.length, k -> rows[k].length);
        byte[] header = NpyHeader.littleEndianC(4, rows.length, d).encode();
        AtomicFiles.write(target, ch -> {
            ChannelIo.writeFully(ch, ByteBuffer.wrap(header), target);
            ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : rows) {
                row.clear();
                row.asFloatBuffer().put(r);
                ChannelIo.writeFully(ch, row, target);
            }
        });
    }

    /** Writes rows[k][i] as a float64 array of shape [rows.length, d]. */
    public static void writeFloat64(Path target, double[][] rows) throws IOException {
        int d = TrajectoryViews.checkRectangular(rows.length, k -> rows[k].length);
        byte[] header = NpyHeader.littleEndianC(8, rows.length, d).encode();
        AtomicFiles.write(target, ch -> {
            ChannelIo.writeFully(ch, ByteBuffer.wrap(header), target);
            ByteBuffer row = ByteBuffer.allocate(8 * d).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] r : rows) {
                row.clear();
                row.asDoubleBuffer().put(r);
                ChannelIo.writeFully(ch, row, target);
            }
        });
    }

    /** Writes a float64 vector of shape [n]. */
    public static void writeFloat64(Path target, double[] values) throws IOException {
        byte[] header = NpyHeader.littleEndianC(8, values.length).encode();
        ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().put(values);
        AtomicFiles.write(target, ch -> {
            ChannelIo.writeFully(ch, ByteBuffer.wrap(header), target);
            ChannelIo.writeFully(ch, data, target);
        });
    }
}
