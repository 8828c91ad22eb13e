package org.sgdvi.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Loops that read or write a whole buffer through a {@link FileChannel}. */
public final class ChannelIo {

    private ChannelIo() {
    }

    public static void writeFully(FileChannel channel, ByteBuffer buffer, Path file) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) < 0) {
                throw new IOException("could not write to " + file);
            }
        }
    }

    public static void writeFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    public static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException(file + " ended at byte " + at + " but "
                        + buffer.remaining() + " more bytes were expected");
            }
            at += n;
        }
    }
}
