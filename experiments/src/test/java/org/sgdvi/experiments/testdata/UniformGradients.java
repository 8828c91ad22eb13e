package org.sgdvi.experiments.testdata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.io.Npy;

/** A K x d float32 "gradient" matrix with entries uniform on [-1/2, 1/2), seeded, written as {@code .npy}. */
public final class UniformGradients {

    private UniformGradients() {
    }

    /** The rows, drawn row by row from {@code SplittableRandom(seed)}. */
    public static float[][] rows(int k, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] rows = new float[k][d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (rnd.nextDouble() - 0.5);
            }
        }
        return rows;
    }

    /** Writes {@link #rows} to {@code file}; returns it. */
    public static Path write(Path file, int k, int d, long seed) throws IOException {
        Npy.write(file, Nd4j.createFromArray(rows(k, d, seed)));
        return file;
    }
}
