package org.sgdvi.experiments.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Temporary folders written once per test JVM and deleted when it exits: fixtures that test classes only read. */
final class JvmFolders {

    private static final Map<String, Path> FOLDERS = new ConcurrentHashMap<>();

    /** What goes into a new folder. */
    @FunctionalInterface
    interface Fill {
        /** Writes the fixture into {@code dir}; returns the path the tests read (dir or a folder in it). */
        Path into(Path dir) throws IOException;
    }

    private JvmFolders() {
    }

    /** The folder of {@code key}, filled by {@code fill} on first use; {@code fill} must not ask for another key. */
    static Path once(String key, Fill fill) {
        return FOLDERS.computeIfAbsent(key, k -> {
            try {
                Path dir = Files.createTempDirectory("sgdvi-" + k + "-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                return fill.into(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
