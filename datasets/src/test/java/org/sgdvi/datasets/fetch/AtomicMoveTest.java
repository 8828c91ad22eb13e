package org.sgdvi.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicMoveTest {

    @TempDir
    Path dir;

    @Test
    void publishesAFileAndAFolderUnderTheirFinalNames() throws IOException {
        Path staged = Files.writeString(dir.resolve(".download.part"), "payload");
        AtomicMove.publish(staged, dir.resolve("download.bin"));
        assertThat(staged).doesNotExist();
        assertThat(dir.resolve("download.bin")).hasContent("payload");

        Path folder = Files.createDirectories(dir.resolve(".extract-1/top/sub"));
        Files.writeString(folder.resolve("a.txt"), "a");
        AtomicMove.publish(dir.resolve(".extract-1/top"), dir.resolve("dataset"));
        assertThat(dir.resolve("dataset/sub/a.txt")).hasContent("a");
    }

    @Test
    void aFailedRenameLeavesTheTargetIntact() throws IOException {
        Path target = Files.createDirectories(dir.resolve("dataset/inside"));
        Path staged = Files.writeString(dir.resolve(".download.part"), "new");
        assertThatThrownBy(() -> AtomicMove.publish(staged, dir.resolve("dataset"))).isInstanceOf(IOException.class);
        assertThat(target).isDirectory();
        assertThat(staged).hasContent("new"); // the caller's finally block deletes its staging file
    }
}
