package org.sgdvi.core.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link BatchedGemm} against the product of each matrix pair computed by a plain triple loop in double
 * precision: shared and batched left factors, every transpose combination, an output that is a strided
 * view inside wider rows (as a per-example gradient block is), views with offsets, and the fallback.
 */
@ExtendWith(SingleThreadedNd4j.class)
class BatchedGemmTest {

    private static final int N = 5;

    private static double entry(INDArray x, boolean trans, int k, long i, long j) {
        return x.rank() == 2 ? (trans ? x.getDouble(j, i) : x.getDouble(i, j))
                : (trans ? x.getDouble(k, j, i) : x.getDouble(k, i, j));
    }

    private static void check(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c, double tol) {
        BatchedGemm.multiply(a, ta, b, tb, c);
        long rows = c.size(1);
        long cols = c.size(2);
        long inner = tb ? b.size(2) : b.size(1);
        for (int k = 0; k < N; k++) {
            for (long i = 0; i < rows; i++) {
                for (long j = 0; j < cols; j++) {
                    double s = 0;
                    for (long l = 0; l < inner; l++) {
                        s += entry(a, ta, k, i, l) * entry(b, tb, k, l, j);
                    }
                    assertEquals(s, c.getDouble(k, i, j), tol * (1 + Math.abs(s)), "entry " + k + "," + i + "," + j);
                }
            }
        }
    }

    @Test
    void sharedAndBatchedFactorsInEveryTransposeCombination() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
            Nd4j.getRandom().setSeed(11);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray shared = ta ? Nd4j.randn(type, 4, 3) : Nd4j.randn(type, 3, 4);
                    INDArray batched = ta ? Nd4j.randn(type, N, 4, 3) : Nd4j.randn(type, N, 3, 4);
                    INDArray b = tb ? Nd4j.randn(type, N, 6, 4) : Nd4j.randn(type, N, 4, 6);
                    check(shared, ta, b, tb, Nd4j.create(type, N, 3, 6), tol);
                    check(batched, ta, b, tb, Nd4j.create(type, N, 3, 6), tol);
                }
            }
        }
    }

    @Test
    void writesIntoAStridedBlockOfWiderRowsAndReadsOffsetViews() {
        Nd4j.getRandom().setSeed(12);
        INDArray rows = Nd4j.zeros(DataType.FLOAT, N + 2, 50);
        INDArray block = rows.get(NDArrayIndex.interval(1, N + 1), NDArrayIndex.interval(7, 7 + 3 * 6))
                .reshape('c', true, N, 3, 6);
        INDArray wide = Nd4j.randn(DataType.FLOAT, N + 1, 3, 4);
        INDArray a = wide.get(NDArrayIndex.interval(1, N + 1), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray b = Nd4j.randn(DataType.FLOAT, N, 4, 6);
        check(a, false, b, false, block, 1e-5);
        // nothing outside the block was written
        assertEquals(0.0, rows.getRow(0).sumNumber().doubleValue(), 0.0);
        assertEquals(0.0, rows.getRow(N + 1).sumNumber().doubleValue(), 0.0);
        assertEquals(0.0, rows.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 7)).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, rows.get(NDArrayIndex.all(), NDArrayIndex.interval(25, 50)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void nonContiguousMatricesFallBackToNd4j() {
        Nd4j.getRandom().setSeed(13);
        INDArray a = Nd4j.randn(DataType.FLOAT, N, 4, 3).permute(0, 2, 1); // each matrix transposed in memory
        check(a, false, Nd4j.randn(DataType.FLOAT, N, 4, 6), false, Nd4j.create(DataType.FLOAT, N, 3, 6), 1e-5);
    }

    @Test
    void refusesNonConformingShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchedGemm.multiply(
                Nd4j.create(DataType.FLOAT, 3, 4), false, Nd4j.create(DataType.FLOAT, N, 5, 6), false,
                Nd4j.create(DataType.FLOAT, N, 3, 6)));
        assertEquals(true, e.getMessage().contains("does not conform"), e.getMessage());
    }
}
