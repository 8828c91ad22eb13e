package org.sgdvi.datasets.io;

import java.util.List;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.ImageDataset;

/**
 * Reads the binary ("for C programs") CIFAR files. A CIFAR-10 record is 1 label byte
 * (0..9) followed by 3072 pixel bytes; a CIFAR-100 record is a coarse label byte (0..19), a
 * fine label byte (0..99) and 3072 pixel bytes. Pixels are channel-major: 1024 red, 1024
 * green, 1024 blue values, each a 32x32 image in row-major order, which is exactly the
 * C x H x W layout of {@link ImageDataset}. Grey levels g become g / 255.
 */
public final class CifarReader {
    /** Image side. */
    public static final int SIDE = 32;
    /** Channels (R, G, B). */
    public static final int CHANNELS = 3;
    /** Pixel bytes per record. */
    public static final int PIXELS = CHANNELS * SIDE * SIDE;

    private CifarReader() {
    }

    /**
     * CIFAR-100 examples with both label sets.
     *
     * @param fine          the examples labelled with the 100 fine classes
     * @param coarseLabels  the 20-class coarse label of each example
     */
    public record Cifar100Data(ImageDataset fine, int[] coarseLabels) {
        /** @return the same images labelled with the 20 coarse classes */
        public ImageDataset coarse() {
            return new ImageDataset(fine.name() + "-coarse", CHANNELS, SIDE, SIDE, 20, fine.images(), coarseLabels);
        }
    }

    /**
     * Reads and concatenates CIFAR-10 batch files in the given order.
     *
     * @param files           batch files (e.g. data_batch_1.bin .. data_batch_5.bin)
     * @param expectedPerFile required number of records per file, or 0 for any positive number
     * @param name            data set name
     * @return 3x32x32 images with labels in 0..9
     * @throws DataFormatException if a file has a partial record, the wrong number of records
     *                             or a label out of range
     */
    public static ImageDataset readCifar10(List<SourceFile> files, int expectedPerFile, String name) {
        int record = 1 + PIXELS;
        int total = 0;
        for (SourceFile f : files) {
            total += records(f, f.content().length, record, expectedPerFile);
        }
        float[] px = new float[total * PIXELS];
        int[] labels = new int[total];
        int n = 0;
        for (SourceFile f : files) {
            byte[] b = f.content();
            int count = b.length / record;
            for (int i = 0; i < count; i++, n++) {
                int base = i * record;
                labels[n] = label(f, b[base], i, "label", 10);
                decode(b, base + 1, px, n * PIXELS);
            }
        }
        return ImageDataset.ofOwned(name, CHANNELS, SIDE, SIDE, 10, px, labels);
    }

    /**
     * Reads one CIFAR-100 binary file (train.bin or test.bin).
     *
     * @param file     the file
     * @param expected required number of records, or 0 for any positive number
     * @param name     data set name
     * @return the images with fine (0..99) and coarse (0..19) labels
     * @throws DataFormatException if the file has a partial record, the wrong number of records
     *                             or a label out of range
     */
    public static Cifar100Data readCifar100(SourceFile file, int expected, String name) {
        int record = 2 + PIXELS;
        byte[] b = file.content();
        int count = records(file, b.length, record, expected);
        float[] px = new float[count * PIXELS];
        int[] fine = new int[count];
        int[] coarse = new int[count];
        for (int i = 0; i < count; i++) {
            int base = i * record;
            coarse[i] = label(file, b[base], i, "coarse label", 20);
            fine[i] = label(file, b[base + 1], i, "fine label", 100);
            decode(b, base + 2, px, i * PIXELS);
        }
        return new Cifar100Data(ImageDataset.ofOwned(name, CHANNELS, SIDE, SIDE, 100, px, fine), coarse);
    }

    private static int records(SourceFile f, long length, int record, int expected) {
        if (length == 0 || length % record != 0) {
            throw new DataFormatException(f.name(), "file length", "a positive multiple of the " + record
                    + "-byte record" + (length > record ? " (file is truncated or has trailing bytes)" : ""),
                    length + " bytes (" + length / record + " records and " + length % record + " extra bytes)");
        }
        long count = length / record;
        if (expected > 0 && count != expected) {
            throw new DataFormatException(f.name(), "number of records", String.valueOf(expected),
                    String.valueOf(count));
        }
        return (int) count;
    }

    private static int label(SourceFile f, byte b, int record, String field, int classes) {
        int v = b & 0xff;
        if (v >= classes) {
            throw new DataFormatException(f.name(), field + " of record " + record,
                    "a class in [0, " + classes + ")", String.valueOf(v));
        }
        return v;
    }

    private static void decode(byte[] b, int from, float[] px, int to) {
        for (int k = 0; k < PIXELS; k++) {
            px[to + k] = (b[from + k] & 0xff) / 255f;
        }
    }
}
