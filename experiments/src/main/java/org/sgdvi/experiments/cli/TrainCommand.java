package org.sgdvi.experiments.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainArgs;
import org.sgdvi.experiments.train.TrainReport;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi train}: SGD on a zoo network, a checkpoint after every epoch, a run folder with
 * config.json, metrics.csv, results.json, model.zip, loss.png and report.html. {@code --resume RUN_DIR} continues.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network with SGD and write a run folder; --resume continues an interrupted run.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainArgs args = new TrainArgs();

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder (required unless --resume).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its last checkpoint (options come from its config.json; "
                    + "--epochs may extend it).")
    Path resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream log = System.out;
        TrainRequest request = null;
        if (resume == null) {
            if (out == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out RUN_DIR is required (or --resume RUN_DIR)");
            }
            // every option is checked before the run folder exists: a usage error leaves nothing behind
            request = args.request();
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
            TrainArgs.requirePositiveEpochs(args.shared.epochs);
        }
        try (RunFolder run = RunFolder.create(resume != null ? resume : out)) {
            if (resume != null) {
                request = TrainRunner.readRequest(run);
                if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
                    request = request.withEpochs(args.shared.epochs);
                }
            } else if (run.has(RunFolder.CHECKPOINTS)) {
                throw new CommandLine.ParameterException(spec.commandLine(), out
                        + " already holds a run; use --resume " + out + " or another --out");
            }
            TrainRunner.Outcome o = new TrainRunner(run, log).run(request, "train",
                    List.of(spec.commandLine().getParseResult().originalArgs().toArray(new String[0])), null);
            run.writeText(RunFolder.REPORT, TrainReport.html(run, o.results()));
            if (o.result().diverged()) {
                log.printf("diverged after %d epochs; last finite metrics in %s%n", o.result().epochsDone(), run.path(RunFolder.RESULTS));
                return 1;
            }
            var m = o.result().finalMetrics();
            log.printf("done: %d epochs, validation accuracy %.2f%%, %.1f s; wrote %s%n", o.result().epochsDone(),
                    100 * (1 - m.validationError()), o.result().wallSeconds(), run.dir());
            return 0;
        }
    }
}
