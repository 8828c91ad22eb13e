package org.sgdvi.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.dynamics.DoubleWell;
import org.sgdvi.core.dynamics.linear.LinearizationResult;
import org.sgdvi.core.dynamics.linear.LyapunovLinearization;

/** The checks of {@link Checks} against closed forms, and each one against an injected wrong result. */
class ChecksTest {

    private static final double S3 = Math.sqrt(3);

    @Test
    void eigenvalueSumsOfAClosedFormMatrix() {
        INDArray a = Nd4j.createFromArray(new double[][] {{2, 1, 0}, {1, 3, 1}, {0, 1, 4}});
        // eigenvalues 3 + sqrt 3, 3, 3 - sqrt 3: trace 9, sum of squares 4 + 9 + 16 + 2 + 2 = 33
        List<Check> ok = Checks.eigenvalueSums("a", new double[] {3 + S3, 3, 3 - S3}, a);
        assertThat(ok).extracting(Check::name).containsExactly("aTraceSum", "aSquareSum");
        assertThat(ok).allMatch(Check::passed);
        assertThat(ok.get(1).value()).isLessThan(1e-15);
        List<Check> wrong = Checks.eigenvalueSums("a", new double[] {3 + S3, 3, 3 - S3 + 1e-9}, a);
        assertThat(wrong).noneMatch(Check::passed);
        assertThat(wrong.get(0).value()).isCloseTo(1e-9 / 9, org.assertj.core.data.Offset.offset(1e-13));
        // the top two are a bound: (3 + sqrt 3) + 3 <= 9, (3 + sqrt 3)^2 + 9 <= 33
        assertThat(Checks.eigenvalueSums("top", new double[] {3 + S3, 3}, 9, 33, false, new double[0], 3, 0x1p-52))
                .allMatch(Check::passed).allMatch(c -> c.value() == 0);
        // a top-k sum above the trace fails, unless the residuals explain it
        assertThat(Checks.eigenvalueSums("top", new double[] {6, 3.5}, 9, 33, false, new double[0], 3, 0x1p-52).get(0)
                .passed()).isFalse();
        assertThat(Checks.eigenvalueSums("top", new double[] {6, 3.5}, 9, 50, false, new double[] {0.5, 0.5}, 3, 0x1p-52)
                .get(0).passed()).isTrue();
    }

    @Test
    void toleranceIsTenTimesSizeTimesEpsilon() {
        List<Check> c = Checks.eigenvalueSums("x", new double[] {1}, 1, 1, true, new double[0], 1000, Checks.epsilon(DataType.FLOAT));
        assertThat(c.get(0).tolerance()).isEqualTo(10 * 1000 * Math.ulp(1.0f));
        assertThat(Checks.epsilon(DataType.DOUBLE)).isEqualTo(0x1p-52);
    }

