package org.sgdvi.experiments.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.data.DataArgs;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.sweep.LedgerFile;
import org.sgdvi.experiments.sweep.Shard;
import org.sgdvi.experiments.sweep.SweepDefinition;
import org.sgdvi.experiments.sweep.SweepPlan;
import org.sgdvi.experiments.sweep.SweepRunner;
import org.sgdvi.experiments.sweep.TrialPoint;
import org.sgdvi.experiments.sweep.TrialStatus;
import org.sgdvi.experiments.sweep.ValueLists;
import org.sgdvi.experiments.train.SharedTrainArgs;
import org.sgdvi.experiments.train.TrainArgs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi sweep}: a grid or random search over eta, b, sampling and seeds (Arbiter), one run
 * folder per trial under {@code OUT/trials/}, a ledger that makes a rerun skip finished trials and
 * resume interrupted ones, {@code --shard i/n} for a deterministic slice and {@code --parallel N}
 * concurrent trials. Flags override a {@code --config} file, which overrides the definition stored
 * in OUT's ledger (when resuming) or the default sweep.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = SweepCommand.Defaults.class, resourceBundle = "org.sgdvi.experiments.cli.SweepCommand",
        description = {"Run a hyper-parameter sweep over eta, b, sampling and seeds (Arbiter grid or random search).",
            "With no definition flags it runs the default sweep (small-fc on mnist7x7, eta 0.05,0.2,0.8 x b 16,64,256, "
                    + "seeds 1,2, 4 epochs), or resumes the sweep already in --out. The defaults below are the "
                    + "default sweep's; a --config file or the sweep stored in --out fills what is not typed.",
            "Momentum defaults to 0 here, unlike train and spectrum: plain SGD, the algorithm the paper's analysis "
                    + "is of (Chaudhari & Soatto)."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sweep folder (ledger, trials/<id>/).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep definition, JSON or YAML (field names as in ledger.json 'definition').")
    Path config;

    @Option(names = "--model", paramLabel = "LIST",
            description = "Zoo networks, comma-separated; NAME@S scales NAME's widths by S (default: ${DEFAULT-VALUE}).")
    String models;

    /** The data and training options of a run, declared once; their defaults here are the default sweep's. */
    @Mixin
    SharedTrainArgs shared = new SharedTrainArgs();

    @Option(names = "--search", paramLabel = "grid|random", description = "Grid or random search (default: ${DEFAULT-VALUE}; "
            + "random when --lr or --batch is a range).")
    String search;

    @Option(names = "--lr", paramLabel = "LIST|LO:HI", description = "Learning rates eta, e.g. 0.05,0.2,0.8; random "
            + "search also takes LO:HI (log-uniform) (default: ${DEFAULT-VALUE}).")
    String lr;

    @Option(names = "--batch", paramLabel = "LIST|LO:HI", description = "Batch sizes b, e.g. 16,64,256; random search "
            + "also takes LO:HI (log-uniform) (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--sampling", paramLabel = "LIST",
            description = "with, without, or with,without (default: ${DEFAULT-VALUE}).")
    String sampling;

    @Option(names = "--seeds", paramLabel = "LIST", description = "Seeds, e.g. 1,2 or 1-4 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--trials", paramLabel = "K",
            description = "Random search: points to draw, each run once per seed (default: ${DEFAULT-VALUE}).")
    Integer trials;

    @Option(names = "--search-seed", paramLabel = "SEED", description = "Seed of Arbiter's random search (default: ${DEFAULT-VALUE}).")
    Long searchSeed;

    @Option(names = "--measure-spectrum", description = "After each trial, the spectrum of D at the final weights (Remark 15).")
    Boolean measureSpectrum;

    @Option(names = "--spectrum-examples", paramLabel = "M",
            description = "Training examples whose per-example gradients estimate D (default: ${DEFAULT-VALUE}).")
    Integer spectrumExamples;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only slice i (0-based) of n: trials k with k mod n = i.")
    String shard;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "Concurrent trials (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--dry-run", description = "Print the trials of this shard and exit.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream log = System.out;
        Shard s = shard == null ? Shard.ALL : Shard.parse(shard);
        SweepDefinition d = definition(s);
        SweepPlan plan = SweepPlan.of(d);
        if (dryRun) {
            List<TrialPoint> mine = plan.shard(s);
            log.printf("%s%n%d trials planned, %d in shard %s:%n", d.describe(), plan.size(), mine.size(), s);
            mine.forEach(p -> log.println("  " + p.id()));
            return 0;
        }
        SweepRunner.Summary sum = new SweepRunner(out, d, s, parallel,
                Boolean.TRUE.equals(d.measureSpectrum()) ? org.sgdvi.experiments.sweep.SpectrumProbe.of(d) : null, log).run();
        log.printf("sweep shard %s: %s after %.1f s; ledger %s%n", s, sum.countsText(), sum.wallSeconds(), sum.ledger());
        return sum.counts().getOrDefault(TrialStatus.FAILED, 0) > 0 ? 1 : 0;
    }

    /** Flags over the --config file over the definition stored in OUT (resume) or the default sweep. */
    SweepDefinition definition(Shard s) {
        SweepDefinition flags = flags();
        SweepDefinition file = config == null ? SweepDefinition.empty() : SweepDefinition.read(config);
        SweepDefinition stored = SweepDefinition.empty();
        Path ledger = out.resolve(s.ledgerFileName());
        if (Files.exists(ledger)) {
            stored = LedgerFile.read(ledger).definition();
        }
        String source = config == null ? "sweep flags" : config + " with sweep flags";
        return flags.overlay(file).overlay(stored).resolve(source);
    }

    /** {@code value} when {@code option} was typed, else null (the next layer decides). */
    private <T> T given(String option, T value) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? value : null;
    }

    private SweepDefinition flags() {
        String lr = given("--lr", this.lr);
        String batch = given("--batch", this.batch);
        String search = given("--search", this.search);
        String sampling = given("--sampling", this.sampling);
        String models = given("--model", this.models);
        String seeds = given("--seeds", this.seeds);
        List<Double> lrs = null;
        List<Double> lrRange = null;
        if (lr != null) {
            if (ValueLists.isRange(lr)) {
                lrRange = ValueLists.range("--lr", lr, Double::parseDouble);
            } else {
                lrs = ValueLists.list("--lr", lr, Double::parseDouble);
            }
            for (double v : lrRange != null ? lrRange : lrs) {
                TrainArgs.requirePositiveLearningRate(v);
            }
        }
        List<Integer> bs = null;
        List<Integer> bRange = null;
        if (batch != null) {
            if (ValueLists.isRange(batch)) {
                bRange = ValueLists.range("--batch", batch, Integer::parseInt);
            } else {
                bs = ValueLists.list("--batch", batch, Integer::parseInt);
            }
        }
        if ((lrRange != null || bRange != null) && search == null) {
            search = "random";
        }
        List<String> samplings = null;
        if (sampling != null) {
            samplings = ValueLists.items("--sampling", sampling).stream()
                    .map(t -> Replacement.parse("--sampling '" + sampling + "': item", t).cliName()).toList();
        }
        DataArgs data = shared.data;
        return new SweepDefinition(models == null ? null : ValueLists.list("--model", models, String::trim),
                given("--data", data.data), given("--data-dir", data.dataDir == null ? null : data.dataDir.toString()),
                data.downsample, data.classes, given("--zca", data.zca), given("--split-seed", data.splitSeed), search,
                lrs, lrRange, bs, bRange, samplings, seeds == null ? null : ValueLists.seeds("--seeds", seeds),
                given("--trials", trials), given("--search-seed", searchSeed), given("--epochs", shared.epochs),
                given("--lr-schedule", shared.schedule), given("--momentum", shared.momentum),
                given("--nesterov", shared.nesterov), given("--weight-decay", shared.weightDecay),
                given("--width-scale", shared.widthScale), given("--no-dropout", !shared.noDropout),
                given("--train-eval", shared.trainEval), measureSpectrum, given("--spectrum-examples", spectrumExamples),
                given("--augment", shared.augment));
    }

    /**
     * The default sweep's values ({@link SweepDefinition#DEFAULTS}) as the defaults of the sweep's
     * options, so that its help states them; the command still reads an option only when it was typed.
     */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec o)) {
                return null;
            }
            SweepDefinition d = SweepDefinition.DEFAULTS;
            return switch (o.longestName()) {
                case "--model" -> String.join(",", d.models());
                case "--data" -> d.data();
                case "--split-seed" -> String.valueOf(d.splitSeed());
                case "--search" -> d.search();
                case "--lr" -> join(d.learningRates());
                case "--batch" -> join(d.batchSizes());
                case "--sampling" -> String.join(",", d.samplings());
                case "--seeds" -> join(d.seeds());
                case "--trials" -> String.valueOf(d.trials());
                case "--search-seed" -> String.valueOf(d.searchSeed());
                case "--epochs" -> String.valueOf(d.epochs());
                case "--lr-schedule" -> d.schedule();
                case "--momentum" -> String.valueOf(d.momentum());
                case "--weight-decay" -> String.valueOf(d.weightDecay());
                case "--width-scale" -> String.valueOf(d.widthScale());
                case "--train-eval" -> String.valueOf(d.trainEval());
                case "--spectrum-examples" -> String.valueOf(d.spectrumExamples());
                default -> null;
            };
        }

        private static String join(List<?> values) {
            return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        }
    }
}
