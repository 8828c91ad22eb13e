package org.sgdvi.experiments.testdata;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.sgdvi.experiments.cli.SgdviCommand;
import picocli.CommandLine;

/** Runs {@code sgdvi} in-process for the command-line tests, capturing the exit code, stdout and stderr. */
public final class CliRun {

    /** What one command line did. */
    public record Result(int code, String out, String err) {
    }

    private CliRun() {
    }

    /** Runs {@code args} on the standard command line. */
    public static Result run(String... args) {
        return run(SgdviCommand.commandLine(), args);
    }

    /** Runs {@code args} on {@code cl}, replacing its out and err writers. */
    public static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
