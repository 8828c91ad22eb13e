package org.sgdvi.core.gradients;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * N examples as flat row-major float arrays: inputs x_k (row k of an [N, p] matrix) and label
 * distributions y_k (one-hot rows of an [N, c] matrix).
 *
 * @param features N * p floats, example k at [k p, (k + 1) p)
 * @param labels N * c floats, example k at [k c, (k + 1) c)
 * @param examples N
 * @param featureSize p
 * @param classes c
 */
public record ExampleMatrix(float[] features, float[] labels, int examples, int featureSize, int classes) {

    /** Checks the array lengths. */
    public ExampleMatrix {
        if (examples < 1 || featureSize < 1 || classes < 1) {
            throw new IllegalArgumentException("example matrix: examples = " + examples + ", featureSize = "
                    + featureSize + ", classes = " + classes + "; expected all >= 1");
        }
        if (features.length != (long) examples * featureSize) {
            throw new IllegalArgumentException("example matrix: features has " + features.length
                    + " values, expected examples * featureSize = " + (long) examples * featureSize);
        }
        if (labels.length != (long) examples * classes) {
            throw new IllegalArgumentException("example matrix: labels has " + labels.length
                    + " values, expected examples * classes = " + (long) examples * classes);
        }
    }

    /** The examples of a DL4J data set with 2-D features [N, p] and labels [N, c] (copied to float). */
    public static ExampleMatrix of(DataSet data) {
        INDArray f = data.getFeatures();
        INDArray l = data.getLabels();
        if (f.rank() != 2 || l.rank() != 2 || f.size(0) != l.size(0)) {
            throw new IllegalArgumentException("example matrix: expected features [N, p] and labels [N, c], got "
                    + java.util.Arrays.toString(f.shape()) + " and " + java.util.Arrays.toString(l.shape()));
        }
        return new ExampleMatrix(floats(f), floats(l), (int) f.size(0), (int) f.size(1), (int) l.size(1));
    }

    /** The inputs as a FLOAT [N, p] array (a copy). */
    public INDArray featureMatrix() {
        return org.nd4j.linalg.factory.Nd4j.create(features, new long[] {examples, featureSize}, 'c');
    }

    /** The labels as a FLOAT [N, c] array (a copy). */
    public INDArray labelMatrix() {
        return org.nd4j.linalg.factory.Nd4j.create(labels, new long[] {examples, classes}, 'c');
    }

    /** Row-major float copy of a 2-D array. */
    public static float[] floats(INDArray a) {
        INDArray c = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView() ? a : a.castTo(DataType.FLOAT).dup('c');
        return c.data().asFloat();
    }
}
