package org.sgdvi.datasets.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.fetch.Digests;

/**
 * The bytes of one data file exactly as read, with their SHA-256 (recorded in the provenance)
 * and the name used in error messages. Readers parse {@link #content()}, which transparently
 * decompresses gzip data (recognised by its magic bytes 1f 8b, whatever the file name).
 *
 * @param name   file name or path used in messages
 * @param bytes  the raw bytes as stored
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 */
public record SourceFile(String name, byte[] bytes, String sha256) {
    /** Validates the components. */
    public SourceFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sha256, "sha256");
    }

    /**
     * @param path a file
     * @return its bytes and hash, named by the path
     * @throws IOException if it cannot be read
     */
    public static SourceFile read(Path path) throws IOException {
        byte[] b = Files.readAllBytes(path);
        return new SourceFile(path.toString(), b, Digests.sha256Hex(b));
    }

    /**
     * @param name  name for messages
     * @param bytes raw bytes (not copied)
     * @return the source file
     */
    public static SourceFile of(String name, byte[] bytes) {
        return new SourceFile(name, bytes, Digests.sha256Hex(bytes));
    }

    /** @return whether the bytes start with the gzip magic 1f 8b */
    public boolean isGzip() {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /**
     * @return the bytes, gunzipped if they are a gzip stream
     * @throws DataFormatException if the gzip stream is corrupt or truncated
     */
    public byte[] content() {
        if (!isGzip()) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new DataFormatException(name, "gzip stream", "a complete gzip stream", "a corrupt one ("
                    + e.getMessage() + ")");
        }
    }

    /** @return the last element of {@link #name()} as a path */
    public String fileName() {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash < 0 ? name : name.substring(slash + 1);
    }
}
