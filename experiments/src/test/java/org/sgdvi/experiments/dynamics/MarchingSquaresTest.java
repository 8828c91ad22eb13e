package org.sgdvi.experiments.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarchingSquaresTest {

    private static double[] axis(int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    @Test
    void circleIsOneClosedPolylineOnTheCircle() {
        double[] xs = axis(81, -2, 2);
        double[][] v = new double[81][81];
        for (int i = 0; i < 81; i++) {
            for (int k = 0; k < 81; k++) {
                v[i][k] = xs[i] * xs[i] + xs[k] * xs[k];
            }
        }
        List<double[][]> lines = MarchingSquares.contours(v, xs, xs, 1.0);
        assertThat(lines).hasSize(1);
        double[][] line = lines.get(0);
        int n = line[0].length;
        assertThat(n).isGreaterThan(50);
        assertThat(line[0][0]).isEqualTo(line[0][n - 1]);
        assertThat(line[1][0]).isEqualTo(line[1][n - 1]);
        for (int j = 0; j < n; j++) {
            // linear interpolation of r^2 between nodes 0.05 apart: |r - 1| below h^2 / 4
            assertThat(Math.hypot(line[0][j], line[1][j])).isCloseTo(1.0, within(0.05 * 0.05 / 4 + 1e-12));
        }
    }

    @Test
    void doubleWellLevelBelowTheSaddleGivesTwoLoops() {
        // Phi = (x^2-1)^2/4 + y^2/2: the saddle value is 1/4, so level 0.1 has two loops and 0.4 one
        double[] xs = axis(121, -2, 2);
        double[][] v = new double[121][121];
        for (int i = 0; i < 121; i++) {
            for (int k = 0; k < 121; k++) {
                double a = xs[i] * xs[i] - 1;
                v[i][k] = a * a / 4 + xs[k] * xs[k] / 2;
            }
        }
        assertThat(MarchingSquares.contours(v, xs, xs, 0.1)).hasSize(2);
        assertThat(MarchingSquares.contours(v, xs, xs, 0.4)).hasSize(1);
    }
}
