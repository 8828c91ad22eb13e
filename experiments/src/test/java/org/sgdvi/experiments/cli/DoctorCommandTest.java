package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

    @Test
    void doctorReportsTheCpuBackendAndExitsZero() {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("doctor");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("backend:").contains("CpuBackend").contains("BLAS vendor:")
                .contains("OMP").contains("JVM heap max:").contains("off-heap max:");
        // the full self-check: OpenBLAS 0.3.21 or newer, its kernel set, and the verdict
        assertThat(out.toString()).containsPattern("OpenBLAS:\\s+0\\.3\\.(2[1-9]|[3-9]\\d), kernels \\w+")
                .contains("kernel check:   PASS").contains("n = 7 to 1500");
    }

    @Test
    void unknownCommandIsBadUsage() {
        CommandLine cl = SgdviCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("no-such-command")).isEqualTo(2);
    }
}
