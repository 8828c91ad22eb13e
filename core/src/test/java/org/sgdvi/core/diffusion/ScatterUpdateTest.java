package org.sgdvi.core.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScatterUpdateTest {

    private static INDArray random(DataType type, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextDouble() - 0.5 + (j % 7 == 0 ? 3 : 0);
            }
        }
        return Nd4j.createFromArray(a).castTo(type);
    }

    @Test
    void theCpuBackendUsesSyrk() {
        assertThat(ScatterUpdate.best()).isEqualTo(ScatterUpdate.SYRK);
    }

    @Test
    void syrkAndGemmAccumulateTheSameScatterInDouble() {
        int d = 1100; // crosses two mirror-block boundaries
        MomentAccumulator syrk = new MomentAccumulator(d, DataType.DOUBLE, true, ScatterUpdate.SYRK);
        MomentAccumulator gemm = new MomentAccumulator(d, DataType.DOUBLE, true, ScatterUpdate.GEMM);
        for (int c = 0; c < 3; c++) {
            INDArray chunk = random(DataType.DOUBLE, 40 + 7 * c, d, c);
            syrk.add(chunk);
            gemm.add(chunk);
        }
        INDArray a = syrk.scatter();
        INDArray b = gemm.scatter();
        double scale = b.norm2Number().doubleValue();
        assertThat(a.sub(b).norm2Number().doubleValue()).isLessThan(1e-12 * scale);
        assertThat(a.sub(a.transpose()).norm2Number().doubleValue()).isZero();
        // adding after a read mirrors again
        INDArray extra = random(DataType.DOUBLE, 5, d, 99);
        syrk.add(extra);
        gemm.add(extra);
        assertThat(syrk.scatter().sub(gemm.scatter()).norm2Number().doubleValue()).isLessThan(1e-12 * scale);
    }

    @Test
    void syrkAndGemmAgreeInFloat() {
        int d = 300;
        MomentAccumulator syrk = new MomentAccumulator(d, DataType.FLOAT, true, ScatterUpdate.SYRK);
        MomentAccumulator gemm = new MomentAccumulator(d, DataType.FLOAT, true, ScatterUpdate.GEMM);
        for (int c = 0; c < 2; c++) {
            INDArray chunk = random(DataType.FLOAT, 64, d, 10 + c);
            syrk.add(chunk);
            gemm.add(chunk);
        }
        INDArray a = syrk.scatter();
        INDArray b = gemm.scatter();
        assertThat(a.sub(b).norm2Number().doubleValue()).isLessThan(1e-5 * b.norm2Number().doubleValue());
        assertThat(a.sub(a.transpose()).norm2Number().doubleValue()).isZero();
    }

    @Test
    void mirroringCopiesTheUpperTriangleOnly() {
        int n = 1030;
        INDArray m = random(DataType.DOUBLE, n, n, 5);
        INDArray original = m.dup();
        ScatterUpdate.completeLowerTriangle(m);
        for (int[] ij : new int[][] {{0, 0}, {3, 700}, {1029, 1029}, {511, 512}, {512, 511}, {1000, 2}, {600, 520}}) {
            int i = Math.min(ij[0], ij[1]);
            int j = Math.max(ij[0], ij[1]);
            assertThat(m.getDouble(ij[0], ij[1])).isEqualTo(original.getDouble(i, j));
        }
        assertThat(m.sub(m.transpose()).norm2Number().doubleValue()).isZero();
    }
}
