package org.sgdvi.core.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.GradientSpotCheck;

/**
 * {@link GradientSpotCheck} on the networks of {@link InferenceGradientEngineTest} (BatchNorm with
 * random running statistics, dropout, convolutions, pooling, a loss layer): the engine's rows pass in
 * double and in float; rows 10% too large, or the rows of other examples, fail.
 */
@ExtendWith(SingleThreadedNd4j.class)
class GradientSpotCheckTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sgdvi.core.gradients.InferenceGradientEngineTest#cases")
    void engineRowsPassAndWrongRowsFail(InferenceGradientEngineTest.Case c) {
        INDArray rows = new InferenceGradientEngine(c.net()).compute(c.x(), c.y());
        Check ok = GradientSpotCheck.of("g", c.net(), c.x(), c.y(), rows, 3);
        assertThat(ok.passed()).as("%s: %s", c, ok).isTrue();
        assertThat(ok.value()).isLessThan(1e-6);

        Check scaled = GradientSpotCheck.of("g", c.net(), c.x(), c.y(), rows.mul(1.1), 3);
        assertThat(scaled.passed()).as("%s: %s", c, scaled).isFalse();

        // the same rows claimed for examples with other labels
        INDArray otherLabels = c.y().dup();
        for (int k = 0; k < otherLabels.rows(); k++) {
            INDArray row = c.y().getRow(k);
            long classes = row.length();
            for (long j = 0; j < classes; j++) {
                otherLabels.putScalar(k, j, row.getDouble((j + 1) % classes));
            }
        }
        Check swapped = GradientSpotCheck.of("g", c.net(), c.x(), otherLabels, rows, 3);
        assertThat(swapped.passed()).as("%s: %s", c, swapped).isFalse();

        // float rows of a float copy of the network pass against the float tolerance
        var f32 = c.net().convertDataType(DataType.FLOAT);
        INDArray x32 = c.x().castTo(DataType.FLOAT);
        INDArray y32 = c.y().castTo(DataType.FLOAT);
        INDArray rows32 = new InferenceGradientEngine(f32).compute(x32, y32);
        Check ok32 = GradientSpotCheck.of("g", f32, x32, y32, rows32, 3);
        assertThat(ok32.passed()).as("%s float: %s", c, ok32).isTrue();
    }
}
