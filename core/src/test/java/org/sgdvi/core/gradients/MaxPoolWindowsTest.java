package org.sgdvi.core.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link MaxPoolWindows} against libnd4j's {@code maxpool2d} and {@code maxpool2d_bp} (what DL4J's
 * SubsamplingLayer runs), bitwise, on a row range of a larger input, for windows with stride, padding,
 * dilation and overlap, on inputs rounded to a few values so that windows hold ties (which must go
 * where libnd4j sends them).
 */
@ExtendWith(SingleThreadedNd4j.class)
class MaxPoolWindowsTest {

    @ParameterizedTest
    @CsvSource({
        // channels, height, width, kH, kW, sH, sW, pH, pW, dH, dW
        "8, 24, 24, 3, 3, 3, 3, 0, 0, 1, 1",
        "3, 8, 8, 2, 2, 2, 2, 0, 0, 1, 1",
        "2, 9, 7, 3, 3, 1, 1, 1, 1, 1, 1",
        "2, 10, 9, 3, 2, 2, 3, 1, 0, 2, 1",
        "1, 7, 7, 3, 3, 2, 2, 0, 0, 1, 1"})
    void matchesLibnd4jForwardAndBackwardWithTies(int c, int h, int w, int kH, int kW, int sH, int sW, int pH, int pW,
                                                  int dH, int dW) {
        int oH = (h + 2 * pH - (dH * (kH - 1) + 1)) / sH + 1;
        int oW = (w + 2 * pW - (dW * (kW - 1) + 1)) / sW + 1;
        int m = 3;
        Nd4j.getRandom().setSeed(41);
        INDArray all = Transforms.round(Nd4j.randn(DataType.FLOAT, m + 2, c, h, w).muli(1.5), false); // ties
        INDArray x = all.get(NDArrayIndex.interval(1, m + 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        int[] args = {kH, kW, sH, sW, pH, pW, dH, dW, 0, 0, 0};
        INDArray expected = Nd4j.create(DataType.FLOAT, m, c, oH, oW);
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(x).addOutputs(expected).addIntegerArguments(args).build());
        MaxPoolWindows windows = new MaxPoolWindows(c, h, w, new int[] {kH, kW}, new int[] {sH, sW}, new int[] {pH, pW},
                new int[] {dH, dW}, new int[] {oH, oW});
        assertTrue(windows.complete() && windows.fits(x.shape()));
        INDArray actual = Nd4j.create(DataType.FLOAT, m, c, oH, oW);
        windows.forward(x, actual);
        assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 0.0);

        INDArray error = Nd4j.randn(DataType.FLOAT, m, c, oH, oW);
        INDArray expectedGrad = Nd4j.create(DataType.FLOAT, m, c, h, w);
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(x, error).addOutputs(expectedGrad)
                .addIntegerArguments(args).build());
        INDArray grad = Nd4j.valueArrayOf(new long[] {m, c, h, w}, Float.NaN, DataType.FLOAT); // overwritten everywhere
        windows.backward(error, grad);
        assertEquals(0.0, grad.sub(expectedGrad).amaxNumber().doubleValue(), 1e-6);
        assertTrue(expectedGrad.amaxNumber().doubleValue() > 0.1);
    }

    @Test
    void aWindowWhollyInThePaddingIsNotComplete() {
        MaxPoolWindows windows = new MaxPoolWindows(1, 4, 4, new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {4, 4});
        assertFalse(windows.complete());
    }
}
