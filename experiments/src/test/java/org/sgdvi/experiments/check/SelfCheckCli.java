package org.sgdvi.experiments.check;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.sgdvi.core.check.FaultInjection;
import org.sgdvi.experiments.cli.SgdviCommand;
import picocli.CommandLine;

/** Runs {@code sgdvi} in-process with optional injected faults, capturing exit code, stdout (picocli's and System.out) and stderr. */
final class SelfCheckCli {

    /** What one command run produced. */
    record Outcome(int exit, String out, String err) {
    }

    private SelfCheckCli() {
    }

    /** Runs {@code args} with the faults {@code faults} (comma-separated, or null for none). */
    static synchronized Outcome run(String faults, String... args) {
        String before = System.getProperty(FaultInjection.PROPERTY);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            if (faults == null) {
                System.clearProperty(FaultInjection.PROPERTY);
            } else {
                System.setProperty(FaultInjection.PROPERTY, faults);
            }
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CommandLine cl = SgdviCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            System.out.flush();
            return new Outcome(exit, out + captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
            if (before == null) {
                System.clearProperty(FaultInjection.PROPERTY);
            } else {
                System.setProperty(FaultInjection.PROPERTY, before);
            }
        }
    }
}
