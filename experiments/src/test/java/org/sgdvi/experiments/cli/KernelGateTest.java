package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.kernels.FaultyKernels;
import org.sgdvi.core.kernels.LinearAlgebraKernels;
import org.sgdvi.experiments.testdata.TinyMnist;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.CliRun.Result;

/** Commands refuse to start on kernels that fail the self-check, and doctor says why. */
class KernelGateTest {

    /** What OpenBLAS 0.3.19's SkylakeX dsyev did: right eigenvalues, eigenvectors 0 and 1 swapped from n = 130 on. */
    static final LinearAlgebraKernels BROKEN = FaultyKernels.SWAPPED_EIGENVECTORS;

    @TempDir
    static Path tmp;
    static final Path data = TinyMnist.shared(200, 50, 7);

    private static Result run(LinearAlgebraKernels kernels, String... args) {
        return CliRun.run(SgdviCommand.commandLine(kernels), args);
    }

    @Test
    void trainRefusesToStartOnBrokenKernelsAndWritesNothing() {
        Path out = tmp.resolve("refused");
        Result r = run(BROKEN, "train", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data.toString(),
                "--epochs", "1", "--batch", "16", "--lr", "0.05", "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("sgdvi train: refusing to start: ").contains("dsyev('V')")
                .contains("OPENBLAS_CORETYPE=");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void everyKindOfCommandIsGated() {
        for (String[] args : new String[][] {{"models"}, {"double-well", "--out", tmp.resolve("dw").toString()},
            {"spectrum", "--from-gradients", tmp.resolve("none.npy").toString(), "--out", tmp.resolve("sp").toString()}}) {
            Result r = run(BROKEN, args);
            assertThat(r.code()).as(args[0]).isEqualTo(1);
            assertThat(r.err()).as(args[0]).contains("refusing to start");
        }
    }

    @Test
    void helpAndUsageErrorsAreNotGated() {
        assertThat(run(BROKEN, "train", "--help").code()).isZero();
        assertThat(run(BROKEN, "train", "--no-such-option").code()).isEqualTo(2);
    }

    @Test
    void doctorFailsOnBrokenKernelsAndNamesTheRoutine() {
        Result r = run(BROKEN, "doctor", "--quick");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("kernel check:   FAIL").contains("failed:         dsyev('V') n = 130")
                .contains("advice:").contains("OPENBLAS_CORETYPE=");
    }

    @Test
    void realKernelsPassAndCommandsRun() {
        Result doctor = run(LinearAlgebraKernels.nd4j(), "doctor", "--quick");
        assertThat(doctor.code()).isZero();
        assertThat(doctor.out()).contains("kernel check:   PASS").containsPattern("OpenBLAS:\\s+0\\.3\\.(2[1-9]|[3-9]\\d)");
        Result models = run(LinearAlgebraKernels.nd4j(), "models");
        assertThat(models.code()).isZero();
        assertThat(models.err()).doesNotContain("refusing");
    }
}
