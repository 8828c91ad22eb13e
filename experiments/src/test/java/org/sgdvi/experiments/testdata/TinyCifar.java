package org.sgdvi.experiments.testdata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a CIFAR-10 look-alike in the real binary format into {@code <dataDir>/cifar-10-batches-bin/}:
 * five data batches and a test batch of exactly 10,000 records each (the loader insists on the
 * standard counts). Only a few records carry the classes 0..{@code classes}-1, a learnable pattern
 * (class k: a bright 8x8 square in colour channel k mod 3 at a class-specific place, plus seeded
 * noise); every other record is a black image labelled 9. Select the small set with
 * {@code --classes 0-<classes-1>}.
 */
public final class TinyCifar {

    /** Records per batch file, as in the real data. */
    public static final int RECORDS = 10_000;
    /** Label of the filler records. */
    public static final int FILLER_LABEL = 9;
    private static final int PIXELS = 3 * 32 * 32;

    private TinyCifar() {
    }

    /**
     * Writes the six batch files; {@code trainPerClass} examples of each class go into data_batch_1,
     * {@code testPerClass} into test_batch. Returns the data folder.
     */
    public static Path write(Path dataDir, int classes, int trainPerClass, int testPerClass, long seed) throws IOException {
        if (classes < 2 || classes > FILLER_LABEL || (long) classes * Math.max(trainPerClass, testPerClass) > RECORDS) {
            throw new IllegalArgumentException("TinyCifar: classes = " + classes + ", trainPerClass = " + trainPerClass
                    + ", testPerClass = " + testPerClass + "; expected 2..9 classes and at most 10,000 records per file");
        }
        Path dir = dataDir.resolve("cifar-10-batches-bin");
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        writeBatch(dir.resolve("data_batch_1.bin"), classes, trainPerClass, rnd);
        for (int i = 2; i <= 5; i++) {
            writeBatch(dir.resolve("data_batch_" + i + ".bin"), classes, 0, rnd);
        }
        writeBatch(dir.resolve("test_batch.bin"), classes, testPerClass, rnd);
        return dataDir;
    }

    private static void writeBatch(Path file, int classes, int perClass, SplittableRandom rnd) throws IOException {
        byte[] all = new byte[RECORDS * (1 + PIXELS)];
        for (int i = 0; i < RECORDS; i++) {
            int base = i * (1 + PIXELS);
            if (i >= classes * perClass) {
                all[base] = (byte) FILLER_LABEL;
                continue;
            }
            int k = i % classes;
            all[base] = (byte) k;
            int channel = k % 3;
            int r0 = 2 + (k / 3) * 12;
            int c0 = 2 + (k % 3) * 9;
            for (int p = 0; p < PIXELS; p++) {
                int c = p / 1024;
                int r = (p / 32) % 32;
                int col = p % 32;
                boolean on = c == channel && r >= r0 && r < r0 + 8 && col >= c0 && col < c0 + 8;
                all[base + 1 + p] = (byte) Math.min(255, (on ? 180 : 0) + rnd.nextInt(70));
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(all);
        }
    }
}
