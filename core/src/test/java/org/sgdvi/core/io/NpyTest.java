package org.sgdvi.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.trajectory.TrajectoryMatrix;

/**
 * {@link Npy} against bytes written by hand per the NumPy format specification
 * (numpy.lib.format): magic, version, little-endian header length, the dict literal padded to a
 * multiple of 64 with spaces and a newline, then the raw elements.
 */
class NpyTest {

    @TempDir
    Path dir;

    /** Header dict numpy writes for np.save(f, np.zeros((3, 4), '<f4')). */
    private static final String NUMPY_HEADER_3X4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";

    /** A file of the given dict and data, built by hand (format 1.0, or 2.0 when {@code v2}). */
    static byte[] handWritten(String dict, byte[] data, boolean v2) {
        int prefix = v2 ? 12 : 10;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) (v2 ? 2 : 1), 0});
        if (v2) {
            b.putInt(total - prefix);
        } else {
            b.putShort((short) (total - prefix));
        }
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    private static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape
                + ", }";
    }

    /** Values v[r][c] = a function of (r, c) that every dtype can hold exactly (booleans: parity). */
    private static double value(Npy.DType t, int r, int c) {
        int v = 7 * r - 3 * c + (r * c) % 5;
        return switch (t) {
            case BOOL -> (r + c) % 2;
            case UINT8 -> 200 + v;
            case FLOAT32, FLOAT64 -> v + 0.25;
            default -> v;
        };
    }

    /** The raw element bytes of a 3 x 4 array of {@link #value}, in C or Fortran order, by hand. */
    private static byte[] elements(Npy.DType t, ByteOrder order, boolean fortran) {
        int rows = 3;
        int cols = 4;
        ByteBuffer b = ByteBuffer.allocate(rows * cols * t.bytes()).order(order);
        for (int outer = 0; outer < (fortran ? cols : rows); outer++) {
            for (int inner = 0; inner < (fortran ? rows : cols); inner++) {
                int r = fortran ? inner : outer;
                int c = fortran ? outer : inner;
                double v = value(t, r, c);
                switch (t) {
                    case FLOAT32 -> b.putFloat((float) v);
                    case FLOAT64 -> b.putDouble(v);
                    case INT32 -> b.putInt((int) v);
                    case INT64 -> b.putLong((long) v);
                    case INT16 -> b.putShort((short) v);
                    default -> b.put((byte) (int) v);
                }
            }
        }
        return b.array();
    }

    static Stream<Arguments> everyDtypeAndOrder() {
        List<Arguments> cases = new java.util.ArrayList<>();
        String[] descrs = {"<f4", "<f8", "<i4", "<i8", "|b1", "|u1", "|i1", "<i2"};
        for (String descr : descrs) {
            Npy.DType t = Npy.DType.values()[Arrays.asList(descrs).indexOf(descr)];
            for (boolean fortran : new boolean[] {false, true}) {
                cases.add(Arguments.of(descr, t, ByteOrder.LITTLE_ENDIAN, fortran));
                if (t.bytes() > 1) {
                    cases.add(Arguments.of(">" + descr.substring(1), t, ByteOrder.BIG_ENDIAN, fortran));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} fortran={3}")
    @MethodSource("everyDtypeAndOrder")
    void readsEveryDtypeAndOrderWrittenByHand(String descr, Npy.DType t, ByteOrder order, boolean fortran)
            throws IOException {
        Path file = dir.resolve("hand.npy");
        byte[] data = elements(t, order, fortran);
        byte[] bytes = handWritten(dict(descr, fortran, "(3, 4)"), data, false);
        Files.write(file, bytes);

        Npy.Header h = Npy.Header.read(file);
        assertThat(h.dtype()).isEqualTo(t);
        assertThat(h.byteOrder()).isEqualTo(order);
        assertThat(h.fortranOrder()).isEqualTo(fortran);
        assertThat(h.shape()).containsExactly(3, 4);
        assertThat(h.dataOffset()).isEqualTo(bytes.length - data.length).isEqualTo(128);

        INDArray a = Npy.read(file);
        assertThat(a.dataType()).isEqualTo(t.nd4j());
        assertThat(a.shape()).containsExactly(3, 4);
        double[][] rows = Npy.readRows(file);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double expected = value(t, r, c);
                if (t == Npy.DType.BOOL) {
                    assertThat(a.getDouble(r, c) != 0).as("(%d, %d)", r, c).isEqualTo(expected != 0);
                } else {
                    assertThat(a.getDouble(r, c)).as("(%d, %d)", r, c).isEqualTo(expected);
                }
                assertThat(rows[r][c]).isEqualTo(expected);
            }
        }
        if (t == Npy.DType.FLOAT32 || t == Npy.DType.FLOAT64) {
            TrajectoryMatrix m = TrajectoryMatrix.readNpy(file);
            assertThat(m.series(2)).containsExactly(value(t, 0, 2), value(t, 1, 2), value(t, 2, 2));
        } else {
            assertThatThrownBy(() -> TrajectoryMatrix.readNpy(file)).isInstanceOf(Npy.FormatException.class)
                    .hasMessage(file + ": dtype '" + descr + "' (field 'descr') is not a floating-point type; "
                            + "expected float32 or float64 ('<f4', '<f8', '>f4' or '>f8')");
        }
    }

    /** The writer writes one layout (little-endian, C order) of every dtype. */
    static Stream<Arguments> everyDtypeAsWritten() {
        return everyDtypeAndOrder().filter(a -> a.get()[2] == ByteOrder.LITTLE_ENDIAN && !(Boolean) a.get()[3]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDtypeAsWritten")
    void writesEveryDtypeAsTheSpecSaysLittleEndianCOrder(String descr, Npy.DType t, ByteOrder order, boolean fortran)
            throws IOException {
        Path source = dir.resolve("in.npy");
        byte[] expected = handWritten(dict(descr, false, "(3, 4)"), elements(t, order, false), false);
        Files.write(source, expected);
        Path target = dir.resolve("out.npy");
        Npy.write(target, Npy.read(source));
        assertThat(Files.readAllBytes(target)).isEqualTo(expected);
        // a Fortran-order ND4J view is written in C order of its logical shape
        Npy.write(target, Npy.read(source).dup('f'));
        assertThat(Files.readAllBytes(target)).isEqualTo(expected);
    }

    @Test
    void headerMatchesNumpyByteForByte() {
        byte[] h = Npy.Header.of(Npy.DType.FLOAT32, 3, 4).encode();
        assertThat(h.length).isEqualTo(128);
        assertThat(Arrays.copyOf(h, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        assertThat(ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).isEqualTo((short) 118);
        String dict = new String(h, 10, 118, StandardCharsets.US_ASCII);
        assertThat(dict).startsWith(NUMPY_HEADER_3X4).endsWith("\n");
        assertThat(dict.substring(NUMPY_HEADER_3X4.length(), 117)).isBlank();
        assertThat(new String(Npy.Header.of(Npy.DType.FLOAT64, 5).encode(), StandardCharsets.US_ASCII))
                .contains("'descr': '<f8'").contains("'shape': (5,), }");
        assertThat(new String(Npy.Header.of(Npy.DType.BOOL).encode(), StandardCharsets.US_ASCII))
                .contains("'descr': '|b1'").contains("'shape': (), }");
    }

    @Test
    void readsFormatTwoHeadersAndWritesThemWhenTheHeaderIsLong() throws IOException {
        Path file = dir.resolve("v2.npy");
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).putDouble(-2);
        byte[] bytes = handWritten(dict("<f8", false, "(2,)"), data.array(), true);
        Files.write(file, bytes);
        assertThat(Npy.Header.read(file).dataOffset()).isEqualTo(bytes.length - 16);
        assertThat(Npy.readVector(file)).containsExactly(1.5, -2);

        long[] manyDims = new long[30000];
        Arrays.fill(manyDims, 1);
        byte[] h = Npy.Header.of(Npy.DType.INT8, manyDims).encode();
        assertThat(h[6]).isEqualTo((byte) 2);
        assertThat(h.length % 64).isZero();
        assertThat(ByteBuffer.wrap(h, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(h.length - 12);
        Path long2 = dir.resolve("long.npy");
        Files.write(long2, Arrays.copyOf(h, h.length + 1));
        assertThat(Npy.Header.read(long2).shape()).hasSize(30000);
    }

    @Test
    void readsWhatNd4jWritesAndNd4jReadsWhatItWrites() throws IOException {
        INDArray a = Nd4j.linspace(1, 12, 12, DataType.DOUBLE).reshape('c', 3, 4);
        Path file = dir.resolve("nd4j.npy");
        Nd4j.writeAsNumpy(a, file.toFile());
        assertThat(Npy.read(file)).isEqualTo(a);
        Path ours = dir.resolve("ours.npy");
        Npy.write(ours, a.castTo(DataType.FLOAT));
        INDArray back = Nd4j.createFromNpyFile(ours.toFile());
        assertThat(back.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(back.getFloat(2, 3)).isEqualTo(12f);
    }

    @Test
    void javaArraysRoundTripAndWritesAreAtomic() throws IOException {
        Random random = new Random(11);
        float[][] f = new float[5][3];
        double[][] d = new double[4][2];
        for (float[] row : f) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextFloat();
            }
        }
        for (double[] row : d) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        Path ff = dir.resolve("f.npy");
        Npy.write(ff, f);
        assertThat(Npy.read(ff).toFloatMatrix()).isEqualTo(f);
        Path dd = dir.resolve("d.npy");
        Npy.write(dd, d);
        assertThat(Npy.readRows(dd)).isEqualTo(d);
        Path v = dir.resolve("v.npy");
        Npy.write(v, new double[] {1});
        Npy.write(v, new double[] {3, 1, 4});
        assertThat(Npy.readVector(v)).containsExactly(3, 1, 4);
        Npy.write(v, new double[][] {{2}, {7}});
        assertThat(Npy.readVector(v)).containsExactly(2, 7);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f.npy", "d.npy", "v.npy");
        }
    }

    @Test
    void scalarsAndEmptyArrays() throws IOException {
        Path s = dir.resolve("s.npy");
        Files.write(s, handWritten(dict("<i8", false, "()"),
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42).array(), false));
        INDArray scalar = Npy.read(s);
        assertThat(scalar.rank()).isZero();
        assertThat(scalar.getLong(0)).isEqualTo(42);
        Path e = dir.resolve("e.npy");
        Files.write(e, handWritten(dict("<f4", false, "(0, 3)"), new byte[0], false));
        assertThat(Npy.read(e).shape()).containsExactly(0, 3);
        assertThat(Npy.readRows(e)).isEmpty();
    }

    @Test
    void arraysLargerThanOneReadBlockAreReadInEveryOrder() throws IOException {
        int rows = 1100;
        int cols = 1000; // 1.1 M elements: more than one 4 MiB block of float32 and of float64
        for (boolean fortran : new boolean[] {false, true}) {
            for (String descr : new String[] {"<f4", ">f8"}) {
                boolean f4 = descr.endsWith("4");
                ByteBuffer data = ByteBuffer.allocate(rows * cols * (f4 ? 4 : 8))
                        .order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                for (int outer = 0; outer < (fortran ? cols : rows); outer++) {
                    for (int inner = 0; inner < (fortran ? rows : cols); inner++) {
                        int r = fortran ? inner : outer;
                        int c = fortran ? outer : inner;
                        if (f4) {
                            data.putFloat(r * 1000 + c);
                        } else {
                            data.putDouble(r * 1000 + c + 0.5);
                        }
                    }
                }
                Path file = dir.resolve("large.npy");
                Files.write(file, handWritten(dict(descr, fortran, "(" + rows + ", " + cols + ")"), data.array(), false));
                double[][] back = Npy.read(file).toDoubleMatrix();
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        if (back[r][c] != r * 1000 + c + (f4 ? 0 : 0.5)) {
                            throw new AssertionError(descr + " fortran=" + fortran + ": (" + r + ", " + c + ") = "
                                    + back[r][c]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void int64BeyondTwoToThe53Survives() throws IOException {
        Path file = dir.resolve("big.npy");
        long big = (1L << 62) + 1;
        Files.write(file, handWritten(dict("<i8", false, "(1,)"),
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(big).array(), false));
        assertThat(Npy.read(file).getLong(0)).isEqualTo(big);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<c8", "<c16", "|O", "<U5", "|S3", "<f2", "<u2", "<u4", "<u8", "<M8[ns]", "<m8[s]",
        "|V8", "|f8", "<b1x"})
    void refusesEveryOtherDtypeInOneSentence(String descr) throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.write(file, handWritten(dict(descr, false, "(2,)"), new byte[64], false));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(Npy.FormatException.class)
                .hasMessage(file + ": dtype '" + descr + "' (field 'descr') is not supported; expected "
                        + Npy.ACCEPTED);
        assertThatThrownBy(() -> Npy.Header.read(file)).hasMessageContaining("float32 or float64");
    }

    @Test
    void refusesStructuredDtypes() throws IOException {
        Path file = dir.resolve("structured.npy");
        String dict = "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (4,), }";
        Files.write(file, handWritten(dict, new byte[32], false));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(Npy.FormatException.class)
                .hasMessage(file + ": dtype is structured (field 'descr' is a list of fields), which is not "
                        + "supported; expected " + Npy.ACCEPTED);
    }

    @Test
    void refusesTruncatedDataBadMagicWrongRankAndMissingFiles() throws IOException {
        Path truncated = dir.resolve("t.npy");
        Files.write(truncated, handWritten(dict("<f4", false, "(10, 10)"), new byte[100], false));
        assertThatThrownBy(() -> TrajectoryMatrix.readNpy(truncated)).isInstanceOf(Npy.FormatException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, this is not numpy");
        assertThatThrownBy(() -> Npy.read(text)).hasMessageContaining(text.toString()).hasMessageContaining("magic");
        Path vector = dir.resolve("vec.npy");
        Npy.write(vector, new double[] {1, 2});
        assertThatThrownBy(() -> TrajectoryMatrix.readNpy(vector)).hasMessageContaining("'shape'")
                .hasMessageContaining("2-D");
        Path badShape = dir.resolve("shape.npy");
        Files.write(badShape, handWritten(dict("<f4", false, "(2, x)"), new byte[64], false));
        assertThatThrownBy(() -> Npy.read(badShape)).hasMessageContaining(badShape.toString())
                .hasMessageContaining("field 'shape'");
        assertThatThrownBy(() -> Npy.read(dir.resolve("nope.npy"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nope.npy");
    }

    @Test
    void aWriterThatWritesTheWrongNumberOfBytesLeavesTheOldFile() throws IOException {
        Path file = dir.resolve("w.npy");
        Npy.write(file, new double[] {5});
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Npy.write(file, Npy.Header.of(Npy.DType.FLOAT64, 2), ch -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }
}
