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

/**
 * Reads and writes NumPy {@code .npy} files through ND4J's own codec, atomically on write. Reading
 * accepts float32/float64 (either byte order, C or Fortran order) and little-endian integer and
 * boolean arrays; every other dtype (complex, object, unicode, structured, ...) is refused from the
 * header before ND4J's native reader, which crashes the JVM on them, sees the file.
 */
public final class Npy {

    /** The dtypes ({@code descr}) besides float32/float64 handed to ND4J's reader (integers and booleans). */
    private static final java.util.Set<String> INTEGER_DESCRS = java.util.Set.of("|b1", "|i1", "|u1", "<i1", "<u1",
            "<i2", "<i4", "<i8");
    private static final java.util.regex.Pattern DESCR = java.util.regex.Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    /** What the refusal of another dtype names as accepted. */
    public static final String ACCEPTED = "float32 or float64 ('<f4', '<f8', '>f4', '>f8'), or little-endian "
            + "integer or boolean for labels";

    private Npy() {
    }

    /** Writes {@code array} in C order to {@code target} (temp file + rename). */
    public static void write(Path target, INDArray array) {
        INDArray c = array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
        AtomicFiles.write(target, out -> Nd4j.writeAsNumpy(c, out));
    }

    /** The header's {@code descr} when it is a quoted type string (null for a structured dtype). */
    private static String descr(Path file) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        java.util.regex.Matcher m = DESCR.matcher(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return null;
        }
        String d = m.group(1).trim();
        // '=' is native order: little-endian on every platform ND4J's CPU backend runs on
        return d.startsWith("=") ? "<" + d.substring(1) : d;
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
                    // integer and boolean arrays (labels): ND4J reads those in C order; any other dtype
                    // (complex, object, unicode, structured) would crash ND4J's native reader
                    String descr = descr(file);
                    if (descr == null || !INTEGER_DESCRS.contains(descr)) {
                        throw new IllegalArgumentException(file + ": dtype " + (descr == null
                                ? "is structured (field 'descr' is a list of fields)" : "'" + descr + "'")
                                + ", which is not supported; expected " + ACCEPTED);
                    }
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
        } catch (IllegalArgumentException e) {
            if (e.getCause() == null && e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IllegalArgumentException(file + ": not a readable .npy file (expected a NumPy v1/v2 header with "
                    + "dtype float32/float64/int and C order): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable .npy file (expected a NumPy v1/v2 header with "
                    + "dtype float32/float64/int and C order): " + e.getMessage(), e);
        }
    }
}
