package org.sgdvi.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ExpectedDigestTest {
    @Test
    void subresourceIntegrityIsBase64OfTheRawSha512() throws Exception {
        byte[] data = "hello npm".getBytes();
        byte[] sha512 = MessageDigest.getInstance("SHA-512").digest(data);
        ExpectedDigest d = ExpectedDigest.subresourceIntegrity("sha512-" + Base64.getEncoder().encodeToString(sha512));
        assertThat(d.algorithm()).isEqualTo("SHA-512");
        assertThat(d.matches(sha512)).isTrue();
        assertThat(d.matches(MessageDigest.getInstance("SHA-512").digest("other".getBytes()))).isFalse();
        assertThat(d.format(sha512)).isEqualTo(d.display());
    }

    @Test
    void publishedMnistIntegrityDecodesToA64ByteDigest() {
        ExpectedDigest d = ExpectedDigest.subresourceIntegrity(
                "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==");
        assertThat(d.expected()).hasSize(64);
    }

    @Test
    void hexDigestsMustHaveTheAlgorithmsLength() {
        assertThat(ExpectedDigest.md5Hex("c32a1d4ab5d03f1284b67883e8d87530").expected()).hasSize(16);
        assertThatThrownBy(() -> ExpectedDigest.sha256Hex("c32a1d4ab5d03f1284b67883e8d87530"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
