package org.sgdvi.experiments.testdata;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small learnable MNIST look-alike in the real IDX format into {@code <dataDir>/mnist/}:
 * class k is a bright 8x8 square at a class-specific place plus seeded noise.
 */
public final class TinyMnist {

    private TinyMnist() {
    }

    /**
     * A data folder with these counts and seed, written once per test JVM into a temporary folder that
     * is deleted when the JVM exits; for test classes that only read the data.
     */
    public static Path shared(int train, int test, long seed) {
        return JvmFolders.once("tiny-mnist-" + train + "-" + test + "-" + seed, dir -> write(dir, train, test, seed));
    }

    /** Writes train and t10k IDX files with the given counts; returns the data folder. */
    public static Path write(Path dataDir, int train, int test, long seed) throws IOException {
        return write(dataDir, train, test, seed, false);
    }

    /**
     * As {@link #write(Path, int, int, long)}; with {@code sortedByClass} example i of n has label
     * {@link #sortedLabel(int, int)} (classes in blocks, as the npm digits are ordered), else i mod 10.
     */
    public static Path write(Path dataDir, int train, int test, long seed, boolean sortedByClass) throws IOException {
        Path dir = dataDir.resolve("mnist");
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        writePair(dir, "train", train, rnd, sortedByClass);
        writePair(dir, "t10k", test, rnd, sortedByClass);
        return dataDir;
    }

    /** The label of example i of n in a class-sorted file: floor(10 i / n). */
    public static int sortedLabel(int i, int n) {
        return (int) (10L * i / n);
    }

    private static void writePair(Path dir, String prefix, int n, SplittableRandom rnd, boolean sortedByClass)
            throws IOException {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            int k = sortedByClass ? sortedLabel(i, n) : i % 10;
            labels[i] = (byte) k;
            int r0 = 2 + (k / 5) * 12;
            int c0 = 1 + (k % 5) * 5;
            for (int p = 0; p < 784; p++) {
                int r = p / 28;
                int c = p % 28;
                boolean on = r >= r0 && r < r0 + 8 && c >= c0 && c < c0 + 4;
                int v = (on ? 200 : 0) + rnd.nextInt(50);
                pixels[i * 784 + p] = (byte) Math.min(255, v);
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")))) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            out.write(labels);
        }
    }
}
