package org.sgdvi.experiments.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;

/**
 * A run folder, the one exchange format between the CLI, the reports and the notebooks (README.md,
 * "Commands"): {@code config.json}, {@code metrics.csv}, {@code results.json},
 * {@code *.npy} (float32 unless stated, C order), {@code *.png}, {@code report.html}. Every file is
 * written atomically, so an interrupted run never leaves a corrupt file.
 *
 * <p>A folder opened for writing ({@link #create}) is locked: an exclusive {@link FileLock} on the
 * lock file {@value #LOCK_FILE} inside it, held until {@link #close()} or the end of the process
 * (the operating system drops the lock of a process that dies, so a crash never leaves a stale lock).
 * A second process (or a second command in the same process) that opens the folder for writing is
 * refused. The lock file itself stays, since deleting it would let a third process lock a different
 * file of the same name; a folder that {@link #create} made and that holds nothing but the lock
 * file when it is closed is removed, so a command that fails before writing leaves nothing behind.
 * {@link #open} reads a finished folder without locking it.
 */
public final class RunFolder implements AutoCloseable {

    /** The lock file of a run folder opened for writing. */
    public static final String LOCK_FILE = ".sgdvi.lock";
    /** The run's configuration: what was asked for and on which machine. */
    public static final String CONFIG = "config.json";
    /** The run's measured results. */
    public static final String RESULTS = "results.json";
    /** The human-readable report. */
    public static final String REPORT = "report.html";
    /** One row per epoch of training metrics. */
    public static final String METRICS = "metrics.csv";
    /** The checkpoint sub-folder of a training run. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The final model of a training run (ModelSerializer, with updater state). */
    public static final String MODEL_FILE = "model.zip";

    private static final ObjectMapper JSON = Json.mapper();
    /** Lock files held by this process (a {@link FileLock} is per process, so this process checks itself). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final boolean created;
    private boolean closed;

    private RunFolder(Path dir, Path lockFile, FileChannel lockChannel, boolean created) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.created = created;
    }

    /**
     * Opens the run folder {@code dir} for writing, creating it if needed, and locks it (lock file
     * {@value #LOCK_FILE}); close it when the command is done.
     *
     * @throws IllegalStateException naming the folder when another process or command holds its lock
     */
    public static RunFolder create(Path dir) {
        return create(dir, LOCK_FILE);
    }

    /**
     * {@link #create(Path)} with a lock file of another name inside {@code dir}, for writers that
     * share a folder with others that have their own lock (e.g. the shards of one sweep).
     */
    public static RunFolder create(Path dir, String lockName) {
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
        Path lockFile = dir.resolve(lockName).toAbsolutePath().normalize();
        if (!HELD.add(lockFile)) {
            throw inUse(dir, "another command of this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw inUse(dir, holder.isEmpty() ? "another process" : holder);
            }
            byte[] me = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
            return new RunFolder(dir, lockFile, channel, !existed);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(lockFile);
            throw new UncheckedIOException("cannot lock run folder " + dir + " (" + lockFile + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD.remove(lockFile);
            throw e;
        }
    }

    /**
     * A finished run folder to read from, neither created nor locked (e.g. the source of
     * {@code --weights} or {@code --run}).
     */
    public static RunFolder open(Path dir) {
        return new RunFolder(dir, null, null, false);
    }

    private static IllegalStateException inUse(Path dir, String holder) {
        return new IllegalStateException("run folder " + dir + " is in use by " + holder
                + "; wait for it to finish or choose another output folder");
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            int n = channel.read(b, 0);
            String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).strip();
            return s.matches("pid \\d+") ? "process " + s.substring(4) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    /**
     * Releases the lock. A folder this object created that holds nothing but the lock file is
     * removed. Idempotent; a folder from {@link #open} has nothing to release.
     */
    @Override
    public synchronized void close() {
        if (closed || lockChannel == null) {
            closed = true;
            return;
        }
        closed = true;
        try {
            if (created && onlyLockFile()) {
                Files.deleteIfExists(lockFile);
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // best effort: an empty folder is harmless
        } finally {
            closeQuietly(lockChannel);
            HELD.remove(lockFile);
        }
    }

    private boolean onlyLockFile() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.toAbsolutePath().normalize().equals(lockFile));
        }
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** A path inside the folder. */
    public Path path(String name) {
        return dir.resolve(name);
    }

    /** Whether the folder holds {@code name}. */
    public boolean has(String name) {
        return Files.exists(path(name));
    }

    /** Writes {@code value} as pretty JSON (Jackson). */
    public Path writeJson(String name, Object value) {
        try {
            return writeBytes(name, Json.pretty().writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes UTF-8 text. */
    public Path writeText(String name, String text) {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes. */
    public Path writeBytes(String name, byte[] bytes) {
        return writeStream(name, out -> out.write(bytes));
    }

    /** Writes what {@code writer} writes to a stream (a model, a serializer's output), atomically. */
    public Path writeStream(String name, AtomicFiles.StreamWriter writer) {
        Path p = path(name);
        try {
            AtomicFiles.writeStream(p, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + p + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** Writes an array as {@code .npy} in C order, in the array's own data type. */
    public Path writeNpy(String name, INDArray array) {
        Path p = path(name);
        try {
            Npy.write(p, array);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + p + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** Writes a vector as float64 {@code .npy}. */
    public Path writeNpy(String name, double[] values) {
        return writeNpy(name, Nd4j.createFromArray(values));
    }

    /** Writes a vector as float32 {@code .npy}. */
    public Path writeNpy(String name, float[] values) {
        return writeNpy(name, Nd4j.createFromArray(values));
    }

    /** Writes a matrix as float32 {@code .npy}. */
    public Path writeNpyFloat32(String name, double[][] values) {
        return writeNpy(name, Nd4j.createFromArray(values).castTo(DataType.FLOAT));
    }

    /**
     * A JSON file of the folder as a tree (config.json read back by {@code --resume}).
     *
     * @throws IllegalArgumentException naming the file when it is absent or unreadable
     */
    public com.fasterxml.jackson.databind.JsonNode readJson(String name) {
        Path p = path(name);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(p + " is missing; expected the " + name + " of a run folder");
        }
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** The bytes of a file of the folder (a PNG written before, for a report that shows it inline). */
    public byte[] readBytes(String name) {
        Path p = path(name);
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Renders an XChart chart to PNG. */
    public Path writePng(String name, Chart<?, ?> chart) {
        return writeBytes(name, png(chart));
    }

    /** An XChart chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + chart.getTitle() + ": " + e.getMessage(), e);
        }
    }
}
