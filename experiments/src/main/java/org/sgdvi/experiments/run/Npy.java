package org.sgdvi.experiments.run;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.trajectory.NpyHeader;
import org.sgdvi.core.trajectory.NpyReader;

/** Reads and writes NumPy {@code .npy} files through ND4J's own codec, atomically on write. */
public final class Npy {

    private Npy() {
    }

    /** Writes {@code array} in C order to {@code target} (temp file + rename). */
    public static void write(Path target, INDArray array) {
        INDArray c = array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
        AtomicFiles.write(target, out -> Nd4j.writeAsNumpy(c, out));
    }

    /** Reads a {@code .npy} file, failing with the file's name when it is missing or unreadable. */
    public static INDArray read(Path file) {
        File f = file.toFile();
        if (!f.isFile()) {
            throw new UncheckedIOException(new NoSuchFileException(file + ": no such .npy file"));
        }
        try {
            // ND4J's reader ignores fortran_order and aborts on big-endian data: read those through
            // the toolkit's own header parser, and let ND4J take the common C-order little-endian case
            NpyHeader header;
            try {
                header = NpyHeader.read(file);
            } catch (IOException notFloat) {
                if (notFloat.getMessage() != null && notFloat.getMessage().contains("'descr'")) {
                    // integer and boolean arrays (labels): ND4J reads those in C order
                    return Nd4j.createFromNpyFile(f);
                }
                throw notFloat;
            }
            if (header.fortranOrder() || header.byteOrder() == java.nio.ByteOrder.BIG_ENDIAN || header.shape().length > 2) {
                if (header.shape().length > 2) {
                    throw new IllegalArgumentException(file + ": field shape = " + java.util.Arrays.toString(header.shape())
                            + ", expected 1 or 2 dimensions");
                }
                return Nd4j.createFromArray(NpyReader.readRows(file));
            }
            return Nd4j.createFromNpyFile(f);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable .npy file (expected a NumPy v1/v2 header with "
                    + "dtype float32/float64/int and C order): " + e.getMessage(), e);
        }
    }
}
