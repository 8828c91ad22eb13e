package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi <command> [options]}: the toolkit's command line. Exit codes: 0 ok, 1 failed,
 * 2 bad usage. Errors are one sentence; {@code --debug} adds the stack trace.
 */
@Command(name = "sgdvi", mixinStandardHelpOptions = true, versionProvider = SgdviCommand.Version.class,
        description = "Measures what SGD does to a deep network (Chaudhari & Soatto, "
                + "SGD performs variational inference, converges to limit cycles).",
        subcommands = {
            DoctorCommand.class,
            DoubleWellCommand.class,
            LinearizeCommand.class,
            CurvatureCommand.class,
            ModelsCommand.class,
            TrainCommand.class,
            SpectrumCommand.class,
            GradientsCommand.class,
            BenchCommand.class,
            SweepCommand.class,
            SweepMergeCommand.class,
            SweepAnalyzeCommand.class,
            TrajectoryCommand.class,
            TrajectoryAnalyzeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SgdviCommand implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces on errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the configured picocli command line (also used by tests). */
    public static CommandLine commandLine() {
        return commandLine(KernelGate.standard());
    }

    /**
     * The command line with the kernel self-check run on {@code kernels}: every command but
     * {@code doctor} and {@code help} first runs the quick self-check and refuses to start (exit 1,
     * one sentence on stderr) when it fails; {@code doctor} runs the full one on them.
     */
    public static CommandLine commandLine(org.sgdvi.core.kernels.LinearAlgebraKernels kernels) {
        return commandLine(new KernelGate(kernels));
    }

    private static CommandLine commandLine(KernelGate gate) {
        CommandLine cl = new CommandLine(new SgdviCommand(), new GateFactory(gate));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            boolean debugOn = parseResult.hasMatchedOption("--debug")
                    || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug"));
            PrintWriter err = line.getErr();
            err.println("sgdvi " + line.getCommandName() + ": " + message(ex));
            if (debugOn) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof IllegalArgumentException && !(ex.getCause() instanceof Exception) ? 2 : 1;
        });
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult leaf = parseResult;
            boolean help = parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested();
            while (leaf.subcommand() != null) {
                leaf = leaf.subcommand();
                help |= leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested();
            }
            String name = leaf.commandSpec().name();
            if (help || leaf == parseResult || "doctor".equals(name) || "help".equals(name)) {
                return runLast.execute(parseResult);
            }
            org.sgdvi.core.kernels.KernelReport report = gate.quickReport();
            if (!report.passed()) {
                PrintWriter err = leaf.commandSpec().commandLine().getErr();
                err.println("sgdvi " + name + ": refusing to start: " + report.refusal());
                err.flush();
                return 1;
            }
            return runLast.execute(parseResult);
        });
        return cl;
    }

    /** Hands the gate to {@link DoctorCommand}; every other command is built by picocli's default factory. */
    private record GateFactory(KernelGate gate) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == DoctorCommand.class) {
                return cls.cast(new DoctorCommand(gate));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** One clear sentence for an exception: its own message, or its cause's. */
    static String message(Throwable ex) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        while ((m == null || m.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            m = t.getMessage();
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** Entry point. */
    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** The toolkit version from the jar manifest, with DL4J's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sgdvi " + org.sgdvi.experiments.env.Versions.toolkit()
                    + " (DL4J " + org.sgdvi.experiments.env.Versions.dl4j() + ", Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
