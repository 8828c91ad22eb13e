package org.sgdvi.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety of {@link AtomicFiles}: a failed write leaves the old content and no temporary file. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private static final byte[] OLD = "old content\n".getBytes(StandardCharsets.UTF_8);

    private Path withOldContent() throws IOException {
        Path target = dir.resolve("data.bin");
        AtomicFiles.writeBytes(target, OLD);
        return target;
    }

    private String[] names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
        }
    }

    @Test
    void writeReplacesTheContentAndLeavesOnlyTheTarget() throws IOException {
        Path target = withOldContent();
        AtomicFiles.writeStream(target, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.close(); // serializers close their stream; the channel must survive until the fsync
        });
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(names()).containsExactly("data.bin");
    }

    @Test
    void anIoFailureHalfWayLeavesTheOldContentAndNoTempFile() throws IOException {
        Path target = withOldContent();
        assertThatThrownBy(() -> AtomicFiles.write(target, ch -> {
            ChannelIo.writeFully(ch, ByteBuffer.wrap(new byte[4096]), target);
            throw new IOException("disk full (injected)");
        })).hasMessage("disk full (injected)");
        assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
        assertThat(names()).containsExactly("data.bin");
    }

    @Test
    void anErrorHalfWayLeavesTheOldContentAndNoTempFile() throws IOException {
        Path target = withOldContent();
        assertThatThrownBy(() -> AtomicFiles.writeStream(target, out -> {
            out.write(new byte[100]);
            throw new OutOfMemoryError("injected");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
        assertThat(names()).containsExactly("data.bin");
    }

    @Test
    void aFailedRenameDeletesTheTempFile() throws IOException {
        // the target is a non-empty folder: the rename over it fails after the temp file is complete
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("inside"));
        assertThatThrownBy(() -> AtomicFiles.writeBytes(target, OLD)).isInstanceOf(IOException.class);
        assertThat(names()).containsExactly("occupied");
        assertThat(target.resolve("inside")).isDirectory();
    }

    @Test
    void publishMovesAFinishedFileAndDeletesItOnFailure() throws IOException {
        Path target = withOldContent();
        Path temp = dir.resolve("data.bin.123.tmp");
        Files.writeString(temp, "published");
        AtomicFiles.publish(temp, target);
        assertThat(Files.readString(target)).isEqualTo("published");
        assertThat(names()).containsExactly("data.bin");

        Path occupied = dir.resolve("occupied");
        Files.createDirectories(occupied.resolve("inside"));
        Path temp2 = dir.resolve("x.tmp");
        Files.writeString(temp2, "never");
        assertThatThrownBy(() -> AtomicFiles.publish(temp2, occupied)).isInstanceOf(IOException.class);
        assertThat(temp2).doesNotExist();
        assertThat(Files.readString(target)).isEqualTo("published");
    }
}
