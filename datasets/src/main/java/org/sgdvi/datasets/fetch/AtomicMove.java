package org.sgdvi.datasets.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes a verified download or extracted folder under its final name so that a crash leaves
 * either nothing or the complete result: forces the content to disk, renames it with
 * {@link StandardCopyOption#ATOMIC_MOVE}, then forces the parent folder's entry.
 *
 * <p>This is the {@code datasets} twin of {@code org.sgdvi.core.io.AtomicFiles#publish}: the
 * {@code datasets} module does not depend on {@code core} (nor {@code core} on {@code datasets},
 * see the poms), so the fetchers cannot call that class. Callers delete their staging files
 * themselves (they already do, in {@code finally} blocks).
 */
final class AtomicMove {

    private AtomicMove() {
    }

    /**
     * Moves {@code source} (a file, or a folder whose files are all forced first) to {@code target}
     * in the same file system. The target must not exist: the fetchers check that first (a rename
     * on Linux would replace an existing file).
     *
     * @throws IOException naming the target when a step fails
     */
    static void publish(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(source)) {
                entries = walk.toList();
            }
            for (Path p : entries) {
                force(p);
            }
        } else {
            force(source);
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move " + source + " to " + target
                    + " atomically: the file system does not support atomic renames", e);
        }
        force(target.toAbsolutePath().getParent());
    }

    /** Forces a file or folder to disk; folders are skipped where they cannot be opened (not Linux/macOS). */
    private static void force(Path p) throws IOException {
        boolean folder = Files.isDirectory(p);
        try (FileChannel ch = FileChannel.open(p, folder ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!folder) {
                throw e;
            }
        }
    }
}
