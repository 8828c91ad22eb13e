package org.sgdvi.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

class KernelSelfTestTest {

    @Test
    void theRealRoutinesPassTheQuickCheckWithMargin() {
        KernelReport report = KernelSelfTest.run(KernelSelfTest.Scope.QUICK);
        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        // healthy kernels sit far below the bound: a tolerance that only just passes would hide a drift
        assertThat(report.worstRatio()).isLessThan(0.5);
        assertThat(report.failedRoutines()).isEmpty();
        // every routine, both types, and the sizes where OpenBLAS 0.3.19's SkylakeX dsyev broke
        for (String routine : new String[] {"sgemm", "dgemm", "ssyrk", "dsyrk", "ssyev('N')", "dsyev('N')",
            "ssyev('V')", "dsyev('V')", "ssyev('V','L')", "dsyev('V','L')", "sgeqrf", "dgeqrf"}) {
            assertThat(report.checks()).as(routine).anyMatch(c -> c.routine().equals(routine));
        }
        assertThat(report.checks()).anyMatch(c -> c.routine().equals("dsyev('V')") && c.n() == 130
                && c.measure().startsWith("residual"));
        assertThat(report.build().version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(report.build().atLeast(0, 3, 21)).as("OpenBLAS %s", report.build().version()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "SWAPPED_EIGENVECTORS, dsyev('V')",
        "SHIFTED_EIGENVALUES, ssyev('N')",
        "GEMM_ENTRY, dgemm",
        "SYRK_LOWER, ssyrk",
        "QR_SCALED, sgeqrf"
    })
    void anInjectedFaultFailsItsRoutineAndNoOther(FaultyKernels fault, String routine) {
        KernelReport report = KernelSelfTest.run(fault, KernelSelfTest.Scope.QUICK);
        assertThat(report.passed()).isFalse();
        assertThat(report.failedRoutines()).contains(routine);
        String type = routine.substring(0, 1);
        String base = routine.substring(1);
        // a fault in one routine shows in that routine only (both types for the type-blind faults)
        assertThat(report.failedRoutines()).allMatch(r -> r.substring(1).equals(base), "only " + base + " fails");
        assertThat(report.refusal()).contains(routine).contains("OPENBLAS_CORETYPE=").contains("sgdvi doctor");
        assertThat(type).isIn("s", "d");
    }

    @Test
    void swappedEigenvectorsShowOnlyFromOrder130AsInTheOpenBlasBug() {
        KernelReport report = KernelSelfTest.run(FaultyKernels.SWAPPED_EIGENVECTORS, KernelSelfTest.Scope.QUICK);
        assertThat(report.failures()).isNotEmpty().allMatch(c -> c.n() >= 130 && c.routine().equals("dsyev('V')"));
        // the eigenvalues were right: the trace, Frobenius and reference checks still pass
        assertThat(report.failures()).allMatch(c -> c.measure().startsWith("residual")
                || c.measure().startsWith("probe residual"));
    }

    @Test
    void toleranceIsSafetyTimesOrderTimesUnitRoundoff() {
        assertThat(KernelSelfTest.tolerance(DataType.DOUBLE, 100)).isEqualTo(16 * 100 * Math.pow(2, -53));
        assertThat(KernelSelfTest.tolerance(DataType.FLOAT, 7)).isEqualTo(16 * 7 * Math.pow(2, -24));
    }

    @Test
    void jacobiReferenceMatchesTheClosedFormOfTheSecondDifferenceMatrix() {
        // tridiag(-1, 2, -1) of order n has eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n
        int n = 40;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = 2;
            if (i > 0) {
                a[i][i - 1] = -1;
                a[i - 1][i] = -1;
            }
        }
        double[] desc = JacobiEigenvalues.of(a);
        for (int k = 1; k <= n; k++) {
            assertThat(desc[n - k]).isCloseTo(2 - 2 * Math.cos(k * Math.PI / (n + 1)), org.assertj.core.data.Offset.offset(1e-13));
        }
    }

    @Test
    void gramTestMatricesAreRankDeficientLikeTheDiffusionMatrix() {
        double[][] g = KernelSelfTest.gram(31, new SplittableRandom(1));
        double[] l = JacobiEigenvalues.of(g);
        // rank m = 31 / 2 + 1 = 16: 15 eigenvalues at zero
        long zeros = java.util.Arrays.stream(l).filter(v -> Math.abs(v) < 1e-10 * l[0]).count();
        assertThat(zeros).isEqualTo(15);
    }
}
