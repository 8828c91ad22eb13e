package org.sgdvi.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
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

    /** Writes the content of one file to an {@link OutputStream} (Jackson, ModelSerializer, ...). */
    @FunctionalInterface
    public interface StreamWriter {
        /** Writes the whole body to {@code out}; closing {@code out} is allowed and harmless. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically (temp file, fsync, atomic rename, fsync of the folder).
     *
     * @throws IOException naming the target when any step fails; the target is then unchanged and
     *                     the temporary file is gone (also when {@code body} throws an Error)
     */
    public static void write(Path target, ChannelWriter body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + absolute.getFileName() + TEMP_SUFFIX);
        boolean written = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                body.write(channel);
            }
            written = true;
        } finally {
            if (!written) {
                deleteQuietly(temp);
            }
        }
        publish(temp, absolute);
    }

    /**
     * Writes {@code target} atomically from an {@link OutputStream} writer; see
     * {@link #write(Path, ChannelWriter)}. Writers that close their stream (ND4J, ModelSerializer)
     * do not close the channel before its fsync.
     */
    public static void writeStream(Path target, StreamWriter body) throws IOException {
        write(target, channel -> {
            OutputStream out = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    this.out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            body.writeTo(out);
            out.flush();
        });
    }

    /**
     * Moves a completely written file (or folder) {@code source} over {@code target} in the same
     * folder so that a crash leaves either the old target or the new one: forces {@code source}
     * (a regular file) to disk, renames it with {@link StandardCopyOption#ATOMIC_MOVE} (replacing an
     * existing file), then forces the folder entry. On any failure, including an Error,
     * {@code source} is deleted (a folder only when empty) and the target is unchanged.
     *
     * @throws IOException naming the target when a step fails
     */
    public static void publish(Path source, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        boolean moved = false;
        try {
            if (Files.isRegularFile(source)) {
                try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            try {
                Files.move(source, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot write " + absolute
                        + " atomically: the file system does not support atomic renames", e);
            }
            moved = true;
            forceDirectory(absolute.getParent());
        } finally {
            if (!moved) {
                // also on an Error (out of memory inside a serializer): never leave the temporary file
                deleteQuietly(source);
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to see
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
