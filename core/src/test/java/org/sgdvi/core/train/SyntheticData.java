package org.sgdvi.core.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded synthetic classification data for the models and train tests. */
public final class SyntheticData {

    private SyntheticData() {
    }

    /**
     * n rows of {@code inputs} standard-normal features and one-hot labels over {@code classes}, where
     * the label depends on the features (arg-max of a fixed random projection) so a network can learn.
     */
    public static DataSet classification(int n, int inputs, int classes, long seed, DataType dtype) {
        Random r = new Random(seed);
        double[][] x = new double[n][inputs];
        double[][] proj = new double[inputs][classes];
        for (double[] row : proj) {
            for (int j = 0; j < classes; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] y = new double[n][classes];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inputs; k++) {
                x[i][k] = r.nextGaussian();
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                double s = 0;
                for (int k = 0; k < inputs; k++) {
                    s += x[i][k] * proj[k][j];
                }
                s += 0.5 * r.nextGaussian();
                if (s > bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            y[i][best] = 1;
        }
        INDArray features = Nd4j.create(x).castTo(dtype);
        INDArray labels = Nd4j.create(y).castTo(dtype);
        return new DataSet(features, labels);
    }
}
