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
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;

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
        try (RunFolder run = RunFolder.create(dir)) {
            run.writeJson("results.json", Map.of("rank", 12, "mean", 0.5));
            run.writeJson("results.json", Map.of("rank", 13));
            assertThat(Json.mapper().readTree(run.path("results.json").toFile()).get("rank").asInt()).isEqualTo(13);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("results.json", RunFolder.LOCK_FILE);
            }
        }
    }

    @Test
    void failedWriteLeavesOldContentAndNoTemporaryFile() throws Exception {
        try (RunFolder run = RunFolder.create(dir)) {
            run.writeText("a.txt", "old");
            assertThatThrownBy(() -> run.writeStream("a.txt", out -> {
                out.write("half".getBytes(StandardCharsets.UTF_8));
                throw new java.io.IOException("No space left on device");
            })).hasMessageContaining("a.txt").hasMessageContaining("No space left on device");
            // an Error inside the writer (a serializer running out of memory) leaves no temporary file either
            assertThatThrownBy(() -> run.writeStream("b.zip", out -> {
                out.write(new byte[1000]);
                throw new OutOfMemoryError("simulated");
            })).isInstanceOf(OutOfMemoryError.class);
            assertThat(Files.readString(run.path("a.txt"))).isEqualTo("old");
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("a.txt", RunFolder.LOCK_FILE);
            }
        }
    }

    @Test
    void aLockedFolderRefusesASecondWriterUntilItIsClosed() {
        Path run = dir.resolve("locked");
        RunFolder first = RunFolder.create(run);
        first.writeText("a.txt", "first");
        assertThatThrownBy(() -> RunFolder.create(run)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.toString()).hasMessageContaining("is in use");
        // readers are never refused
        assertThat(RunFolder.open(run).has("a.txt")).isTrue();
        first.close();
        try (RunFolder second = RunFolder.create(run)) {
            assertThat(second.has("a.txt")).isTrue();
        }
        // a folder that held files before stays
        assertThat(run.resolve("a.txt")).exists();
    }

    @Test
    void aFolderCreatedAndLeftEmptyIsRemovedOnClose() {
        Path run = dir.resolve("nothing-written");
        RunFolder.create(run).close();
        assertThat(run).doesNotExist();
        // an existing empty folder is the user's: it stays
        RunFolder.create(dir).close();
        assertThat(dir).isDirectory();
    }

    @Test
    void missingNpyNamesTheFile() {
        assertThatThrownBy(() -> Npy.read(dir.resolve("nope.npy"))).hasMessageContaining("nope.npy");
    }
}
