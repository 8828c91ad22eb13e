package org.sgdvi.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.datasets.DataUnavailableException;
import org.sgdvi.datasets.TestData;

class HttpFetcherTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] good = TestData.tarGz(Map.of("d/a.bin", TestData.cifar10(new int[] {1, 2})));
    private byte[] corrupted;

    @BeforeEach
    void start() throws Exception {
        corrupted = TestData.withByte(good, good.length / 2, good[good.length / 2] ^ 0x40);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/good.tgz", good);
        serve("/corrupted.tgz", corrupted);
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    private void serve(String path, byte[] body) {
        server.createContext(path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static String hex(String alg, byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
    }

    private List<ExpectedDigest> digestsOfGood() throws Exception {
        return List.of(ExpectedDigest.md5Hex(hex("MD5", good)), ExpectedDigest.sha256Hex(hex("SHA-256", good)));
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void acceptsAFileMatchingAllDigests() throws Exception {
        Path dest = dir.resolve("archive.tgz");
        HttpFetcher.FetchedFile f = new HttpFetcher().fetch(url("/good.tgz"), dest, digestsOfGood());
        assertThat(Files.readAllBytes(dest)).isEqualTo(good);
        assertThat(f.sha256()).isEqualTo(hex("SHA-256", good));
        assertThat(listing()).containsExactly("archive.tgz");
    }

    @Test
    void rejectsACorruptedFileAndLeavesNothing() throws Exception {
        Path dest = dir.resolve("archive.tgz");
        assertThatThrownBy(() -> new HttpFetcher().fetch(url("/corrupted.tgz"), dest, digestsOfGood()))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("corrupted.tgz").hasMessageContaining("MD5")
                .hasMessageContaining(hex("MD5", good)).hasMessageContaining(hex("MD5", corrupted))
                .hasMessageContaining("discarded");
        assertThat(dest).doesNotExist();
        assertThat(listing()).isEmpty();
    }

    @Test
    void checksEverySuppliedDigest() throws Exception {
        Path dest = dir.resolve("archive.tgz");
        List<ExpectedDigest> wrongSecond = List.of(ExpectedDigest.md5Hex(hex("MD5", good)),
                ExpectedDigest.sha256Hex(hex("SHA-256", corrupted)));
        assertThatThrownBy(() -> new HttpFetcher().fetch(url("/good.tgz"), dest, wrongSecond))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("SHA-256");
        assertThat(listing()).isEmpty();
    }

    @Test
    void httpErrorIsReportedAndLeavesNothing() throws Exception {
        Path dest = dir.resolve("archive.tgz");
        assertThatThrownBy(() -> new HttpFetcher().fetch(url("/missing"), dest, digestsOfGood()))
                .isInstanceOf(DataUnavailableException.class).hasMessageContaining("404");
        assertThat(listing()).isEmpty();
    }

    @Test
    void refusesToDownloadWithoutADigestOrOverAnExistingFile() throws Exception {
        Path dest = TestData.write(dir.resolve("mine.tgz"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> new HttpFetcher().fetch(url("/good.tgz"), dest, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpFetcher().fetch(url("/good.tgz"), dest, digestsOfGood()))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(dest)).containsExactly(1, 2, 3);
    }

    @Test
    void verifyLeavesAMismatchingLocalFileInPlace() throws Exception {
        Path local = TestData.write(dir.resolve("user.tgz"), corrupted);
        assertThatThrownBy(() -> HttpFetcher.verify(local, digestsOfGood()))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("user.tgz")
                .hasMessageContaining("left untouched");
        assertThat(local).exists();
        assertThat(HttpFetcher.verify(TestData.write(dir.resolve("ok.tgz"), good), digestsOfGood()))
                .isEqualTo(hex("SHA-256", good));
    }
}
