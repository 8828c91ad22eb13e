package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyIoTest {

    @TempDir
    Path dir;

    /** Header bytes written by numpy 2.4 for np.save(f, np.zeros((3, 4), '<f4')). */
    private static final String NUMPY_HEADER_3X4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";

    @Test
    void headerMatchesNumpyByteForByte() {
        byte[] h = NpyHeader.littleEndianC(4, 3, 4).encode();
        assertThat(h.length).isEqualTo(128);
        assertThat(Arrays.copyOf(h, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
        assertThat(ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).isEqualTo((short) 118);
        String dict = new String(h, 10, 118, StandardCharsets.US_ASCII);
        assertThat(dict).startsWith(NUMPY_HEADER_3X4).endsWith("\n");
        assertThat(dict.substring(NUMPY_HEADER_3X4.length(), 117)).isBlank();
        assertThat(new String(NpyHeader.littleEndianC(8, 5).encode(), StandardCharsets.US_ASCII))
                .contains("'descr': '<f8'").contains("'shape': (5,), }");
    }

    @Test
    void float32MatrixRoundTripsAndNd4jReadsIt() throws IOException {
        float[][] rows = {{1f, 2.5f, -3f}, {4f, 5f, 6.25f}};
        Path file = dir.resolve("m.npy");
        NpyWriter.writeFloat32(file, rows);
        TrajectoryMatrix m = NpyReader.readMatrix(file);
        assertThat(m.length()).isEqualTo(2);
        assertThat(m.dimension()).isEqualTo(3);
        assertThat(m.series(1)).containsExactly(2.5, 5.0);
        INDArray nd = Nd4j.createFromNpyFile(file.toFile());
        assertThat(nd.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(nd.shape()).containsExactly(2, 3);
        assertThat(nd.getFloat(1, 2)).isEqualTo(6.25f);
    }

    @Test
    void readsWhatNd4jWrites() throws IOException {
        INDArray a = Nd4j.linspace(1, 12, 12, DataType.DOUBLE).reshape('c', 3, 4);
        Path file = dir.resolve("nd4j.npy");
        Nd4j.writeAsNumpy(a, file.toFile());
        double[][] rows = NpyReader.readRows(file);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 4; i++) {
                assertThat(rows[k][i]).isEqualTo(a.getDouble(k, i));
            }
        }
    }

    @Test
    void fortranOrderAndBigEndianAreReadCorrectly() throws IOException {
        // values v[k][i] = 10 k + i, shape (3, 2), stored column-major big-endian float64
        NpyHeader header = new NpyHeader(8, ByteOrder.BIG_ENDIAN, true, new long[] {3, 2}, 0);
        byte[] h = header.encode();
        ByteBuffer data = ByteBuffer.allocate(8 * 6).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                data.putDouble(10 * k + i);
            }
        }
        Path file = dir.resolve("fortran.npy");
        Files.write(file, concat(h, data.array()));
        assertThat(new String(h, StandardCharsets.US_ASCII)).contains("'descr': '>f8', 'fortran_order': True");
        TrajectoryMatrix m = NpyReader.readMatrix(file);
        assertThat(m.series(0)).containsExactly(0, 10, 20);
        assertThat(m.series(1)).containsExactly(1, 11, 21);
    }

    @Test
    void vectorsOfShapeNOrNByOne() throws IOException {
        Path file = dir.resolve("v.npy");
        NpyWriter.writeFloat64(file, new double[] {3, 1, 4, 1, 5});
        assertThat(NpyReader.readVector(file)).containsExactly(3, 1, 4, 1, 5);
        Path column = dir.resolve("c.npy");
        NpyWriter.writeFloat64(column, new double[][] {{2}, {7}});
        assertThat(NpyReader.readVector(column)).containsExactly(2, 7);
    }

    @Test
    void rejectsIntegersNamingFileAndField() throws IOException {
        Path file = dir.resolve("ints.npy");
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }";
        Files.write(file, concat(rawHeader(dict), new byte[16]));
        assertThatThrownBy(() -> NpyReader.readVector(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'descr'").hasMessageContaining("<i8");
    }

    @Test
    void rejectsTruncatedDataAndBadMagicAndWrongRank() throws IOException {
        Path truncated = dir.resolve("t.npy");
        Files.write(truncated, concat(NpyHeader.littleEndianC(4, 10, 10).encode(), new byte[100]));
        assertThatThrownBy(() -> NpyReader.readMatrix(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, this is not numpy");
        assertThatThrownBy(() -> NpyReader.readMatrix(text)).hasMessageContaining("magic");
        Path vector = dir.resolve("vec.npy");
        NpyWriter.writeFloat64(vector, new double[] {1, 2});
        assertThatThrownBy(() -> NpyReader.readMatrix(vector)).hasMessageContaining("'shape'")
                .hasMessageContaining("2-D");
    }

    @Test
    void atomicWriteLeavesNoTempFileAndReplacesOldContent() throws IOException {
        Path file = dir.resolve("a.npy");
        NpyWriter.writeFloat64(file, new double[] {1});
        NpyWriter.writeFloat64(file, new double[] {2, 3});
        assertThat(NpyReader.readVector(file)).containsExactly(2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.npy");
        }
    }

    private static byte[] rawHeader(String dict) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
