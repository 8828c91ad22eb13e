package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgdvi.core.trajectory.TrajectoryTestData.scalars;
import static org.sgdvi.core.trajectory.TrajectoryTestData.snapshot;

class TrajectoryStoreTest {

    private static final int D = 5;
    private static final int K = 4;
    private static final StoreLayout LAYOUT = new StoreLayout(D, K, StoreLayout.DEFAULT_SCALAR_COLUMNS);

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store");
    }

    private void appendRange(TrajectoryStore s, int from, int to) throws IOException {
        for (int k = from; k < to; k++) {
            s.append(snapshot(k, D), scalars(k));
        }
    }

    /** A new store holding snapshots 0..n-1, closed again. */
    private void writeStore(int n) throws IOException {
        try (TrajectoryStore s = TrajectoryStore.create(store(), LAYOUT)) {
            appendRange(s, 0, n);
        }
    }

    /** A read-only opening of the store sees exactly snapshots 0..n-1. */
    private void assertReaderSees(int n) throws IOException {
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(store())) {
            assertPrefix(s, n);
        }
    }

    private static void assertPrefix(TrajectoryStore s, int n) throws IOException {
        assertThat(s.size()).isEqualTo(n);
        float[][] rows = s.readAll();
        double[][] sc = s.readScalars();
        assertThat(rows).hasNumberOfRows(n);
        for (int k = 0; k < n; k++) {
            assertThat(rows[k]).as("row %d", k).containsExactly(snapshot(k, D));
            assertThat(sc[k]).as("scalars %d", k).containsExactly(scalars(k));
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(store())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void appendsAcrossChunksAndReopens() throws IOException {
        try (TrajectoryStore s = TrajectoryStore.create(store(), LAYOUT)) {
            assertThat(s.resumePoint()).isZero();
            appendRange(s, 0, 10);
            assertPrefix(s, 10);
            assertThat(s.resumePoint()).isEqualTo(10);
        }
        assertThat(files()).containsExactly("chunk-000000.npy", "chunk-000000.scalars.npy", "chunk-000001.npy",
                "chunk-000001.scalars.npy", "chunk-000002.part", "store.json", "store.lock");
        try (TrajectoryStore s = TrajectoryStore.openForAppend(store())) {
            assertPrefix(s, 10);
            appendRange(s, 10, 13);
            assertPrefix(s, 13);
            assertThat(s.readRows(3, 9)[0]).containsExactly(snapshot(3, D));
            assertThat(s.readScalarColumn("gradNorm")[12]).isEqualTo(1.0 / 13);
        }
        try (TrajectoryStore s = TrajectoryStore.openReadOnly(store())) {
            assertPrefix(s, 13);
            assertThatThrownBy(() -> s.append(snapshot(13, D), scalars(13))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sealedChunksAreNumpyFilesThatNd4jReads() throws IOException {
        writeStore(5);
        INDArray chunk = Nd4j.createFromNpyFile(store().resolve("chunk-000000.npy").toFile());
        assertThat(chunk.shape()).containsExactly(K, D);
        assertThat(chunk.getRow(3).toFloatVector()).containsExactly(snapshot(3, D));
        double[][] sc = org.sgdvi.core.io.Npy.readRows(store().resolve("chunk-000000.scalars.npy"));
        assertThat(sc[2]).containsExactly(scalars(2));
    }

    @Test
    void partFileFollowsTheDocumentedRecordLayout() throws IOException {
        writeStore(6);
        byte[] part = Files.readAllBytes(store().resolve("chunk-000001.part"));
        int record = 4 * D + 8 * 3;
        assertThat(part).hasSize(2 * record);
        ByteBuffer b = ByteBuffer.wrap(part).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < D; i++) {
                assertThat(b.getFloat()).isEqualTo(snapshot(4 + r, D)[i]);
            }
            for (double v : scalars(4 + r)) {
                assertThat(b.getDouble()).isEqualTo(v);
            }
        }
    }

    @Test
    void tornTrailingRecordIsIgnoredByReadersAndCutByWriters() throws IOException {
        writeStore(6);
        Path part = store().resolve("chunk-000001.part");
        long good = Files.size(part);
        Files.write(part, new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);
        assertReaderSees(6);
        assertThat(Files.size(part)).isEqualTo(good + 7);
        try (TrajectoryStore s = TrajectoryStore.openForAppend(store())) {
            assertThat(Files.size(part)).isEqualTo(good);
            appendRange(s, 6, 9);
            assertPrefix(s, 9);
        }
    }

    @Test
    void leftoversOfAnInterruptedSealAreResolved() throws IOException {
        writeStore(9);
        // crash after chunk-000001.npy was renamed into place but before its part file was deleted
        Files.write(store().resolve("chunk-000001.part"), new byte[3 * (4 * D + 24)]);
        // crash of the next seal after its scalars file but before its weights file
        Files.write(store().resolve("chunk-000002.scalars.npy"), new byte[10]);
        Files.write(store().resolve(".chunk-000002.npy.tmp"), new byte[10]);
        assertReaderSees(9);
        try (TrajectoryStore s = TrajectoryStore.openForAppend(store())) {
            assertPrefix(s, 9);
            assertThat(files()).containsExactly("chunk-000000.npy", "chunk-000000.scalars.npy", "chunk-000001.npy",
                    "chunk-000001.scalars.npy", "chunk-000002.part", "store.json", "store.lock");
            appendRange(s, 9, 12);
            assertPrefix(s, 12);
        }
    }

    @Test
    void fullPartFileOfACrashBeforeSealingIsSealedOnOpen() throws IOException {
        writeStore(3);
        // the K-th record reached the disk but the process died before sealing
        ByteBuffer record = ByteBuffer.allocate(4 * D + 24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : snapshot(3, D)) {
            record.putFloat(v);
        }
        for (double v : scalars(3)) {
            record.putDouble(v);
        }
        Files.write(store().resolve("chunk-000000.part"), record.array(), StandardOpenOption.APPEND);
        assertReaderSees(4);
        try (TrajectoryStore s = TrajectoryStore.openForAppend(store())) {
            assertThat(files()).contains("chunk-000000.npy").doesNotContain("chunk-000000.part");
            appendRange(s, 4, 5);
            assertPrefix(s, 5);
        }
    }

    @Test
    void truncateToWorksInsideThePartAcrossChunksAndAtBoundaries() throws IOException {
        try (TrajectoryStore s = TrajectoryStore.create(store(), LAYOUT)) {
            appendRange(s, 0, 14);
            s.truncateTo(13);
            assertPrefix(s, 13);
            s.truncateTo(6);
            assertPrefix(s, 6);
            assertThat(files()).containsExactly("chunk-000000.npy", "chunk-000000.scalars.npy", "chunk-000001.part",
                    "store.json", "store.lock");
            appendRange(s, 6, 11);
            assertPrefix(s, 11);
            s.truncateTo(8);
            assertPrefix(s, 8);
            assertThat(files()).containsExactly("chunk-000000.npy", "chunk-000000.scalars.npy", "chunk-000001.npy",
                    "chunk-000001.scalars.npy", "store.json", "store.lock");
            s.truncateTo(4);
            assertPrefix(s, 4);
            assertThat(files()).containsExactly("chunk-000000.npy", "chunk-000000.scalars.npy", "store.json",
                    "store.lock");
            s.truncateTo(0);
            assertPrefix(s, 0);
            appendRange(s, 0, 7);
            assertThatThrownBy(() -> s.truncateTo(8)).isInstanceOf(IllegalArgumentException.class);
        }
        try (TrajectoryStore s = TrajectoryStore.openForAppend(store())) {
            assertPrefix(s, 7);
        }
    }

    @Test
    void interruptedTruncationLeavesAValidPrefix() throws IOException {
        writeStore(8);
        // truncateTo(5) died after writing the new part file of chunk 1 but before deleting chunk-000001.npy
        byte[] partOfOneRecord = new byte[4 * D + 24];
        Files.write(store().resolve("chunk-000001.part"), partOfOneRecord);
        try (TrajectoryStore s = TrajectoryStore.openForAppend(store())) {
            assertPrefix(s, 8);
            s.truncateTo(5);
            assertPrefix(s, 5);
        }
    }

    @Test
    void exportWritesOneNumpyMatrix() throws IOException {
        Path out = dir.resolve("all.npy");
        try (TrajectoryStore s = TrajectoryStore.create(store(), LAYOUT)) {
            appendRange(s, 0, 10);
            s.exportNpy(out);
            s.exportScalarsNpy(dir.resolve("scalars.npy"));
            TrajectoryMatrix m = s.readAsMatrix();
            assertThat(m.series(2)[9]).isEqualTo(snapshot(9, D)[2]);
            assertThat(s.readAllAsINDArray().getFloat(7, 4)).isEqualTo(snapshot(7, D)[4]);
        }
        INDArray all = Nd4j.createFromNpyFile(out.toFile());
        assertThat(all.shape()).containsExactly(10, D);
        for (int k = 0; k < 10; k++) {
            assertThat(all.getRow(k).toFloatVector()).containsExactly(snapshot(k, D));
        }
        assertThat(org.sgdvi.core.io.Npy.readRows(dir.resolve("scalars.npy"))[9]).containsExactly(scalars(9));
    }

    @Test
    void rejectsBadInputAndSecondWriters() throws IOException {
        try (TrajectoryStore s = TrajectoryStore.create(store(), LAYOUT)) {
            assertThatThrownBy(() -> s.append(new float[D + 1], scalars(0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expects " + D);
            assertThatThrownBy(() -> s.append(new float[D], 1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradNorm");
            assertThatThrownBy(() -> TrajectoryStore.openForAppend(store()))
                    .isInstanceOf(IOException.class).hasMessageContaining("already open");
            assertThatThrownBy(() -> s.readScalarColumn("accuracy")).hasMessageContaining("accuracy");
            appendRange(s, 0, 1);
        }
        assertThatThrownBy(() -> TrajectoryStore.openOrCreate(store(), new StoreLayout(D, K + 1, List.of())))
                .isInstanceOf(IOException.class).hasMessageContaining("store.json");
        assertThatThrownBy(() -> TrajectoryStore.create(store(), LAYOUT)).hasMessageContaining("not empty");
        assertThatThrownBy(() -> TrajectoryStore.openReadOnly(dir.resolve("nothing")))
                .hasMessageContaining("store.json is missing");
    }

    @Test
    void missingChunkIsReportedAsCorruption() throws IOException {
        writeStore(12);
        Files.delete(store().resolve("chunk-000001.npy"));
        assertThatThrownBy(() -> TrajectoryStore.openReadOnly(store())).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("chunk-000001.npy");
    }
}
