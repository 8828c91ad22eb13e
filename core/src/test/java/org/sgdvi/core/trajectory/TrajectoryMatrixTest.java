package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrajectoryMatrixTest {

    private static final double[][] ROWS = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9.5}, {10, 11, 12}};

    @Test
    void allWrappersGiveTheSameColumns() {
        float[][] floats = new float[4][3];
        float[][] columns = new float[3][4];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 3; i++) {
                floats[k][i] = (float) ROWS[k][i];
                columns[i][k] = (float) ROWS[k][i];
            }
        }
        INDArray c = Nd4j.createFromArray(ROWS);
        INDArray f = c.dup('f');
        INDArray f32 = c.castTo(DataType.FLOAT);
        for (TrajectoryMatrix m : new TrajectoryMatrix[] {TrajectoryMatrix.ofRows(ROWS), TrajectoryMatrix.ofRows(floats),
                TrajectoryMatrix.ofColumns(columns), TrajectoryMatrix.of(c), TrajectoryMatrix.of(f), TrajectoryMatrix.of(f32)}) {
            assertThat(m.length()).isEqualTo(4);
            assertThat(m.dimension()).isEqualTo(3);
            assertThat(m.series(2)).containsExactly(3, 6, 9.5, 12);
            assertThat(m.series(0)).containsExactly(1, 4, 7, 10);
        }
    }

    @Test
    void viewsDropRowsAndSelectWeights() {
        TrajectoryMatrix m = TrajectoryMatrix.ofRows(ROWS).dropFirst(1).selectWeights(new int[] {2, 0});
        assertThat(m.length()).isEqualTo(3);
        assertThat(m.dimension()).isEqualTo(2);
        assertThat(m.series(0)).containsExactly(6, 9.5, 12);
        assertThat(m.series(1)).containsExactly(4, 7, 10);
        assertThatThrownBy(() -> TrajectoryMatrix.ofRows(ROWS).dropFirst(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsRaggedArraysAndNonMatrices() {
        assertThatThrownBy(() -> TrajectoryMatrix.ofRows(new double[][] {{1, 2}, {3}}))
                .hasMessageContaining("rectangular");
        assertThatThrownBy(() -> TrajectoryMatrix.of(Nd4j.zeros(2, 2, 2))).hasMessageContaining("[T, d]");
    }
}
