package org.sgdvi.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.sgdvi.experiments.data.SeedArgs;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.core.trajectory.TrajectoryAnalysisOptions;
import org.sgdvi.core.trajectory.TrajectoryAnalyzer;
import org.sgdvi.core.trajectory.TrajectoryVerdict;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.trajectory.TrajectoryInput;
import org.sgdvi.experiments.trajectory.TrajectoryOutputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sgdvi trajectory-analyze FILE --out DIR}: the analysis of the paper's trajectory
 * experiment (Fig. 3 and Remarks 17/18 of the paper) on any T x d trajectory, a .npy
 * (float32/float64, C or Fortran order, e.g. made by numpy) or a trajectory store folder:
 * increment FFT, auto-correlation with 95/99% bands, EWMA of the gradient norm, a Brownian
 * baseline, and a numeric verdict. Writes config.json, results.json, PNG plots and report.html.
 */
@Command(name = "trajectory-analyze", mixinStandardHelpOptions = true, showDefaultValues = true,
        resourceBundle = "org.sgdvi.experiments.cli.TrajectoryAnalyzeCommand",
        description = "Analyse a weight trajectory (T x d .npy or trajectory store folder) as in Fig. 3 of the "
                + "paper: FFT of increments, auto-correlation, gradient-norm EWMA, versus a Brownian baseline.")
public final class TrajectoryAnalyzeCommand extends RunFolderCommand {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "T x d trajectory: a float32/float64 .npy file (rows = snapshots) or a trajectory store folder.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder to write.")
    Path out;

    @Option(names = "--burn-in", defaultValue = "0", paramLabel = "B", description = "Leading snapshots to drop.")
    int burnIn;

    @Option(names = "--grad-norm", paramLabel = "FILE",
            description = "1-D .npy of the full-gradient norm per snapshot (length T); default: the store's "
                    + "gradNorm column, if any.")
    Path gradNorm;

    @Mixin
    SeedArgs seedArgs = new SeedArgs(0);

    @Option(names = "--lag-step", defaultValue = "0",
            description = "Auto-correlation lag step; 0 = max(1, T/100) (lags 0, s, 2s, ... < T).")
    int lagStep;

    @Option(names = "--baseline-weights", defaultValue = "0",
            description = "Weights imitated by the Brownian baseline (a seeded sample); 0 = all.")
    int baselineWeights;

    @Option(names = "--ewma-com", defaultValue = "100", description = "EWMA centre of mass for the gradient norm.")
    double centerOfMass;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected Integer work() {
        long seed = seedArgs.seed;
        TrajectoryAnalysisOptions options = new TrajectoryAnalysisOptions(burnIn, lagStep, baselineWeights, seed,
                centerOfMass, 0.1);
        TrajectoryInput loaded;
        try {
            loaded = TrajectoryInput.load(input, gradNorm).requireFinite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunFolder run = openRunFolder(out);
        run.writeJson(RunFolder.CONFIG, config());
        TrajectoryAnalysis analysis = TrajectoryAnalyzer.analyze(loaded.matrix(), loaded.gradNorm(), options);
        TrajectoryOutputs.write(run, analysis, loaded);
        TrajectoryVerdict v = analysis.verdict();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("trajectory: T = %d snapshots after burn-in %d, d = %d weights%n", analysis.snapshots(), burnIn,
                analysis.dimension());
        o.printf("low/high frequency power of increments: %.4g (baseline %.4g)%n", v.lowToHighPowerRatio(),
                v.baselineLowToHighPowerRatio());
        o.printf("lags outside the 99%% band, increments: %.3f (baseline %.3f); weights: %.3f (baseline %.3f)%n",
                v.incrementFractionOfLagsOutside99(), v.baselineIncrementFractionOfLagsOutside99(),
                v.fractionOfLagsOutside99(), v.baselineFractionOfLagsOutside99());
        if (analysis.hasGradNorm()) {
            o.printf("gradient norm EWMA first/last: %.4g, max/min: %.4g%n", v.gradNormDropFactor(),
                    v.gradNormMaxOverMin());
        }
        o.printf("wrote %s%n", run.path(TrajectoryOutputs.REPORT));
        o.flush();
        return 0;
    }

    /**
     * config.json of {@code trajectory-analyze}.
     *
     * @param command   the command name
     * @param arguments the options as given
     * @param seed      the baseline's seed
     * @param versions  the software versions
     */
    record AnalyzeConfig(String command, Arguments arguments, long seed, RunConfig.Versions versions) {
    }

    /**
     * The options of {@code trajectory-analyze}.
     *
     * @param input           the trajectory
     * @param out             the run folder
     * @param burnIn          leading snapshots dropped
     * @param gradNorm        the gradient-norm file, or null
     * @param seed            the baseline's seed
     * @param lagStep         the auto-correlation lag step
     * @param baselineWeights weights the baseline imitates
     * @param ewmaCom         the EWMA centre of mass
     */
    record Arguments(String input, String out, int burnIn, String gradNorm, long seed, int lagStep, int baselineWeights,
                     double ewmaCom) {
    }

    private AnalyzeConfig config() {
        return new AnalyzeConfig("trajectory-analyze", new Arguments(input.toAbsolutePath().toString(),
                out.toAbsolutePath().toString(), burnIn, gradNorm == null ? null : gradNorm.toAbsolutePath().toString(),
                seedArgs.seed, lagStep, baselineWeights, centerOfMass), seedArgs.seed, RunConfig.Versions.current());
    }
}
