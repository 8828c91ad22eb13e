package org.sgdvi.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static CheckpointStore.State state(int epoch) {
        return new CheckpointStore.State(CheckpointStore.FORMAT, epoch, CheckpointStore.modelFileName(epoch), null,
                epoch, List.of(), 1.0, null);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDiskThatFillsUpMidCheckpointLeavesThePreviousCheckpointAndNoTemporaryFile() throws Exception {
        new CheckpointStore(dir, (net, file) -> Files.writeString(file.toPath(), "epoch 1 model"))
                .write(null, state(1));
        byte[] commit = Files.readAllBytes(dir.resolve(CheckpointStore.COMMIT_FILE));
        // the write path of the next checkpoint fails like ENOSPC after part of the model is on disk
        CheckpointStore full = new CheckpointStore(dir, (net, file) -> {
            try (OutputStream out = Files.newOutputStream(file.toPath())) {
                out.write(new byte[4096]);
                throw new IOException("No space left on device");
            }
        });
        assertThatThrownBy(() -> full.write(null, state(2)))
                .hasMessageContaining("No space left on device").hasMessageContaining(dir.toString());
        assertThat(listing()).containsExactly(CheckpointStore.COMMIT_FILE, "model-epoch-000001.zip");
        assertThat(Files.readAllBytes(dir.resolve(CheckpointStore.COMMIT_FILE))).isEqualTo(commit);
        assertThat(Files.readString(dir.resolve("model-epoch-000001.zip"))).isEqualTo("epoch 1 model");
    }

    @Test
    void anErrorInsideTheSerializerLeavesNoTemporaryFile() throws Exception {
        CheckpointStore oom = new CheckpointStore(dir, (net, file) -> {
            Files.writeString(file.toPath(), "half");
            throw new OutOfMemoryError("simulated");
        });
        assertThatThrownBy(() -> oom.write(null, state(1))).isInstanceOf(OutOfMemoryError.class);
        assertThat(listing()).isEmpty();
    }
}
