package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.util.List;
import org.sgdvi.experiments.data.SeedArgs;
import org.sgdvi.core.trajectory.TrajectoryVerdict;
import org.sgdvi.experiments.data.DataArgs;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.run.ResumableRunArgs;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import org.sgdvi.experiments.trajectory.RecordingArgs;
import org.sgdvi.experiments.trajectory.TrajectoryOutputs;
import org.sgdvi.experiments.trajectory.TrajectoryRunner;
import org.sgdvi.experiments.trajectory.TrajectorySettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi trajectory}: the trajectory experiment of the paper's Fig. 3. Trains tiny-fc
 * on 7x7 MNIST digits 0-4 with batch 128, momentum 0.9 and no weight decay, at a burn-in rate for
 * the first B epochs and then at the fixed rate 1e-3, stores all weights, the inference-mode
 * full-gradient norm and loss after every epoch (crash-safe, resumable), and analyses the snapshots
 * after the burn-in against a Brownian baseline (FFT of increments, auto-correlation, gradient-norm
 * EWMA, verdict).
 *
 * <p>Defaults are the paper's setup scaled down to minutes on 2 cores: 300 epochs with a burn-in of
 * 50 at rate 0.1 (the paper: 10^5 epochs, burn-in 10^3). {@code --resume --epochs 100000} extends a
 * run to the paper's length. The fused engine (exact, tested against DL4J's fit) is used when the
 * network allows it ({@code --engine auto}); {@code --engine dl4j} forces DL4J.
 */
@Command(name = "trajectory", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        resourceBundle = "org.sgdvi.experiments.cli.TrajectoryCommand",
        description = "Record a long SGD trajectory (weights and full-gradient norm every epoch) and analyse it as in "
                + "Fig. 3 of the paper: FFT of increments, auto-correlation, gradient-norm EWMA, Brownian baseline. "
                + "Without --data this command uses mnist7x7-5class (the --data default shown below is the other commands').")
public final class TrajectoryCommand extends RunFolderCommand {

    @Option(names = "--model", defaultValue = "tiny-fc", description = "Network from the zoo (the fused engine and full gradient for the fully connected ones, DL4J and the per-example engine for the others).")
    String model;

    @Mixin
    DataArgs data = new DataArgs();

    @Option(names = "--epochs", defaultValue = "300", description = "Total epochs N (snapshots).")
    int epochs;

    @Option(names = "--burn-in", defaultValue = "50", paramLabel = "B",
            description = "Epochs at --burn-in-lr, dropped by the analysis.")
    int burnIn;

    @Option(names = "--burn-in-lr", defaultValue = "0.1", description = "Learning rate during the burn-in.")
    double burnInLr;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate after the burn-in.")
    double lr;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size b.")
    int batch;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Plain (heavy-ball) momentum.")
    double momentum;

    @Option(names = "--sampling", defaultValue = "without", converter = Replacement.Converter.class,
            description = "Mini-batches 'with' or 'without' replacement.")
    Replacement sampling;

    @Mixin
    SeedArgs seedArgs = new SeedArgs(1);

    @Option(names = "--engine", defaultValue = "auto",
            description = "auto (fused when supported), fused (exact fused fully connected trainer) or dl4j.")
    String engine;

    /** --checkpoint-every and --grad-norm-every. */
    @Mixin
    RecordingArgs recording = new RecordingArgs(10, 1);

    @Option(names = "--chunk", defaultValue = "1000", description = "Snapshots per chunk file of the store.")
    int chunk;

    /** --out RUN_DIR and --resume. */
    @Mixin
    ResumableRunArgs runDir = new ResumableRunArgs();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected Integer work() {
        long seed = seedArgs.seed;
        if (data.data.equals("mnist") && !spec.commandLine().getParseResult().hasMatchedOption("--data")) {
            data.data = "mnist7x7-5class";
        }
        RunFolder run = openRunFolder(runDir.out);
        TrainRequest request;
        TrajectorySettings settings;
        if (runDir.resume) {
            if (!TrajectoryRunner.started(run)) {
                throw new CommandLine.ParameterException(spec.commandLine(), runDir.out
                        + " holds no checkpoint to resume; run without --resume to start it");
            }
            request = TrainRunner.readRequest(run);
            settings = TrajectoryRunner.readSettings(run);
            if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
                request = request.withEpochs(epochs);
            }
        } else {
            if (TrajectoryRunner.started(run) || run.has(TrajectoryRunner.STORE)) {
                throw new CommandLine.ParameterException(spec.commandLine(), runDir.out
                        + " already holds a run; add --resume or choose another --out");
            }
            settings = new TrajectorySettings(burnIn, burnInLr, lr, engine, recording.checkpointEvery, chunk,
                    recording.gradNormEvery);
            request = new TrainRequest(model, data.data, data.dataDir == null ? null : data.dataDir.toString(),
                    data.downsample, data.classes, data.zca, data.splitSeed, epochs, settings.initialLearningRate(),
                    settings.schedule(), batch, momentum, false, 0.0, sampling.cliName(), seed, 1.0, false, 0, false);
            request.withReplacement();
            request.optimizer();
        }
        if (request.epochs() <= settings.burnIn()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs " + request.epochs()
                    + " must exceed --burn-in " + settings.burnIn() + " to leave snapshots to analyse");
        }
        TrajectoryRunner.Outcome o = new TrajectoryRunner(run, System.out, settings).run(request,
                List.of(spec.commandLine().getParseResult().originalArgs().toArray(new String[0])));
        PrintWriter w = spec.commandLine().getOut();
        TrajectoryVerdict v = o.analysis().verdict();
        w.printf("trajectory: %d snapshots (%d after burn-in), d = %d, %s engine, %.2f epochs/s%n", o.snapshots(),
                o.analysis().snapshots(), o.analysis().dimension(), o.engine(), o.epochsPerSecond());
        w.printf("low/high frequency power of increments: %.4g (Brownian %.4g); increment lags outside 99%%: %.3f "
                + "(Brownian %.3f); gradient norm EWMA first/last %.4g%n", v.lowToHighPowerRatio(),
                v.baselineLowToHighPowerRatio(), v.incrementFractionOfLagsOutside99(),
                v.baselineIncrementFractionOfLagsOutside99(), v.gradNormDropFactor());
        w.printf("wrote %s%n", run.path(TrajectoryOutputs.REPORT));
        w.flush();
        return o.result().diverged() ? 1 : 0;
    }
}
