package org.sgdvi.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.curvature.CurvatureArgs;
import org.sgdvi.experiments.data.DeviceChoice;
import org.sgdvi.experiments.data.EigenArgs;
import org.sgdvi.experiments.data.ExamplesArgs;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.data.SolverChoice;
import org.sgdvi.experiments.data.SubsetArgs;
import org.sgdvi.experiments.run.ResumableRunArgs;
import org.sgdvi.experiments.run.ResumeGuard;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.spectrum.SpectrumOptions;
import org.sgdvi.experiments.spectrum.SpectrumRunner;
import org.sgdvi.experiments.train.TrainArgs;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code sgdvi spectrum}: trains and measures the eigenspectrum of D(x) at 20%, 40% and 100% of
 * training (Figs. 1-2), with {@code --curvature} also the Hessian beside D at each of them (the measures of
 * {@code sgdvi curvature}), or ({@code --from-gradients}) computes the statistics of an exported gradient matrix.
 */
@Command(name = "spectrum", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "org.sgdvi.experiments.cli.SpectrumCommand",
        description = "Train and measure the eigenspectrum of the diffusion matrix D(x) during training, "
                + "or analyse an exported gradient matrix (--from-gradients).")
public final class SpectrumCommand extends RunFolderCommand {

    @Mixin
    TrainArgs args = new TrainArgs();

    /** --out RUN_DIR and --resume. */
    @Mixin
    ResumableRunArgs runDir = new ResumableRunArgs();

    @Option(names = "--from-gradients", paramLabel = "GRADS.npy",
            description = "Skip training: statistics of this K x d per-example gradient matrix.")
    Path fromGradients;

    @Option(names = "--fractions", split = ",", defaultValue = "0.2,0.4,1.0",
            description = "Fractions of training at which D is measured (default: ${DEFAULT-VALUE}).")
    double[] fractions;

    /** --examples (0 = all; description in SpectrumCommand.properties), drawn as --subset says. */
    @Mixin
    ExamplesArgs sample = new ExamplesArgs(0);

    @Option(names = "--d-sampling", defaultValue = "with", converter = Replacement.Converter.class,
            description = "Normalization of D: 'with' replacement (eq. 2) or 'without' (times N/(N-1)) (default: ${DEFAULT-VALUE}).")
    Replacement dSampling;

    /** --solver, --device and --dtype of the eigenvalues of D. */
    @Mixin
    EigenArgs eigen = new EigenArgs(SolverChoice.AUTO, DeviceChoice.AUTO);

    @Option(names = "--bins", defaultValue = "50", description = "Histogram bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--curvature", description = "Also measure the Hessian H beside D at every snapshot, over the same "
            + "examples and with the options of 'sgdvi curvature' below (results.json: \"curvature\" per snapshot).")
    boolean curvature;

    @Mixin
    CurvatureArgs curvatureArgs = new CurvatureArgs();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command-line option behind each field of config.json's "spectrum" entry ({@link SpectrumOptions}). */
    private static final Map<String, String> SPECTRUM_OPTIONS = Map.of("spectrum.dtype", "--dtype", "spectrum.sampling",
            "--d-sampling", "spectrum.examples", "--examples", "spectrum.fractions", "--fractions", "spectrum.bins",
            "--bins", "spectrum.seed", "--seed", "spectrum.subset", "--subset", "spectrum.subsetSeed", "--subset-seed");

    @Override
    protected Integer work() {
        CommandLine cl = spec.commandLine();
        ListOptions.requireNoEmptyItems(spec, "--fractions");
        int examples = sample.examples;
        SubsetArgs subset = sample.subset;
        if (examples < 0) {
            throw new CommandLine.ParameterException(cl, "--examples " + examples
                    + ": expected 0 (all training examples) or a positive number of training examples");
        }
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new CommandLine.ParameterException(cl, "--fractions: " + f + " is not in (0, 1]");
            }
        }
        List<String> tuning = CurvatureArgs.given(cl.getParseResult());
        if (!curvature && !tuning.isEmpty()) {
            throw new CommandLine.ParameterException(cl, String.join(", ", tuning) + " tune the curvature measures: "
                    + "add --curvature, or leave them out");
        }
        if (curvature && fromGradients != null) {
            throw new CommandLine.ParameterException(cl, "--curvature needs the network: it measures during training, "
                    + "not with --from-gradients");
        }
        SpectrumOptions o = new SpectrumOptions(eigen.dtype.dataType(), dSampling.sampling(), eigen.solver.kind(), examples,
                fractions.clone(), bins, args.seed, subset.rule, subset.seed(args.seed), eigen.device.device());
        List<String> argv = List.copyOf(cl.getParseResult().originalArgs());
        RunFolder run = openRunFolder(runDir.out);
        SpectrumRunner runner = new SpectrumRunner(run, System.out);
        if (fromGradients != null) {
            runner.fromGradients(fromGradients, o, argv);
        } else {
            TrainRequest request;
            CurvatureAnalysis.Options options = curvature ? curvatureArgs.options(args.seed, o.sampling()) : null;
            CurvatureAnalysis.Measures measures = curvature ? curvatureArgs.measures(args.seed) : null;
            if (runDir.resume) {
                request = TrainRunner.readRequest(run);
                JsonNode saved = run.readJson(RunFolder.CONFIG);
                CurvatureArgs.requireSameOnResume(run.path(RunFolder.CONFIG), saved, options, measures);
                // which examples, snapshots and histograms: as the run started (solver and device only change how)
                ResumeGuard.requireSame(run.path(RunFolder.CONFIG), "spectrum", saved.get("spectrum"),
                        Json.mapper().valueToTree(o), SPECTRUM_OPTIONS, Set.of("spectrum.solver", "spectrum.device"),
                        "spectrum");
            } else {
                if (run.has(RunFolder.CHECKPOINTS)) {
                    throw new CommandLine.ParameterException(cl, runDir.out
                            + " already holds a run; add --resume or use another --out");
                }
                request = args.request();
            }
            runner.train(request, o, options, measures, argv);
        }
        System.out.printf("wrote %s%n", run.dir());
        return 0;
    }
}
