package org.sgdvi.experiments.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;

/**
 * Atomic writes for run folders, unchecked: a thin layer over {@link org.sgdvi.core.io.AtomicFiles}
 * (temp file, fsync, rename, folder fsync) that takes an {@link OutputStream} writer, which is what
 * ModelSerializer, ND4J's npy codec and Jackson write to.
 */
public final class AtomicFiles {

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Lets {@code writer} fill a temporary file, then renames it over {@code target}. */
    public static void write(Path target, Writer writer) {
        try {
            org.sgdvi.core.io.AtomicFiles.write(target, channel -> {
                // writers such as ND4J's npy codec close their stream: keep the channel open for the fsync
                OutputStream out = new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                writer.writeTo(out);
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }
}
