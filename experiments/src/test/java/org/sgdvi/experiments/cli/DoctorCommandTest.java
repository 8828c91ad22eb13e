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
    }

    @Test
    void unknownCommandIsBadUsage() {
        CommandLine cl = SgdviCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("no-such-command")).isEqualTo(2);
    }
}
