package org.sgdvi.experiments.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.sweep.LedgerFile;
import org.sgdvi.experiments.sweep.Shard;
import org.sgdvi.experiments.sweep.SweepDefinition;
import org.sgdvi.experiments.sweep.SweepPlan;
import org.sgdvi.experiments.sweep.SweepRunner;
import org.sgdvi.experiments.sweep.TrialPoint;
import org.sgdvi.experiments.sweep.TrialStatus;
import org.sgdvi.experiments.sweep.ValueLists;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi sweep}: a grid or random search over eta, b, sampling and seeds (Arbiter), one run
 * folder per trial under {@code OUT/trials/}, a ledger that makes a rerun skip finished trials and
 * resume interrupted ones, {@code --shard i/n} for a deterministic slice and {@code --parallel N}
 * concurrent trials. Flags override a {@code --config} file, which overrides the definition stored
 * in OUT's ledger (when resuming) or the default sweep.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a hyper-parameter sweep over eta, b, sampling and seeds (Arbiter grid or random search).",
            "With no definition flags it runs the default sweep (small-fc on mnist7x7, eta 0.05,0.2,0.8 x b 16,64,256, "
                    + "seeds 1,2, 4 epochs), or resumes the sweep already in --out."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sweep folder (ledger, trials/<id>/).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Sweep definition, JSON or YAML (field names as in ledger.json 'definition').")
    Path config;

    @Option(names = "--model", paramLabel = "LIST", description = "Zoo networks, comma-separated (default small-fc).")
    String models;

    @Option(names = "--data", paramLabel = "NAME", description = "Data set (default mnist7x7).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default: $SGDVI_DATA, then ~/.sgdvi/data).")
    Path dataDir;

    @Option(names = "--downsample", paramLabel = "SIDE", description = "Down-sample images to SIDE x SIDE.")
    Integer downsample;

    @Option(names = "--classes", paramLabel = "LIST", description = "Keep these classes (e.g. 0-4).")
    String classes;

    @Option(names = "--zca", description = "GCN + ZCA whitening.")
    Boolean zca;

    @Option(names = "--split-seed", paramLabel = "SEED", description = "Seed of the train/validation split (default 12345).")
    Long splitSeed;

    @Option(names = "--search", paramLabel = "grid|random", description = "Grid (default) or random search.")
    String search;

    @Option(names = "--lr", paramLabel = "LIST|LO:HI",
            description = "Learning rates eta, e.g. 0.05,0.2,0.8; random search also takes LO:HI (log-uniform).")
    String lr;

    @Option(names = "--batch", paramLabel = "LIST|LO:HI",
            description = "Batch sizes b, e.g. 16,64,256; random search also takes LO:HI (log-uniform).")
    String batch;

    @Option(names = "--sampling", paramLabel = "LIST", description = "with, without, or with,without (default without).")
    String sampling;

    @Option(names = "--seeds", paramLabel = "LIST", description = "Seeds, e.g. 1,2 or 1-4 (default 1,2).")
    String seeds;

    @Option(names = "--trials", paramLabel = "K", description = "Random search: points to draw (each run once per seed).")
    Integer trials;

    @Option(names = "--search-seed", paramLabel = "SEED", description = "Seed of Arbiter's random search (default 1).")
    Long searchSeed;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per trial (default 4).")
    Integer epochs;

    @Option(names = "--lr-schedule", paramLabel = "SPEC", description = "constant, step:GAMMA:EVERY or piecewise:EPOCH=LR,...")
    String schedule;

    @Option(names = "--momentum", paramLabel = "MU", description = "Momentum (default 0: plain SGD).")
    Double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum.")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "L2 weight decay (default 0).")
    Double weightDecay;

    @Option(names = "--width-scale", paramLabel = "S", description = "Multiply every layer width (default 1).")
    Double widthScale;

    @Option(names = "--no-dropout", description = "Disable dropout layers.")
    Boolean noDropout;

    @Option(names = "--train-eval", paramLabel = "N", description = "Training examples scored per epoch, 0 = all (default 0).")
    Integer trainEval;

    @Option(names = "--measure-spectrum", description = "After each trial, the spectrum of D at the final weights (Remark 15).")
    Boolean measureSpectrum;

    @Option(names = "--spectrum-examples", paramLabel = "M",
            description = "Training examples whose per-example gradients estimate D (default 1000).")
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
        log.printf("sweep shard %s: %s after %.1f s; ledger %s%n", s, sum.counts(), sum.wallSeconds(), sum.ledger());
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

    private SweepDefinition flags() {
        List<Double> lrs = null;
        List<Double> lrRange = null;
        if (lr != null) {
            if (ValueLists.isRange(lr)) {
                lrRange = ValueLists.range("--lr", lr, Double::parseDouble);
            } else {
                lrs = ValueLists.list("--lr", lr, Double::parseDouble);
            }
            for (double v : lrRange != null ? lrRange : lrs) {
                org.sgdvi.experiments.train.TrainArgs.requirePositiveLearningRate(v);
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
        return new SweepDefinition(models == null ? null : ValueLists.list("--model", models, String::trim), data,
                dataDir == null ? null : dataDir.toString(), downsample, classes, zca, splitSeed, search, lrs, lrRange,
                bs, bRange, sampling == null ? null : ValueLists.list("--sampling", sampling, String::trim),
                seeds == null ? null : ValueLists.seeds("--seeds", seeds), trials, searchSeed, epochs, schedule, momentum,
                nesterov, weightDecay, widthScale, noDropout == null ? null : !noDropout, trainEval, measureSpectrum,
                spectrumExamples);
    }
}
