package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import org.sgdvi.experiments.data.SeedArgs;
import org.sgdvi.core.dynamics.linear.FiniteDifferenceHessian;
import org.sgdvi.core.dynamics.linear.NetworkLinearization;
import org.sgdvi.experiments.data.ExamplesArgs;
import org.sgdvi.experiments.dynamics.LinearizeOptions;
import org.sgdvi.experiments.dynamics.LinearizeRunner;
import org.sgdvi.experiments.run.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi linearize}: Lemma 20 on a trained network. The Hessian F of the training loss by
 * central differences of the exact inference-mode gradient and the diffusion matrix D (eq. 2) over
 * N training examples, in double; the decomposition F = (D + Q) U; how far the network is from
 * detailed balance (Q = 0). Writes results.json, F.npy and D.npy (float64), plots and report.html.
 */
@Command(name = "linearize", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "org.sgdvi.experiments.cli.LinearizeCommand",
        description = "Lemma 20 at a trained network's weights: Hessian F, diffusion D, F = (D + Q) U, detailed balance.")
public final class LinearizeCommand extends RunFolderCommand {

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR",
            description = "A finished training run folder (config.json and model.zip from 'sgdvi train').")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    /** --examples N, drawn as --subset says. */
    @Mixin
    ExamplesArgs sample = new ExamplesArgs(LinearizeOptions.DEFAULT_EXAMPLES);

    @Option(names = "--step", defaultValue = "" + FiniteDifferenceHessian.DEFAULT_STEP,
            description = "Relative finite-difference step h; column i uses h max(|x_i|, 1) (default: ${DEFAULT-VALUE}).")
    double step;

    @Mixin
    SeedArgs seedArgs = new SeedArgs(42);

    @Option(names = "--angles", defaultValue = "1000", description = "Number of random x for the force angles "
            + "(default: ${DEFAULT-VALUE}).")
    int angles;

    @Option(names = "--tolerance", defaultValue = "auto", description = "Relative eigenvalue tolerance of the well-posed "
            + "subspace {mu > tol max|mu|}: 'auto' (the finite-difference noise floor, at least 1e-12) or a number "
            + "(default: ${DEFAULT-VALUE}).")
    String tolerance;

    @Option(names = "--chunk", defaultValue = "" + NetworkLinearization.DEFAULT_CHUNK,
            description = "Examples per gradient-engine call (default: ${DEFAULT-VALUE}).")
    int chunk;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected Integer work() {
        long seed = seedArgs.seed;
        LinearizeOptions options;
        try {
            double tol = "auto".equalsIgnoreCase(tolerance) ? Double.NaN : Double.parseDouble(tolerance);
            options = new LinearizeOptions(run, sample.examples, step, seed, angles, tol, chunk, sample.subset.rule,
                    sample.subset.seed(seed), sample.given());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tolerance is '" + tolerance + "'; expected 'auto' or a number in (0, 1)");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter log = spec.commandLine().getOut();
        LinearizeRunner.run(options, List.copyOf(spec.commandLine().getParseResult().originalArgs()), openRunFolder(out), log,
                spec.commandLine().getErr());
        log.printf("wrote %s%n", out.resolve(RunFolder.REPORT));
        log.flush();
        return 0;
    }
}
