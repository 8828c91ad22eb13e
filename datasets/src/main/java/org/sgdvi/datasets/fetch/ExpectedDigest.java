package org.sgdvi.datasets.fetch;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A published checksum a downloaded file must match: a JCA algorithm name and the expected
 * raw digest. Factories accept the usual encodings (hex for SHA-256 and MD5, the npm/SRI
 * {@code sha512-<base64>} integrity string).
 *
 * @param algorithm JCA algorithm, e.g. "SHA-256", "SHA-512", "MD5"
 * @param expected  the expected raw digest bytes
 * @param display   the value as published, used in messages
 */
public record ExpectedDigest(String algorithm, byte[] expected, String display) {
    /** Validates the components. */
    public ExpectedDigest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(display, "display");
        int len = Digests.newDigest(algorithm).getDigestLength();
        if (expected.length != len) {
            throw new IllegalArgumentException(algorithm + " digest must have " + len + " bytes, got "
                    + expected.length + " (" + display + ")");
        }
        expected = expected.clone();
    }

    /**
     * @param hex 64 hex digits
     * @return an expected SHA-256
     */
    public static ExpectedDigest sha256Hex(String hex) {
        return new ExpectedDigest("SHA-256", HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)), hex);
    }

    /**
     * @param hex 32 hex digits
     * @return an expected MD5
     */
    public static ExpectedDigest md5Hex(String hex) {
        return new ExpectedDigest("MD5", HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)), hex);
    }

    /**
     * @param integrity a Subresource-Integrity string as published by npm, e.g. "sha512-x+Sf...=="
     * @return the expected digest
     */
    public static ExpectedDigest subresourceIntegrity(String integrity) {
        int dash = integrity.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("integrity string must look like sha512-<base64>, got " + integrity);
        }
        String alg = switch (integrity.substring(0, dash).toLowerCase(Locale.ROOT)) {
            case "sha512" -> "SHA-512";
            case "sha384" -> "SHA-384";
            case "sha256" -> "SHA-256";
            case "sha1" -> "SHA-1";
            default -> throw new IllegalArgumentException("unsupported integrity algorithm in " + integrity);
        };
        return new ExpectedDigest(alg, Base64.getDecoder().decode(integrity.substring(dash + 1)), integrity);
    }

    /** @return a copy of the expected raw digest */
    @Override
    public byte[] expected() {
        return expected.clone();
    }

    /**
     * @param actual a raw digest computed with {@link #algorithm()}
     * @return whether it equals the expected one (constant time)
     */
    public boolean matches(byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * @param actual a raw digest
     * @return it encoded like {@link #display()} (base64 SRI or hex)
     */
    public String format(byte[] actual) {
        if (display.contains("-") && !display.matches("[0-9a-fA-F]+")) {
            return display.substring(0, display.indexOf('-') + 1) + Base64.getEncoder().encodeToString(actual);
        }
        return HexFormat.of().formatHex(actual);
    }
}
