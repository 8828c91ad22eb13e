package org.sgdvi.core.trajectory;

import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.ChannelIo;
import org.sgdvi.core.io.Npy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An append-only, crash-safe, chunked store of a training trajectory: snapshot k holds the d
 * weights x_k (float32) and a few named float64 scalars (e.g. epoch, full-gradient norm, train
 * loss), as needed for the trajectory experiment of the paper's Fig. 3 (Remarks 17/18).
 *
 * <p>The folder format is documented in the package documentation. In short: complete chunks
 * are sealed {@code chunk-NNNNNN.npy} ([K, d] float32) plus {@code chunk-NNNNNN.scalars.npy}
 * ([K, c] float64) files, and the chunk being filled is an append-only {@code chunk-NNNNNN.part}
 * file of fixed-size records. The number of snapshots is derived from the files themselves
 * (number of sealed chunks times K plus the number of complete records of the part file); no
 * separate counter can disagree with the data.
 *
 * <p>Crash safety: {@link #append} writes one record and forces it to disk before returning,
 * so after {@code kill -9} (or a power cut) at any moment reopening yields exactly the snapshots
 * whose {@code append} returned, plus possibly the one in flight if its record was complete; a
 * torn trailing record is cut off. Sealing writes both .npy files atomically (temp file + fsync
 * + rename) before the part file is deleted, so a crash in between leaves duplicate copies of
 * the same rows that reopening resolves in favour of the sealed chunk. Each snapshot's bytes are
 * written twice in total (record, then chunk), never rewritten per append.
 *
 * <p>One writer at a time: {@link #create}, {@link #openForAppend} and {@link #openOrCreate}
 * hold an exclusive lock on {@code store.lock} until {@link #close()}; the operating system
 * releases it when the process dies. {@link #openReadOnly} takes no lock and repairs nothing.
 * Instances are thread-safe (all methods synchronize on the store).
 */
public final class TrajectoryStore implements AutoCloseable {

    /** Name of the layout file in the store folder. */
    public static final String LAYOUT_FILE = "store.json";
    /** Name of the lock file held by the writer. */
    public static final String LOCK_FILE = "store.lock";

    private static final Pattern CHUNK = Pattern.compile("chunk-(\\d+)\\.npy");
    private static final Pattern SCALARS = Pattern.compile("chunk-(\\d+)\\.scalars\\.npy");
    private static final Pattern PART = Pattern.compile("chunk-(\\d+)\\.part");
    private static final int READ_BLOCK_BYTES = 4 << 20;

    private final Path folder;
    private final StoreLayout layout;
    private final boolean writable;
    private FileChannel lockChannel;
    private FileLock lock;
    private int sealedChunks;
    private int partRows;
    private FileChannel part;
    private boolean closed;

    private TrajectoryStore(Path folder, StoreLayout layout, boolean writable) {
        this.folder = folder;
        this.layout = layout;
        this.writable = writable;
    }

    /**
     * Creates a new empty store in {@code folder} (which must not exist or be empty) and opens it
     * for appending.
     */
    public static TrajectoryStore create(Path folder, StoreLayout layout) throws IOException {
        Files.createDirectories(folder);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            if (entries.iterator().hasNext()) {
                throw new IOException("cannot create a trajectory store in " + folder + ": the folder is not empty");
            }
        }
        TrajectoryStore store = new TrajectoryStore(folder, layout, true);
        store.lock();
        try {
            layout.write(folder.resolve(LAYOUT_FILE));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Opens an existing store for appending, after recovering from any crash: deletes temp
     * files and leftovers of interrupted seals or truncations, cuts a torn trailing record, and
     * seals a full part file.
     *
     * @throws IOException if the folder is not a store, another writer holds it, or its files
     *                     are inconsistent in a way no crash can produce (the message names the file)
     */
    public static TrajectoryStore openForAppend(Path folder) throws IOException {
        StoreLayout layout = readLayout(folder);
        TrajectoryStore store = new TrajectoryStore(folder, layout, true);
        store.lock();
        try {
            store.scan();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Opens the store in {@code folder} for appending if it exists (its layout must equal
     * {@code layout}), otherwise creates it.
     */
    public static TrajectoryStore openOrCreate(Path folder, StoreLayout layout) throws IOException {
        if (!Files.exists(folder.resolve(LAYOUT_FILE))) {
            return create(folder, layout);
        }
        TrajectoryStore store = openForAppend(folder);
        if (!store.layout.equals(layout)) {
            store.close();
            throw new IOException(folder.resolve(LAYOUT_FILE) + " describes " + store.layout
                    + " but the caller expects " + layout);
        }
        return store;
    }

    /**
     * Opens a store for reading only: changes nothing on disk, ignores torn records and
     * leftovers. The size is fixed at opening; reading while a writer seals a chunk may fail
     * with an {@link IOException} (open again to retry).
     */
    public static TrajectoryStore openReadOnly(Path folder) throws IOException {
        TrajectoryStore store = new TrajectoryStore(folder, readLayout(folder), false);
        store.scan();
        return store;
    }

    /** True if {@code folder} holds a store (a {@code store.json} file). */
    public static boolean isStore(Path folder) {
        return Files.isRegularFile(folder.resolve(LAYOUT_FILE));
    }

    private static StoreLayout readLayout(Path folder) throws IOException {
        Path file = folder.resolve(LAYOUT_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(folder + " is not a trajectory store: " + LAYOUT_FILE + " is missing");
        }
        return StoreLayout.read(file);
    }

    private void lock() throws IOException {
        lockChannel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("trajectory store " + folder + " is already open for writing in this process", e);
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("trajectory store " + folder + " is open for writing by another process");
        }
    }

    /** The layout: dimension, chunk size and scalar columns. */
    public StoreLayout layout() {
        return layout;
    }

    /** The store folder. */
    public Path folder() {
        return folder;
    }

    /** Number of complete snapshots T. */
    public synchronized int size() {
        return sealedChunks * layout.chunkSize() + partRows;
    }

    /**
     * Index of the next snapshot to write (= {@link #size()}): a trainer resumes from its
     * checkpoint at this snapshot, or calls {@link #truncateTo} first if its checkpoint is older.
     */
    public synchronized int resumePoint() {
        return size();
    }

    // ------------------------------------------------------------------ recovery

    private void scan() throws IOException {
        TreeSet<Integer> chunks = new TreeSet<>();
        TreeSet<Integer> scalars = new TreeSet<>();
        TreeSet<Integer> parts = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                Matcher m;
                if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    if (writable) {
                        Files.deleteIfExists(p);
                    }
                } else if ((m = CHUNK.matcher(name)).matches()) {
                    chunks.add(Integer.parseInt(m.group(1)));
                } else if ((m = SCALARS.matcher(name)).matches()) {
                    scalars.add(Integer.parseInt(m.group(1)));
                } else if ((m = PART.matcher(name)).matches()) {
                    parts.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        int sealed = chunks.size();
        if (sealed > 0 && chunks.last() != sealed - 1) {
            int missing = 0;
            while (chunks.contains(missing)) {
                missing++;
            }
            throw new IOException("trajectory store " + folder + " is corrupt: " + chunkFile(missing).getFileName()
                    + " is missing but " + chunkFile(chunks.last()).getFileName() + " exists");
        }
        for (int j = 0; j < sealed; j++) {
            checkSealed(j, scalars.contains(j));
        }
        for (int j : parts) {
            if (j < sealed) {
                if (writable) {
                    Files.deleteIfExists(partFile(j)); // an interrupted seal or truncation left it
                }
            } else if (j > sealed) {
                throw new IOException("trajectory store " + folder + " is corrupt: " + partFile(j).getFileName()
                        + " exists but the chunks before it end at " + sealed);
            }
        }
        if (writable) {
            for (int j : scalars.tailSet(sealed, true)) {
                Files.deleteIfExists(scalarsFile(j)); // an interrupted seal or truncation left it
            }
        }
        sealedChunks = sealed;
        partRows = 0;
        Path partPath = partFile(sealed);
        if (parts.contains(sealed)) {
            long bytes = Files.size(partPath);
            long rows = bytes / layout.recordBytes();
            if (rows > layout.chunkSize()) {
                throw new IOException("trajectory store " + folder + " is corrupt: " + partPath.getFileName()
                        + " holds " + rows + " records but a chunk holds at most " + layout.chunkSize());
            }
            partRows = (int) rows;
            if (writable && bytes != rows * layout.recordBytes()) {
                try (FileChannel ch = FileChannel.open(partPath, StandardOpenOption.WRITE)) {
                    ch.truncate(rows * layout.recordBytes());
                    ch.force(true);
                }
            }
        }
        if (writable) {
            AtomicFiles.forceDirectory(folder);
            if (partRows == layout.chunkSize()) {
                seal();
            }
        }
    }

    private void checkSealed(int j, boolean hasScalars) throws IOException {
        Path weights = chunkFile(j);
        requireHeader(weights, Npy.Header.of(Npy.DType.FLOAT32, layout.chunkSize(), layout.dimension()));
        Path scalarPath = scalarsFile(j);
        if (!hasScalars) {
            throw new IOException("trajectory store " + folder + " is corrupt: " + scalarPath.getFileName()
                    + " is missing although " + weights.getFileName() + " exists");
        }
        requireHeader(scalarPath, Npy.Header.of(Npy.DType.FLOAT64, layout.chunkSize(), layout.scalarCount()));
    }

    private static void requireHeader(Path file, Npy.Header expected) throws IOException {
        Npy.Header h = Npy.Header.read(file);
        if (h.dtype() != expected.dtype() || h.byteOrder() != ByteOrder.LITTLE_ENDIAN || h.fortranOrder()
                || !Arrays.equals(h.shape(), expected.shape())) {
            throw new IOException(file + ": expected a C-order '" + expected.descr() + "' array of shape "
                    + Arrays.toString(expected.shape()) + " but the header says " + h);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Appends snapshot number {@link #size()} and forces it to disk before returning.
     *
     * @param weights the d weights
     * @param scalars one value per scalar column, in the layout's order
     */
    public synchronized void append(float[] weights, double... scalars) throws IOException {
        requireWritable();
        if (weights.length != layout.dimension()) {
            throw new IllegalArgumentException("snapshot has " + weights.length + " weights, the store "
                    + folder + " expects " + layout.dimension());
        }
        if (scalars.length != layout.scalarCount()) {
            throw new IllegalArgumentException("snapshot has " + scalars.length + " scalars, the store "
                    + folder + " expects " + layout.scalarCount() + " " + layout.scalarColumns());
        }
        ByteBuffer record = ByteBuffer.allocate(layout.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
        record.asFloatBuffer().put(weights);
        record.position(4 * weights.length);
        for (double s : scalars) {
            record.putDouble(s);
        }
        record.flip();
        if (partRows == layout.chunkSize()) {
            seal(); // an earlier seal failed part-way; finish it before writing the next chunk
        }
        if (part == null) {
            Path path = partFile(sealedChunks);
            boolean existed = Files.exists(path);
            part = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (!existed) {
                AtomicFiles.forceDirectory(folder);
            }
        }
        ChannelIo.writeFully(part, record, (long) partRows * layout.recordBytes(), partFile(sealedChunks));
        part.force(false);
        partRows++;
        if (partRows == layout.chunkSize()) {
            seal();
        }
    }

    /** Appends a snapshot given as a vector of d weights (any data type; converted to float32). */
    public void append(INDArray weights, double... scalars) throws IOException {
        append(weights.toFloatVector(), scalars);
    }

    /** Turns the full part file into chunk-j.npy + chunk-j.scalars.npy, then deletes the part. */
    private void seal() throws IOException {
        int j = sealedChunks;
        Path partPath = partFile(j);
        closePart();
        int k = layout.chunkSize();
        int d = layout.dimension();
        int c = layout.scalarCount();
        ByteBuffer records = ByteBuffer.allocate(k * layout.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(partPath, StandardOpenOption.READ)) {
            ChannelIo.readFully(ch, records, 0, partPath);
        }
        records.flip();
        ByteBuffer w = ByteBuffer.allocate(4 * k * d);
        ByteBuffer s = ByteBuffer.allocate(8 * k * c);
        byte[] rowWeights = new byte[4 * d];
        byte[] rowScalars = new byte[8 * c];
        for (int r = 0; r < k; r++) {
            records.get(rowWeights);
            records.get(rowScalars);
            w.put(rowWeights);
            s.put(rowScalars);
        }
        w.flip();
        s.flip();
        Npy.write(scalarsFile(j), Npy.Header.of(Npy.DType.FLOAT64, k, c), ch -> ChannelIo.writeFully(ch, s, scalarsFile(j)));
        Npy.write(chunkFile(j), Npy.Header.of(Npy.DType.FLOAT32, k, d), ch -> ChannelIo.writeFully(ch, w, chunkFile(j)));
        // chunk-j.npy now exists: the chunk is sealed; the part file is a leftover from here on.
        sealedChunks = j + 1;
        partRows = 0;
        Files.deleteIfExists(partPath);
        AtomicFiles.forceDirectory(folder);
    }

    /**
     * Cuts the store back to its first {@code n} snapshots (a trainer whose checkpoint is older
     * than the store calls this before resuming). Files are removed from the end backwards, so
     * a crash during truncation leaves a valid prefix whose length lies between {@code n} and
     * the old size; calling again finishes the job.
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than {@link #size()}
     */
    public synchronized void truncateTo(int n) throws IOException {
        requireWritable();
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("cannot truncate trajectory store " + folder + " of "
                    + size() + " snapshots to " + n);
        }
        if (n == size()) {
            return;
        }
        int k = layout.chunkSize();
        int target = n / k;
        int rest = n % k;
        closePart();
        if (sealedChunks == target) {
            if (rest == 0) {
                Files.deleteIfExists(partFile(target));
                AtomicFiles.forceDirectory(folder);
            } else {
                try (FileChannel ch = FileChannel.open(partFile(target), StandardOpenOption.WRITE)) {
                    ch.truncate((long) rest * layout.recordBytes());
                    ch.force(true);
                }
            }
            partRows = rest;
            return;
        }
        Files.deleteIfExists(partFile(sealedChunks));
        partRows = 0;
        AtomicFiles.forceDirectory(folder);
        while (sealedChunks > target + 1) {
            deleteSealed(sealedChunks - 1);
        }
        // Now chunk `target` is the last sealed chunk; keep its first `rest` rows as a part file.
        if (rest > 0) {
            ByteBuffer records = ByteBuffer.allocate(rest * layout.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] w = new float[layout.dimension()];
            double[] s = new double[layout.scalarCount()];
            int base = target * k;
            visitRows(base, base + rest, (index, weights, scalars) -> {
                records.asFloatBuffer().put(weights);
                records.position(records.position() + 4 * weights.length);
                for (double v : scalars) {
                    records.putDouble(v);
                }
            }, w, s);
            records.flip();
            AtomicFiles.write(partFile(target), ch -> ChannelIo.writeFully(ch, records, partFile(target)));
        }
        deleteSealed(target);
        partRows = rest;
    }

    private void deleteSealed(int j) throws IOException {
        Files.deleteIfExists(chunkFile(j));
        AtomicFiles.forceDirectory(folder);
        Files.deleteIfExists(scalarsFile(j));
        sealedChunks = j;
    }

    // ------------------------------------------------------------------ reading

    /** Receives one snapshot at a time; the arrays are reused between calls. */
    @FunctionalInterface
    public interface SnapshotVisitor {
        /** Called with snapshot {@code index}, its weights and its scalars. */
        void visit(int index, float[] weights, double[] scalars) throws IOException;
    }

    /** Calls {@code visitor} for snapshots {@code from <= k < to} in order. */
    public synchronized void forEach(int from, int to, SnapshotVisitor visitor) throws IOException {
        visitRows(from, to, visitor, new float[layout.dimension()], new double[layout.scalarCount()]);
    }

    private void visitRows(int from, int to, SnapshotVisitor visitor, float[] w, double[] s) throws IOException {
        requireOpen();
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of trajectory store " + folder
                    + " with " + size() + " snapshots");
        }
        int k = layout.chunkSize();
        int d = layout.dimension();
        int c = layout.scalarCount();
        int blockRows = Math.max(1, READ_BLOCK_BYTES / layout.recordBytes());
        int row = from;
        while (row < to) {
            int chunk = row / k;
            int inChunk = row % k;
            int count = Math.min(Math.min(to - row, k - inChunk), blockRows);
            if (chunk < sealedChunks) {
                ByteBuffer wb = ByteBuffer.allocate(count * 4 * d).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer sb = ByteBuffer.allocate(count * 8 * c).order(ByteOrder.LITTLE_ENDIAN);
                readNpyRows(chunkFile(chunk), wb, (long) inChunk * 4 * d);
                readNpyRows(scalarsFile(chunk), sb, (long) inChunk * 8 * c);
                wb.flip();
                sb.flip();
                for (int r = 0; r < count; r++) {
                    wb.asFloatBuffer().get(w);
                    wb.position(wb.position() + 4 * d);
                    sb.asDoubleBuffer().get(s);
                    sb.position(sb.position() + 8 * c);
                    visitor.visit(row + r, w, s);
                }
            } else {
                Path partPath = partFile(chunk);
                ByteBuffer rb = ByteBuffer.allocate(count * layout.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
                try (FileChannel ch = FileChannel.open(partPath, StandardOpenOption.READ)) {
                    ChannelIo.readFully(ch, rb, (long) inChunk * layout.recordBytes(), partPath);
                }
                rb.flip();
                for (int r = 0; r < count; r++) {
                    rb.asFloatBuffer().get(w);
                    rb.position(rb.position() + 4 * d);
                    rb.asDoubleBuffer().get(s);
                    rb.position(rb.position() + 8 * c);
                    visitor.visit(row + r, w, s);
                }
            }
            row += count;
        }
    }

    private static void readNpyRows(Path file, ByteBuffer target, long offsetInData) throws IOException {
        try (FileChannel ch = Npy.open(file)) {
            Npy.Header header = Npy.Header.read(ch, file);
            ChannelIo.readFully(ch, target, header.dataOffset() + offsetInData, file);
        }
    }

    /** Snapshots {@code from <= k < to} as rows of weights, shape [to - from][d]. */
    public synchronized float[][] readRows(int from, int to) throws IOException {
        float[][] rows = new float[Math.max(0, to - from)][];
        forEach(from, to, (index, weights, scalars) -> rows[index - from] = weights.clone());
        return rows;
    }

    /** All snapshots as rows of weights, shape [T][d]. */
    public synchronized float[][] readAll() throws IOException {
        return readRows(0, size());
    }

    /** All snapshots as a float32 C-order INDArray of shape [T, d]. */
    public synchronized INDArray readAllAsINDArray() throws IOException {
        return Nd4j.create(readAll());
    }

    /** All snapshots' scalars, shape [T][c] in the layout's column order. */
    public synchronized double[][] readScalars() throws IOException {
        double[][] rows = new double[size()][];
        forEach(0, size(), (index, weights, scalars) -> rows[index] = scalars.clone());
        return rows;
    }

    /**
     * One scalar column over all snapshots.
     *
     * @throws IllegalArgumentException if the layout has no such column
     */
    public synchronized double[] readScalarColumn(String name) throws IOException {
        int column = layout.scalarIndex(name);
        if (column < 0) {
            throw new IllegalArgumentException("trajectory store " + folder + " has no scalar column '" + name
                    + "'; its columns are " + layout.scalarColumns());
        }
        double[] values = new double[size()];
        forEach(0, size(), (index, weights, scalars) -> values[index] = scalars[column]);
        return values;
    }

    /** All snapshots as a column-major {@link TrajectoryMatrix} (one float array per weight). */
    public synchronized TrajectoryMatrix readAsMatrix() throws IOException {
        float[][] columns = new float[layout.dimension()][size()];
        forEach(0, size(), (index, weights, scalars) -> {
            for (int i = 0; i < weights.length; i++) {
                columns[i][index] = weights[i];
            }
        });
        return TrajectoryMatrix.ofColumns(columns);
    }

    /**
     * Writes all weights as one C-order float32 .npy of shape [T, d], atomically (numpy:
     * {@code np.load(target)}).
     */
    public synchronized void exportNpy(Path target) throws IOException {
        exportRows(target, Npy.DType.FLOAT32, layout.dimension(), (row, weights, scalars) -> row.asFloatBuffer().put(weights));
    }

    /** Writes all scalars as one C-order float64 .npy of shape [T, c], atomically. */
    public synchronized void exportScalarsNpy(Path target) throws IOException {
        exportRows(target, Npy.DType.FLOAT64, layout.scalarCount(), (row, weights, scalars) -> row.asDoubleBuffer().put(scalars));
    }

    /** Puts one snapshot's row of an export into {@code row} (little-endian, cleared). */
    @FunctionalInterface
    private interface RowFill {
        void fill(ByteBuffer row, float[] weights, double[] scalars);
    }

    /** One .npy of shape [T, columns] in {@code type}, a row per snapshot as {@code fill} puts it, written atomically. */
    private void exportRows(Path target, Npy.DType type, int columns, RowFill fill) throws IOException {
        int t = size();
        Npy.write(target, Npy.Header.of(type, t, columns), ch -> {
            ByteBuffer row = ByteBuffer.allocate(type.bytes() * columns).order(ByteOrder.LITTLE_ENDIAN);
            forEach(0, t, (index, weights, scalars) -> {
                row.clear();
                fill.fill(row, weights, scalars);
                ChannelIo.writeFully(ch, row, target);
            });
        });
    }

    // ------------------------------------------------------------------ files

    Path chunkFile(int j) {
        return folder.resolve(String.format(Locale.ROOT, "chunk-%06d.npy", j));
    }

    Path scalarsFile(int j) {
        return folder.resolve(String.format(Locale.ROOT, "chunk-%06d.scalars.npy", j));
    }

    Path partFile(int j) {
        return folder.resolve(String.format(Locale.ROOT, "chunk-%06d.part", j));
    }

    /** The store's data files in the order of their snapshots (for documentation and tests). */
    public synchronized List<Path> dataFiles() {
        List<Path> files = new java.util.ArrayList<>();
        for (int j = 0; j < sealedChunks; j++) {
            files.add(chunkFile(j));
        }
        if (partRows > 0) {
            files.add(partFile(sealedChunks));
        }
        return files;
    }

    private void requireWritable() {
        requireOpen();
        if (!writable) {
            throw new IllegalStateException("trajectory store " + folder + " was opened read-only");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("trajectory store " + folder + " is closed");
        }
    }

    private void closePart() throws IOException {
        if (part != null) {
            part.close();
            part = null;
        }
    }

    /** Closes the part file and releases the writer lock. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closePart();
        } finally {
            if (lock != null) {
                lock.release();
                lock = null;
            }
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        }
    }
}
