package org.sgdvi.core.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link ReceptiveFields#gather} against libnd4j's own im2col, entry for entry, and
 * {@link ReceptiveFields#scatter} against libnd4j's col2im (to float32 rounding of the sums), for
 * kernels with stride, padding and dilation (rows of at least 16 output columns at unit stride take the
 * block-copy walk, the others the index table), on a row range of a larger input (a view with an offset,
 * as the engine's per-thread slices are).
 */
@ExtendWith(SingleThreadedNd4j.class)
class ReceptiveFieldsTest {

    @ParameterizedTest
    @CsvSource({
        // channels, height, width, kH, kW, sH, sW, pH, pW, dH, dW
        "1, 28, 28, 5, 5, 1, 1, 0, 0, 1, 1",
        "3, 20, 20, 3, 3, 1, 1, 1, 1, 1, 1",
        "2, 12, 18, 3, 3, 2, 1, 2, 2, 2, 2",
        "3, 9, 7, 3, 3, 1, 1, 1, 1, 1, 1",
        "2, 9, 8, 3, 2, 2, 3, 1, 0, 1, 1",
        "2, 10, 9, 3, 3, 1, 2, 2, 1, 2, 2",
        "2, 6, 6, 3, 3, 1, 1, 4, 4, 1, 1",
        "4, 5, 5, 1, 1, 1, 1, 0, 0, 1, 1"})
    void gatherAndScatterMatchLibnd4jIm2colAndCol2im(int c, int h, int w, int kH, int kW, int sH, int sW, int pH, int pW,
                                                    int dH, int dW) {
        int oH = (h + 2 * pH - (dH * (kH - 1) + 1)) / sH + 1;
        int oW = (w + 2 * pW - (dW * (kW - 1) + 1)) / sW + 1;
        int m = 3;
        ReceptiveFields fields = new ReceptiveFields(c, h, w, new int[] {kH, kW}, new int[] {sH, sW}, new int[] {pH, pW},
                new int[] {dH, dW}, new int[] {oH, oW});
        Nd4j.getRandom().setSeed(21);
        INDArray x = Nd4j.randn(DataType.FLOAT, m + 2, c, h, w).get(NDArrayIndex.interval(1, m + 1), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all());
        INDArray expected = Nd4j.create(DataType.FLOAT, m, c, kH, kW, oH, oW);
        Convolution.im2col(x, kH, kW, sH, sW, pH, pW, dH, dW, false, expected);
        INDArray actual = Nd4j.create(DataType.FLOAT, m, c, kH, kW, oH, oW);
        assertTrue(ReceptiveFields.applies(x, actual.length() / m), "a row range of a C-order array is contiguous");
        fields.gather(x, actual);
        assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 0.0);
        if (pH > 0) {
            assertEquals(0.0, actual.getDouble(0, 0, 0, 0, 0, 0), 0.0, "the top-left corner lies in the padding");
        }

        INDArray dCols = Nd4j.randn(DataType.FLOAT, m + 2, c, kH, kW, oH, oW).get(NDArrayIndex.interval(1, m + 1),
                NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray expectedError = Nd4j.create(DataType.FLOAT, m, c, h, w);
        Convolution.col2im(dCols, expectedError, sH, sW, pH, pW, h, w, dH, dW);
        INDArray error = Nd4j.valueArrayOf(new long[] {m, c, h, w}, Float.NaN, DataType.FLOAT); // overwritten everywhere
        assertTrue(ReceptiveFields.applies(dCols, dCols.length() / m));
        fields.scatter(dCols.reshape('c', m, (long) c * kH * kW, (long) oH * oW), error);
        assertEquals(0.0, error.sub(expectedError).amaxNumber().doubleValue(), 1e-5 * kH * kW);
        assertTrue(expectedError.amaxNumber().doubleValue() > 0.1);
    }
}
