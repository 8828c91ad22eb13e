package org.sgdvi.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Shared generator of small data files with known contents: IDX (plain and gzip), CIFAR-10/100
 * binary batches, npm-style digit JSON, tar.gz archives, and corrupted variants. Pixel byte j of
 * image i is {@link #pixel(int, int)}; labels are given explicitly.
 */
public final class TestData {
    private TestData() {
    }

    /**
     * @param image index of the image in its file
     * @param j     index of the byte inside the image
     * @return the grey level 0..255 written at that place
     */
    public static int pixel(int image, int j) {
        return (image * 31 + j * 7 + 3) % 256;
    }

    /** @return an IDX3 unsigned-byte image file of count images rows x cols */
    public static byte[] idxImages(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < rows * cols; j++) {
                b.put((byte) pixel(i, j));
            }
        }
        return b.array();
    }

    /** @return an IDX1 unsigned-byte label file */
    public static byte[] idxLabels(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    /** @return labels i mod classes */
    public static int[] cyclicLabels(int count, int classes) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) {
            l[i] = i % classes;
        }
        return l;
    }

    /**
     * Writes train-/t10k- images and labels (28x28, labels i mod 10) to dir.
     *
     * @return dir
     */
    public static Path writeIdxSet(Path dir, int trainCount, int testCount, boolean gzip) {
        write(dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : "")), maybeGzip(idxImages(trainCount, 28, 28), gzip));
        write(dir.resolve("train-labels-idx1-ubyte" + (gzip ? ".gz" : "")),
                maybeGzip(idxLabels(cyclicLabels(trainCount, 10)), gzip));
        write(dir.resolve("t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")), maybeGzip(idxImages(testCount, 28, 28), gzip));
        write(dir.resolve("t10k-labels-idx1-ubyte" + (gzip ? ".gz" : "")),
                maybeGzip(idxLabels(cyclicLabels(testCount, 10)), gzip));
        return dir;
    }

    /** @return a CIFAR-10 batch with the given labels */
    public static byte[] cifar10(int[] labels) {
        int rec = 1 + 3072;
        byte[] b = new byte[labels.length * rec];
        for (int i = 0; i < labels.length; i++) {
            b[i * rec] = (byte) labels[i];
            for (int j = 0; j < 3072; j++) {
                b[i * rec + 1 + j] = (byte) pixel(i, j);
            }
        }
        return b;
    }

    /** @return a CIFAR-100 file with the given coarse and fine labels */
    public static byte[] cifar100(int[] coarse, int[] fine) {
        int rec = 2 + 3072;
        byte[] b = new byte[fine.length * rec];
        for (int i = 0; i < fine.length; i++) {
            b[i * rec] = (byte) coarse[i];
            b[i * rec + 1] = (byte) fine[i];
            for (int j = 0; j < 3072; j++) {
                b[i * rec + 2 + j] = (byte) pixel(i, j);
            }
        }
        return b;
    }

    /** @return the npm grey level of pixel j of image i, exactly representable: 0, .25, .5, .75, 1 */
    public static float npmValue(int image, int j) {
        return (pixel(image, j) % 5) / 4f;
    }

    /** @return {"data":[...]} with count 28x28 images of {@link #npmValue} */
    public static String npmDigitJson(int count) {
        StringBuilder sb = new StringBuilder(count * 784 * 5 + 16).append("{ \"data\": [");
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < 784; j++) {
                if (i + j > 0) {
                    sb.append(',');
                }
                float v = npmValue(i, j);
                sb.append(v == (int) v ? String.valueOf((int) v) : String.valueOf(v));
            }
        }
        return sb.append("] }").toString();
    }

    /** Writes 0.json..9.json with counts[k] images of digit k into dir. @return dir */
    public static Path writeNpmDigits(Path dir, int[] counts) {
        for (int k = 0; k < 10; k++) {
            write(dir.resolve(k + ".json"), npmDigitJson(counts[k]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return dir;
    }

    /** @return an npm-pack-like tarball with package/src/digits/k.json entries */
    public static byte[] npmTarball(int[] counts) {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("package/package.json", "{\"name\":\"mnist\",\"version\":\"1.1.0\"}".getBytes());
        for (int k = 0; k < 10; k++) {
            entries.put("package/src/digits/" + k + ".json", npmDigitJson(counts[k]).getBytes());
        }
        return tarGz(entries);
    }

    /** @return a .tar.gz holding the given entries (regular files) */
    public static byte[] tarGz(Map<String, byte[]> entries) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bos))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** @return gzip of bytes */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** @return bytes gzipped if gzip */
    public static byte[] maybeGzip(byte[] bytes, boolean gzip) {
        return gzip ? gzip(bytes) : bytes;
    }

    /** @return the first n bytes */
    public static byte[] truncate(byte[] bytes, int n) {
        return Arrays.copyOf(bytes, n);
    }

    /** @return a copy with the big-endian int at offset replaced */
    public static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] c = bytes.clone();
        ByteBuffer.wrap(c).putInt(offset, value);
        return c;
    }

    /** @return a copy with one byte replaced */
    public static byte[] withByte(byte[] bytes, int offset, int value) {
        byte[] c = bytes.clone();
        c[offset] = (byte) value;
        return c;
    }

    /** Writes bytes to file, creating folders. @return file */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** @return a data set of n images 1 x h x w with pixel(i, j) / 255 and labels i mod classes */
    public static ImageDataset grid(int n, int h, int w, int classes) {
        float[] px = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h * w; j++) {
                px[i * h * w + j] = pixel(i, j) / 255f;
            }
        }
        return new ImageDataset("grid", 1, h, w, classes, px, cyclicLabels(n, classes));
    }
}