    private static INDArray randomSymmetric(int n, long seed, boolean psd) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.putScalar(i, j, r.nextGaussian());
            }
        }
        return psd ? a.mmul(a.transpose()).divi(n) : a.add(a.transpose()).divi(2).addi(Nd4j.eye(n).castTo(DataType.DOUBLE).muli(3 * Math.sqrt(n)));
    }

    @Test
    void lemma20ResidualsPassAndMixedEigenvectorsFail() {
        INDArray f = randomSymmetric(40, 1, false);
        INDArray d = randomSymmetric(40, 2, true);
        LinearizationResult good = new LyapunovLinearization(1e-12).decompose(f, d);
        List<Check> ok = Checks.linearization(good);
        assertThat(ok).extracting(Check::name).containsExactly("lyapunovResidual", "antisymmetryResidual",
                "factorizationResidual");
        assertThat(ok).as("%s", ok).allMatch(Check::passed);
        String before = System.getProperty(FaultInjection.PROPERTY);
        System.setProperty(FaultInjection.PROPERTY, LyapunovLinearization.CORRUPT_EIGENVECTORS);
        try {
            List<Check> bad = Checks.linearization(new LyapunovLinearization(1e-12).decompose(f, d));
            assertThat(bad).filteredOn(c -> !c.passed()).extracting(Check::name)
                    .contains("lyapunovResidual", "antisymmetryResidual");
        } finally {
            if (before == null) {
                System.clearProperty(FaultInjection.PROPERTY);
            } else {
                System.setProperty(FaultInjection.PROPERTY, before);
            }
        }
    }

    @Test
    void criticalPointResidualAtTheWellBottomAndBesideIt() {
        // lambda = 0: grad f vanishes at (1, 0) exactly (the minima of the double well)
        DoubleWell well = new DoubleWell(0.0, 1.0);
        double[] g = new double[2];
        double[] j = new double[4];
        well.gradF(1, 0, g);
        well.gradFJacobian(1, 0, j);
        Check ok = Checks.criticalPoint("p", new double[] {1, 0}, g, j);
        assertThat(ok.passed()).as("%s", ok).isTrue();
        well.gradF(1 + 1e-9, 0, g);
        well.gradFJacobian(1 + 1e-9, 0, j);
        Check moved = Checks.criticalPoint("p", new double[] {1 + 1e-9, 0}, g, j);
        assertThat(moved.passed()).as("%s", moved).isFalse();
        assertThat(moved.value()).isGreaterThan(1e-10);
    }

    @Test
    void massOfADensity() {
        assertThat(Checks.mass("m", 1 - 1e-14, 1e-14, 3600, 1000).passed()).isTrue();
        Check lost = Checks.mass("m", 0.99, 0, 3600, 1000);
        assertThat(lost.passed()).isFalse();
        assertThat(lost.value()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(lost.tolerance()).isEqualTo(10 * 4600 * 0x1p-52);
        assertThat(Checks.mass("m", Double.NaN, 0, 1, 1).passed()).isFalse();
    }

    @Test
    void aFailedCollectionRendersInvalidAndThrowsOneSentence() {
        Checks checks = new Checks().add(Check.atMost("fine", 1e-16, 1e-12, "r"))
                .add(Check.atMost("lyapunovResidual", 3.8e8, 2e-11, "r"));
        assertThat(checks.valid()).isFalse();
        com.fasterxml.jackson.databind.JsonNode json = org.sgdvi.core.io.Json.mapper().valueToTree(checks.summary());
        assertThat(json.get("valid").asBoolean(true)).isFalse();
        assertThat(json.get("failedChecks").toString()).isEqualTo("[\"lyapunovResidual\"]");
        assertThat(json.get("checks")).hasSize(2);
        assertThat(json.at("/checks/1/value").asDouble()).isEqualTo(3.8e8);
        assertThat(json.at("/checks/1").fieldNames()).toIterable()
                .containsExactly("name", "value", "tolerance", "passed", "rule");
        assertThatThrownBy(() -> checks.requireValid("the linearization", "out/results.json"))
                .isInstanceOf(CheckFailedException.class).isNotInstanceOf(IllegalArgumentException.class)
                .hasMessage("the linearization failed its self-check (lyapunovResidual = 3.80e+08 (tolerance 2.00e-11)), "
                        + "so it is not reported; out/results.json records \"valid\": false");
        Checks fine = new Checks().add(Check.atMost("fine", 0, 0, "r"));
        fine.requireValid("x", null);
        com.fasterxml.jackson.databind.JsonNode fineJson = org.sgdvi.core.io.Json.mapper().valueToTree(fine.summary());
        assertThat(fineJson.has("failedChecks")).isFalse();
        assertThat(fineJson.get("valid").asBoolean()).isTrue();
        assertThat(Check.atMost("n", Double.NaN, 1, "r").passed()).isFalse();
        // a non-finite discrepancy is written as a string, as JSON has no NaN
        assertThat(org.sgdvi.core.io.Json.mapper().valueToTree(new Checks().add(Check.atMost("n", Double.NaN,
                Double.POSITIVE_INFINITY, "r")).summary()).at("/checks/0").toString())
                .isEqualTo("{\"name\":\"n\",\"value\":\"NaN\",\"tolerance\":\"Infinity\",\"passed\":false,\"rule\":\"r\"}");
    }
}
