package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import org.sgdvi.experiments.data.SeedArgs;
import org.sgdvi.experiments.dynamics.DoubleWellConfig;
import org.sgdvi.experiments.dynamics.DoubleWellResults;
import org.sgdvi.experiments.dynamics.DoubleWellRunner;
import org.sgdvi.experiments.run.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi double-well}: Example 19 / Fig. 4 of the paper - critical points of f and Phi, an
 * Euler-Maruyama sampler of dx = -grad f dt + sqrt(2/beta) dW and a Fokker-Planck solver, for each
 * rotation strength lambda; writes a run folder with plots, results.json and report.html.
 */
@Command(name = "double-well", mixinStandardHelpOptions = true,
        resourceBundle = "org.sgdvi.experiments.cli.DoubleWellCommand",
        description = "Double well with limit cycles (Example 19, Fig. 4): critical points, Langevin sampler, "
                + "Fokker-Planck free energy.")
public final class DoubleWellCommand extends RunFolderCommand {

    @Option(names = "--lambda", split = ",", defaultValue = "0,0.5,1.5",
            description = "Rotation strengths lambda, comma separated (default: ${DEFAULT-VALUE}).")
    List<Double> lambdas;

    @Option(names = "--beta", defaultValue = "1.0",
            description = "Inverse temperature; noise sqrt(2/beta) dW, current scaled so exp(-beta Phi) stays "
                    + "stationary (default: ${DEFAULT-VALUE}, the paper's example).")
    double beta;

    @Option(names = "--particles", defaultValue = "10000", description = "Sampler particles (default: ${DEFAULT-VALUE}).")
    int particles;

    @Option(names = "--steps", defaultValue = "2000", description = "Sampler steps of the main run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--dt", defaultValue = "0.01", description = "Sampler step; the step-size study also runs 2, 4 "
            + "and 8 times it when <= 0.1 (default: ${DEFAULT-VALUE}).")
    double dt;

    @Mixin
    SeedArgs seedArgs = new SeedArgs(42);

    @Option(names = "--fp-cells", defaultValue = "60", description = "Fokker-Planck cells per axis (default: ${DEFAULT-VALUE}).")
    int fpCells;

    @Option(names = "--fp-box", defaultValue = "3.0", description = "Fokker-Planck box half-width (default: ${DEFAULT-VALUE}).")
    double fpBox;

    @Option(names = "--fp-time", defaultValue = "10.0", description = "Fokker-Planck horizon (default: ${DEFAULT-VALUE}).")
    double fpTime;

    @Option(names = "--out", required = true, description = "Run folder to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected Integer work() {
        long seed = seedArgs.seed;
        ListOptions.requireNoEmptyItems(spec, "--lambda");
        DoubleWellConfig config;
        try {
            config = new DoubleWellConfig(lambdas, beta, particles, steps, dt, seed, fpCells, fpBox, fpTime);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter log = spec.commandLine().getOut();
        DoubleWellResults results = DoubleWellRunner.run(config, openRunFolder(out), log);
        log.printf("wrote %s (%.1f s)%n", out.resolve(RunFolder.REPORT), results.elapsedSeconds());
        log.flush();
        return 0;
    }
}
