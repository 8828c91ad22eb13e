package org.sgdvi.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import org.sgdvi.experiments.data.DeviceChoice;
import org.sgdvi.experiments.data.Precision;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.data.SolverChoice;
import org.sgdvi.experiments.data.SubsetArgs;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.spectrum.SpectrumOptions;
import org.sgdvi.experiments.spectrum.SpectrumRunner;
import org.sgdvi.experiments.train.TrainArgs;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi spectrum}: trains and measures the eigenspectrum of D(x) at 20%, 40% and 100% of
 * training (Figs. 1-2), or ({@code --from-gradients}) computes the statistics of an exported gradient
 * matrix.
 */
@Command(name = "spectrum", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train and measure the eigenspectrum of the diffusion matrix D(x) during training, "
                + "or analyse an exported gradient matrix (--from-gradients).")
public final class SpectrumCommand extends RunFolderCommand {

    @Mixin
    TrainArgs args = new TrainArgs();

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--from-gradients", paramLabel = "GRADS.npy",
            description = "Skip training: statistics of this K x d per-example gradient matrix.")
    Path fromGradients;

    @Option(names = "--fractions", split = ",", defaultValue = "0.2,0.4,1.0",
            description = "Fractions of training at which D is measured (default: ${DEFAULT-VALUE}).")
    double[] fractions;

    @Option(names = "--examples", defaultValue = "0",
            description = "Training examples D is measured over, drawn as --subset says; 0 = all "
                    + "(default: ${DEFAULT-VALUE}).")
    int examples;

    @Mixin
    SubsetArgs subset = new SubsetArgs();

    @Option(names = "--dtype", defaultValue = "float", converter = Precision.Converter.class,
            description = "Accumulation type: float (the paper) or double (default: ${DEFAULT-VALUE}).")
    Precision dtype;

    @Option(names = "--d-sampling", defaultValue = "with", converter = Replacement.Converter.class,
            description = "Normalization of D: 'with' replacement (eq. 2) or 'without' (times N/(N-1)) (default: ${DEFAULT-VALUE}).")
    Replacement dSampling;

    @Option(names = "--solver", defaultValue = "auto", converter = SolverChoice.Converter.class,
            description = "auto, dense, gram, matrix-free or dense-lanczos (default: ${DEFAULT-VALUE}).")
    SolverChoice solver;

    @Option(names = "--device", defaultValue = "auto", converter = DeviceChoice.Converter.class,
            description = "Where D and its eigenvalues are computed: auto (the CUDA 13 path on a GPU of compute capability "
                    + "7.5+ when its libraries are found and D fits, else the CPU), cpu, or cuda (falls back to the CPU with "
                    + "the reason) (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Option(names = "--bins", defaultValue = "50", description = "Histogram bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected Integer work() {
        CommandLine cl = spec.commandLine();
        ListOptions.requireNoEmptyItems(spec, "--fractions");
        if (examples < 0) {
            throw new CommandLine.ParameterException(cl, "--examples " + examples
                    + ": expected 0 (all training examples) or a positive number of training examples");
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new CommandLine.ParameterException(cl, "--fractions: " + f + " is not in (0, 1]");
            }
        }
        SpectrumOptions o = new SpectrumOptions(dtype.dataType(), dSampling.sampling(), solver.kind(), examples,
                fractions.clone(), bins, args.seed, subset.rule, subset.seed(args.seed), device.device());
        List<String> argv = List.copyOf(cl.getParseResult().originalArgs());
        RunFolder run = openRunFolder(out);
        SpectrumRunner runner = new SpectrumRunner(run, System.out);
        if (fromGradients != null) {
            runner.fromGradients(fromGradients, o, argv);
        } else {
            TrainRequest request;
            if (resume) {
                request = TrainRunner.readRequest(run);
            } else {
                if (run.has(RunFolder.CHECKPOINTS)) {
                    throw new CommandLine.ParameterException(cl, out + " already holds a run; add --resume or use another --out");
                }
                request = args.request();
            }
            runner.train(request, o, argv);
        }
        System.out.printf("wrote %s%n", run.dir());
        return 0;
    }
}
