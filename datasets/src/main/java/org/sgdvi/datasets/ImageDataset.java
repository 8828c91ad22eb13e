package org.sgdvi.datasets;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable in-memory set of N labelled images of shape C x H x W. Pixels are stored as
 * one float array in N x C x H x W row-major order (grey levels scaled to [0,1] unless a
 * transform such as ZCA whitening changed them); labels are integers in [0, numClasses).
 *
 * <p>{@link #images()} and {@link #labels()} return copies; use {@link #imagesView()},
 * {@link #copyImage} and {@link #label(int)} to read without copying.
 */
public final class ImageDataset {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final float[] images;
    private final int[] labels;

    /**
     * Creates a data set from copies of {@code images} and {@code labels}.
     *
     * @param name       a short name (used in messages and provenance)
     * @param channels   C
     * @param height     H
     * @param width      W
     * @param numClasses number of classes; every label must lie in [0, numClasses)
     * @param images     N*C*H*W pixels, row-major N x C x H x W
     * @param labels     N labels
     * @throws IllegalArgumentException if the lengths or labels are inconsistent
     */
    public ImageDataset(String name, int channels, int height, int width, int numClasses,
                        float[] images, int[] labels) {
        this(name, channels, height, width, numClasses, images.clone(), labels.clone(), true);
    }

    private ImageDataset(String name, int channels, int height, int width, int numClasses,
                         float[] images, int[] labels, boolean owned) {
        this.name = Objects.requireNonNull(name, "name");
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException(name + ": channels, height, width and numClasses must be positive, got "
                    + channels + "x" + height + "x" + width + ", " + numClasses + " classes");
        }
        long pixelsPerImage = (long) channels * height * width;
        if ((long) labels.length * pixelsPerImage != images.length) {
            throw new IllegalArgumentException(name + ": images array has " + images.length + " floats, expected "
                    + labels.length + " labels x " + pixelsPerImage + " pixels = " + labels.length * pixelsPerImage);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label of example " + i + " is " + labels[i]
                        + ", expected a class in [0, " + numClasses + ")");
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.images = images;
        this.labels = labels;
    }

    /**
     * Creates a data set that takes ownership of the arrays without copying them. Only for
     * callers that created the arrays themselves and drop every reference to them.
     *
     * @return a data set backed by {@code images} and {@code labels}
     */
    public static ImageDataset ofOwned(String name, int channels, int height, int width, int numClasses,
                                       float[] images, int[] labels) {
        return new ImageDataset(name, channels, height, width, numClasses, images, labels, true);
    }

    /** @return N, the number of examples */
    public int size() {
        return labels.length;
    }

    /** @return C */
    public int channels() {
        return channels;
    }

    /** @return H */
    public int height() {
        return height;
    }

    /** @return W */
    public int width() {
        return width;
    }

    /** @return C * H * W, the length of one flattened image */
    public int pixelsPerImage() {
        return channels * height * width;
    }

    /** @return the number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return a copy of the pixels, N x C x H x W row-major */
    public float[] images() {
        return images.clone();
    }

    /** @return a read-only view of the pixels (no copy), N x C x H x W row-major */
    public FloatBuffer imagesView() {
        return FloatBuffer.wrap(images).asReadOnlyBuffer();
    }

    /** @return a copy of the labels */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param i example index
     * @return the label of example {@code i}
     */
    public int label(int i) {
        return labels[i];
    }

    /**
     * Copies image {@code i} (C*H*W floats) into {@code dst} at {@code offset}.
     *
     * @param i      example index
     * @param dst    destination
     * @param offset first destination index
     */
    public void copyImage(int i, float[] dst, int offset) {
        int p = pixelsPerImage();
        System.arraycopy(images, i * p, dst, offset, p);
    }

    /** @return counts of each label, length numClasses */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /**
     * @param indices example indices (repeats allowed), in the order wanted
     * @return a new data set holding those examples
     */
    public ImageDataset subset(int[] indices) {
        int p = pixelsPerImage();
        float[] img = new float[Math.multiplyExact(indices.length, p)];
        int[] lab = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException(name + ": subset index " + i + " outside [0, " + labels.length + ")");
            }
            System.arraycopy(images, i * p, img, j * p, p);
            lab[j] = labels[i];
        }
        return new ImageDataset(name, channels, height, width, numClasses, img, lab, true);
    }

    /**
     * @param newName the name of the copy
     * @return the same data under another name (shares the immutable arrays)
     */
    public ImageDataset withName(String newName) {
        return new ImageDataset(newName, channels, height, width, numClasses, images, labels, true);
    }

    /**
     * Examples {@code from} (inclusive) to {@code to} (exclusive) as an ND4J data set: features
     * [n, C*H*W] float32 flattened in C, H, W order; labels one-hot [n, numClasses] float32.
     *
     * @param from first example
     * @param to   one past the last example
     * @return a freshly allocated data set
     */
    public DataSet toDataSet(int from, int to) {
        if (from < 0 || to > labels.length || from >= to) {
            throw new IndexOutOfBoundsException(name + ": example range [" + from + ", " + to
                    + ") is empty or outside [0, " + labels.length + ")");
        }
        int n = to - from;
        int p = pixelsPerImage();
        float[] feat = Arrays.copyOfRange(images, from * p, to * p);
        float[] oneHot = new float[n * numClasses];
        for (int j = 0; j < n; j++) {
            oneHot[j * numClasses + labels[from + j]] = 1f;
        }
        return toDataSet(feat, oneHot, n, p, numClasses);
    }

    /** @return all examples as one ND4J data set, see {@link #toDataSet(int, int)} */
    public DataSet toDataSet() {
        return toDataSet(0, labels.length);
    }

    /**
     * Builds an ND4J data set from flat arrays (shared by the samplers).
     *
     * @param features   n * featureSize floats
     * @param oneHot     n * numClasses floats
     * @param n          number of examples
     * @param featureSize C*H*W
     * @param numClasses number of classes
     * @return features [n, featureSize] and labels [n, numClasses], float32, C order
     */
    public static DataSet toDataSet(float[] features, float[] oneHot, int n, int featureSize, int numClasses) {
        INDArray f = Nd4j.create(features, new long[] {n, featureSize}, DataType.FLOAT);
        INDArray l = Nd4j.create(oneHot, new long[] {n, numClasses}, DataType.FLOAT);
        return new DataSet(f, l);
    }

    /** @return e.g. "60000 x 1x28x28, 10 classes" */
    public String shapeString() {
        return labels.length + " x " + channels + "x" + height + "x" + width + ", " + numClasses + " classes";
    }

    @Override
    public String toString() {
        return "ImageDataset[" + name + ": " + shapeString() + "]";
    }
}
