package org.sgdvi.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Message digests of byte arrays and files (SHA-256, SHA-512, MD5), hex encoded. */
public final class Digests {
    private Digests() {
    }

    /**
     * @param algorithm a JCA name such as "SHA-256"
     * @return a fresh digest
     */
    public static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm " + algorithm, e);
        }
    }

    /**
     * @param bytes data
     * @return lower-case hex SHA-256 of {@code bytes}
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest("SHA-256").digest(bytes));
    }

    /**
     * @param file a file
     * @param algorithm a JCA name such as "SHA-256"
     * @return the raw digest of the file's bytes
     * @throws IOException if the file cannot be read
     */
    public static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md = newDigest(algorithm);
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return md.digest();
    }

    /**
     * @param file a file
     * @return lower-case hex SHA-256 of the file's bytes
     * @throws IOException if the file cannot be read
     */
    public static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, "SHA-256"));
    }
}
