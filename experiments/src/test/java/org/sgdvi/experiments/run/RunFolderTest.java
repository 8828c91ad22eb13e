package org.sgdvi.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void npyHasNumpyHeaderFloat32COrderAndRoundTrips() throws Exception {
        RunFolder run = RunFolder.create(dir.resolve("run"));
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        // a transposed view must be written in C order of its logical shape
        run.writeNpy("a.npy", a.transpose());
        byte[] bytes = Files.readAllBytes(run.path("a.npy"));
        assertThat(bytes[0]).isEqualTo((byte) 0x93);
        String header = new String(bytes, 0, 128, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("\u0093NUMPY").contains("'descr': '<f4'").contains("'fortran_order': False")
                .contains("'shape': (3, 2)");
        INDArray back = Npy.read(run.path("a.npy"));
        assertThat(back.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(back.toFloatMatrix()).isEqualTo(new float[][] {{1, 4}, {2, 5}, {3, 6}});
        // payload is C order: the first row of the transpose, then the second
        int dataStart = bytes.length - 6 * 4;
        java.nio.ByteBuffer payload = java.nio.ByteBuffer.wrap(bytes, dataStart, 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {payload.getFloat(), payload.getFloat(), payload.getFloat()}).containsExactly(1f, 4f, 2f);
    }

    @Test
    void jsonIsWrittenAtomicallyWithoutLeftovers() throws Exception {
        RunFolder run = RunFolder.create(dir);
        run.writeJson("results.json", Map.of("rank", 12, "mean", 0.5));
        run.writeJson("results.json", Map.of("rank", 13));
        assertThat(Json.mapper().readTree(run.path("results.json").toFile()).get("rank").asInt()).isEqualTo(13);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("results.json");
        }
    }

    @Test
    void failedWriteLeavesOldContentAndNoTemporaryFile() throws Exception {
        RunFolder run = RunFolder.create(dir);
        run.writeText("a.txt", "old");
        assertThatThrownBy(() -> AtomicFiles.write(run.path("a.txt"), out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new java.io.IOException("disk full");
        })).hasMessageContaining("a.txt").hasMessageContaining("disk full");
        assertThat(Files.readString(run.path("a.txt"))).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void missingNpyNamesTheFile() {
        assertThatThrownBy(() -> Npy.read(dir.resolve("nope.npy"))).hasMessageContaining("nope.npy");
    }
}
