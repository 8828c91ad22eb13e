package org.sgdvi.datasets.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.ImageDataset;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST ({@code *-idx3-ubyte} images,
 * {@code *-idx1-ubyte} labels), plain or gzip-compressed. Layout: a big-endian 32-bit magic
 * number 0x00000803 (unsigned bytes, 3 dimensions) or 0x00000801 (1 dimension), then one
 * big-endian 32-bit size per dimension, then the data bytes. The data must have exactly the
 * length the dimensions imply. Grey levels g in 0..255 become g / 255.
 */
public final class IdxReader {
    /** Magic number of an unsigned-byte, three-dimensional IDX file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, one-dimensional IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * Images of an IDX3 file.
     *
     * @param count  number of images
     * @param rows   image height
     * @param cols   image width
     * @param pixels count*rows*cols grey levels scaled to [0,1]
     */
    public record IdxImages(int count, int rows, int cols, float[] pixels) {
    }

    /**
     * @param file an IDX3 file
     * @return its images
     * @throws DataFormatException if the file is not a well-formed IDX3 unsigned-byte file
     */
    public static IdxImages readImages(SourceFile file) {
        byte[] b = file.content();
        ByteBuffer buf = header(file, b, IMAGES_MAGIC, 3);
        int count = dim(file, buf, "number of images", 0);
        int rows = dim(file, buf, "number of rows", 1);
        int cols = dim(file, buf, "number of columns", 1);
        long expected = 16L + (long) count * rows * cols;
        checkLength(file, b.length, expected, count + " images of " + rows + "x" + cols);
        float[] px = new float[count * rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (b[16 + i] & 0xff) / 255f;
        }
        return new IdxImages(count, rows, cols, px);
    }

    /**
     * @param file an IDX1 file
     * @return its labels (unsigned bytes)
     * @throws DataFormatException if the file is not a well-formed IDX1 unsigned-byte file
     */
    public static int[] readLabels(SourceFile file) {
        byte[] b = file.content();
        ByteBuffer buf = header(file, b, LABELS_MAGIC, 1);
        int count = dim(file, buf, "number of labels", 0);
        checkLength(file, b.length, 8L + count, count + " labels");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = b[8 + i] & 0xff;
        }
        return labels;
    }

    /**
     * Reads a matching pair of image and label files into a data set.
     *
     * @param images       IDX3 image file
     * @param labels       IDX1 label file
     * @param name         data set name
     * @param numClasses   labels must lie in [0, numClasses)
     * @param expectedRows required image height, or 0 for any
     * @param expectedCols required image width, or 0 for any
     * @return the data set, 1 channel
     * @throws DataFormatException on any inconsistency, naming the file and field
     */
    public static ImageDataset read(SourceFile images, SourceFile labels, String name, int numClasses,
                                    int expectedRows, int expectedCols) {
        IdxImages img = readImages(images);
        if (expectedRows > 0 && img.rows() != expectedRows) {
            throw new DataFormatException(images.name(), "number of rows", String.valueOf(expectedRows),
                    String.valueOf(img.rows()));
        }
        if (expectedCols > 0 && img.cols() != expectedCols) {
            throw new DataFormatException(images.name(), "number of columns", String.valueOf(expectedCols),
                    String.valueOf(img.cols()));
        }
        int[] lab = readLabels(labels);
        if (lab.length != img.count()) {
            throw new DataFormatException(labels.name(), "number of labels",
                    img.count() + " (the number of images in " + images.name() + ")", String.valueOf(lab.length));
        }
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] >= numClasses) {
                throw new DataFormatException(labels.name(), "label " + i, "a class in [0, " + numClasses + ")",
                        String.valueOf(lab[i]));
            }
        }
        return ImageDataset.ofOwned(name, 1, img.rows(), img.cols(), numClasses, img.pixels(), lab);
    }

    /**
     * Convenience overload reading two files from disk.
     *
     * @return see {@link #read(SourceFile, SourceFile, String, int, int, int)}
     * @throws IOException if a file cannot be read
     */
    public static ImageDataset read(Path images, Path labels, String name, int numClasses,
                                    int expectedRows, int expectedCols) throws IOException {
        return read(SourceFile.read(images), SourceFile.read(labels), name, numClasses, expectedRows, expectedCols);
    }

    private static ByteBuffer header(SourceFile file, byte[] b, int magic, int dims) {
        int headerBytes = 4 + 4 * dims;
        if (b.length < 4) {
            throw new DataFormatException(file.name(), "magic number", String.format("0x%08X (4 bytes)", magic),
                    "a file of " + b.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        int found = buf.getInt();
        if (found != magic) {
            throw new DataFormatException(file.name(), "magic number", String.format("0x%08X", magic)
                    + (magic == IMAGES_MAGIC ? " (IDX3 unsigned-byte images)" : " (IDX1 unsigned-byte labels)"),
                    String.format("0x%08X", found));
        }
        if (b.length < headerBytes) {
            throw new DataFormatException(file.name(), "header", headerBytes + " bytes (magic and " + dims
                    + " dimension sizes)", b.length + " bytes");
        }
        return buf;
    }

    private static int dim(SourceFile file, ByteBuffer buf, String field, int min) {
        int v = buf.getInt();
        if (v < min) {
            throw new DataFormatException(file.name(), field, "at least " + min, String.valueOf(v));
        }
        return v;
    }

    private static void checkLength(SourceFile file, long actual, long expected, String what) {
        if (actual != expected) {
            throw new DataFormatException(file.name(), "data length", expected + " bytes for " + what
                    + (actual < expected ? " (file is truncated)" : " (file has trailing bytes)"),
                    actual + " bytes");
        }
    }
}
