package org.sgdvi.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sgdvi.datasets.DataUnavailableException;

/**
 * Downloads a file over HTTP(S) with {@link java.net.http.HttpClient} and accepts it only if
 * every expected digest matches. The body is streamed to a temporary file in the destination's
 * folder while the digests are computed; on a match the temporary file is renamed atomically
 * to the destination, on a mismatch (or any failure) it is deleted, so the destination never
 * holds an unverified or partial file.
 */
public final class HttpFetcher {
    private final HttpClient client;
    private final Duration requestTimeout;

    /** A fetcher following redirects, 30 s connect timeout, 60 min overall timeout. */
    public HttpFetcher() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build(), Duration.ofMinutes(60));
    }

    /**
     * @param client         the HTTP client
     * @param requestTimeout timeout of one whole download
     */
    public HttpFetcher(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /**
     * A verified file.
     *
     * @param path   where it is
     * @param sha256 lower-case hex SHA-256 of its bytes
     */
    public record FetchedFile(Path path, String sha256) {
    }

    /**
     * @param url         what to download
     * @param destination where the verified file goes; must not exist
     * @param digests     at least one published digest the bytes must match
     * @return the verified file and its SHA-256
     * @throws ChecksumMismatchException if a digest differs (nothing is left at destination)
     * @throws DataUnavailableException  if the server does not answer 200 or the transfer fails
     * @throws IOException               on a local file-system failure
     */
    public FetchedFile fetch(URI url, Path destination, List<ExpectedDigest> digests) throws IOException {
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("refusing to download " + url + " without a checksum to verify");
        }
        if (Files.exists(destination)) {
            throw new FileAlreadyExistsException(destination.toString(), null, "refusing to overwrite it with " + url);
        }
        Path dir = destination.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + destination.getFileName(), ".part");
        try {
            HttpRequest req = HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataUnavailableException("download of " + url + " was interrupted", e);
            } catch (IOException e) {
                throw new DataUnavailableException("cannot download " + url + ": " + e, e);
            }
            List<MessageDigest> mds = new ArrayList<>();
            for (ExpectedDigest d : digests) {
                mds.add(Digests.newDigest(d.algorithm()));
            }
            MessageDigest sha256 = Digests.newDigest("SHA-256");
            try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(tmp)) {
                if (resp.statusCode() != 200) {
                    throw new DataUnavailableException("cannot download " + url + ": HTTP status "
                            + resp.statusCode() + " (expected 200)");
                }
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    out.write(buf, 0, r);
                    sha256.update(buf, 0, r);
                    for (MessageDigest md : mds) {
                        md.update(buf, 0, r);
                    }
                }
            } catch (IOException e) {
                throw new DataUnavailableException("download of " + url + " failed: " + e, e);
            }
            for (int i = 0; i < digests.size(); i++) {
                byte[] actual = mds.get(i).digest();
                if (!digests.get(i).matches(actual)) {
                    throw new ChecksumMismatchException(url.toString(), digests.get(i), actual,
                            "the download was discarded and nothing was written to " + destination);
                }
            }
            AtomicMove.publish(tmp, destination);
            return new FetchedFile(destination, HexFormat.of().formatHex(sha256.digest()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Verifies a local file (e.g. one the user placed) without modifying or deleting it.
     *
     * @param file    the file
     * @param digests the published digests
     * @return its SHA-256 in hex
     * @throws ChecksumMismatchException if a digest differs
     * @throws IOException               if it cannot be read
     */
    public static String verify(Path file, List<ExpectedDigest> digests) throws IOException {
        for (ExpectedDigest d : digests) {
            byte[] actual = Digests.digest(file, d.algorithm());
            if (!d.matches(actual)) {
                throw new ChecksumMismatchException(file.toString(), d, actual,
                        "the file was left untouched; delete or replace it");
            }
        }
        return Digests.sha256Hex(file);
    }
}
