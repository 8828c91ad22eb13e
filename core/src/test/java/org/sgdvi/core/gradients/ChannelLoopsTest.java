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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Each loop of {@link ChannelLoops} against the ND4J operations it replaces, on row ranges of larger
 * arrays (views with an offset, as the engine's per-thread slices are) and writing per-example sums
 * into a column block of wider rows (as the gradient blocks are): element-wise results bitwise, the
 * per-channel sums (accumulated in double) to float32 rounding, checked against sums in double.
 */
@ExtendWith(SingleThreadedNd4j.class)
class ChannelLoopsTest {

    private static INDArray rows(INDArray all, long from, long to) {
        return InferenceGradientEngine.slice(all, from, to);
    }

    @ParameterizedTest
    @CsvSource({"3, 4, 5, 6", "4, 7, 1, 1", "2, 3, 24, 24"})
    void affineReluAndReluBackwardMatchNd4j(int m, int c, int h, int w) {
        Nd4j.getRandom().setSeed(31);
        INDArray x = rows(Nd4j.randn(DataType.FLOAT, m + 2, c, h, w), 1, m + 1);
        INDArray scale = Nd4j.randn(DataType.FLOAT, c);
        INDArray shift = Nd4j.randn(DataType.FLOAT, c);
        assertTrue(ChannelLoops.applies(x));
        INDArray expected = x.dup();
        Nd4j.exec(new BroadcastMulOp(expected, scale, expected, 1));
        Nd4j.exec(new BroadcastAddOp(expected, shift, expected, 1));
        INDArray actual = Nd4j.create(DataType.FLOAT, x.shape());
        ChannelLoops.affine(x, scale.toFloatVector(), shift.toFloatVector(), actual);
        assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 0.0);

        INDArray biased = x.dup();
        Nd4j.exec(new BroadcastAddOp(biased, shift, biased, 1));
        INDArray inPlace = x.dup();
        ChannelLoops.affine(inPlace, null, shift.toFloatVector(), inPlace);
        assertEquals(0.0, inPlace.sub(biased).amaxNumber().doubleValue(), 0.0);

        INDArray relu = Nd4j.create(DataType.FLOAT, x.shape());
        ChannelLoops.relu(x, relu);
        assertEquals(0.0, relu.sub(Transforms.relu(x, true)).amaxNumber().doubleValue(), 0.0);

        INDArray e = Nd4j.randn(DataType.FLOAT, x.shape());
        INDArray z = x.dup();
        z.putScalar(0, 0f); // relu'(0) = 0, as DL4J's relu_bp
        INDArray expectedBp = new org.nd4j.linalg.activations.impl.ActivationReLU().backprop(z.dup(), e).getFirst();
        ChannelLoops.reluBackwardInPlace(z, e);
        assertEquals(0.0, z.sub(expectedBp).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, z.getDouble(0), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"3, 4, 5, 6, true", "4, 7, 1, 1, true", "2, 3, 24, 24, false"})
    void batchNormBackwardAndChannelSumsMatchSumsInDouble(int m, int c, int h, int w, boolean withGamma) {
        Nd4j.getRandom().setSeed(32);
        INDArray e = rows(Nd4j.randn(DataType.FLOAT, m + 1, c, h, w), 1, m + 1);
        INDArray a = rows(Nd4j.randn(DataType.FLOAT, m + 3, c, h, w), 2, m + 2);
        INDArray mean = Nd4j.randn(DataType.FLOAT, c);
        INDArray std = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
        INDArray scale = Nd4j.randn(DataType.FLOAT, c);
        INDArray wide = Nd4j.zeros(DataType.FLOAT, m, 3 * c + 5);
        INDArray dGamma = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + c));
        INDArray dBeta = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2 + c, 2 + 2 * c));
        INDArray inputError = Nd4j.create(DataType.FLOAT, e.shape());
        ChannelLoops.batchNormBackward(e, a, mean.toFloatVector(), std.toFloatVector(), scale.toFloatVector(),
                withGamma ? dGamma : null, dBeta, inputError);

        INDArray ed = e.castTo(DataType.DOUBLE);
        INDArray centred = a.castTo(DataType.DOUBLE);
        Nd4j.exec(new BroadcastAddOp(centred, mean.castTo(DataType.DOUBLE).neg(), centred, 1));
        INDArray expectedBeta = ed.sum(2, 3);
        INDArray expectedGamma = ed.mul(centred).sum(2, 3).diviRowVector(std.castTo(DataType.DOUBLE));
        double tol = 1e-6 * h * w;
        assertEquals(0.0, dBeta.castTo(DataType.DOUBLE).sub(expectedBeta).amaxNumber().doubleValue(), tol);
        if (withGamma) {
            assertEquals(0.0, dGamma.castTo(DataType.DOUBLE).sub(expectedGamma).amaxNumber().doubleValue(), tol);
        } else {
            assertEquals(0.0, dGamma.amaxNumber().doubleValue(), 0.0, "no gamma block given, none written");
        }
        INDArray expectedError = Nd4j.create(DataType.FLOAT, e.shape());
        Nd4j.exec(new BroadcastMulOp(e, scale, expectedError, 1));
        assertEquals(0.0, inputError.sub(expectedError).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).amaxNumber().doubleValue(), 0.0,
                "columns outside the blocks stay untouched");
        assertEquals(0.0, wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2 + 2 * c, 3 * c + 5)).amaxNumber()
                .doubleValue(), 0.0, "columns outside the blocks stay untouched");

        INDArray sums = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2 + 2 * c, 2 + 3 * c));
        ChannelLoops.channelSums(e.reshape('c', m, c, (long) h * w), sums);
        assertEquals(0.0, sums.castTo(DataType.DOUBLE).sub(expectedBeta).amaxNumber().doubleValue(), tol);
    }

    @Test
    void doubleAndStridedArraysAreLeftToNd4j() {
        assertFalse(ChannelLoops.applies(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertFalse(ChannelLoops.applies(Nd4j.zeros(DataType.FLOAT, 2, 3, 4).permute(0, 2, 1)));
        assertTrue(ChannelLoops.applies(Nd4j.zeros(DataType.FLOAT, 2, 3, 4)));
    }
}
