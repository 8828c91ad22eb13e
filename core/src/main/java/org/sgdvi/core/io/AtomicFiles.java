package org.sgdvi.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers (and a process restarted after {@code kill -9} or a power cut)
 * see either the old content or the complete new content, never a mix: the body is written to
 * {@code .NAME.tmp} in the same folder, forced to disk, renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, and the folder entry is forced too.
 *
 * <p>Leftover {@code *.tmp} files of an interrupted write are harmless; {@link TrajectoryStore}
 * deletes them when it opens a store for writing.
 */
public final class AtomicFiles {

    /** Suffix of the temporary files written next to their target. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Writes the content of one file through a {@link FileChannel}. */
    @FunctionalInterface
    public interface ChannelWriter {
        /** Writes the whole body to {@code channel}, positioned at 0. */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically (temp file, fsync, atomic rename, fsync of the folder).
     *
     * @throws IOException naming the target when any step fails; the target is then unchanged
     */
    public static void write(Path target, ChannelWriter body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + absolute.getFileName() + TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                body.write(channel);
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                moved = true;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot write " + absolute
                        + " atomically: the file system does not support atomic renames", e);
            }
            forceDirectory(folder);
        } finally {
            if (!moved) {
                // also on an Error (out of memory inside a serializer): never leave the temporary file
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs to see
                }
            }
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, channel -> ChannelIo.writeFully(channel, java.nio.ByteBuffer.wrap(bytes), target));
    }

    /**
     * Forces a folder's entries (creations, renames, deletions) to disk. File systems that
     * cannot open a folder as a channel (not Linux/macOS) are skipped silently.
     */
    public static void forceDirectory(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
            // Opening a directory is not supported on this platform; the rename is still atomic.
        }
    }
}
