package org.sgdvi.experiments.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;

/**
 * Runs one shard of a sweep: draws the plan ({@link SweepPlan}), opens or resumes the shard's ledger
 * ({@link SweepLedger}), and hands the trials still to do to Arbiter's {@link LocalOptimizationRunner}
 * with up to {@code parallel} concurrent trials, each run by {@link TrialTaskCreator}.
 */
public final class SweepRunner {

    /**
     * What a run of the sweep did.
     *
     * @param planned trials in the whole plan
     * @param inShard trials in this shard
     * @param skipped trials already done or diverged before this run
     * @param ran trials run (or resumed) now
     * @param counts the shard's trials by status after the run
     * @param wallSeconds wall time of this run
     * @param ledger the ledger file
     */
    public record Summary(int planned, int inShard, int skipped, int ran, Map<TrialStatus, Integer> counts,
                          double wallSeconds, Path ledger) {

        /** The counts as text, e.g. "3 done, 1 failed" (statuses in their order; none: "no trials"). */
        public String countsText() {
            String t = counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining(", "));
            return t.isEmpty() ? "no trials" : t;
        }
    }

    private final Path dir;
    private final SweepDefinition definition;
    private final Shard shard;
    private final int parallel;
    private final TrialExecutor.AfterTrial after;
    private final PrintStream log;

    /**
     * @param dir the sweep folder
     * @param definition a resolved definition
     * @param shard the slice to run
     * @param parallel concurrent trials, at least 1
     * @param after optional measurement after each successful trial, or null
     * @param log progress lines
     */
    public SweepRunner(Path dir, SweepDefinition definition, Shard shard, int parallel, TrialExecutor.AfterTrial after,
                       PrintStream log) {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel " + parallel + ": expected at least 1 concurrent trial");
        }
        this.dir = dir;
        this.definition = definition;
        this.shard = shard;
        this.parallel = parallel;
        this.after = after;
        this.log = log;
    }

    /**
     * Runs the shard's unfinished trials and returns the summary, holding the shard's lock
     * ({@link Shard#lockFileName()}) so that a second process on the same folder and shard is refused.
     */
    public Summary run() {
        try (org.sgdvi.experiments.run.RunFolder lock = org.sgdvi.experiments.run.RunFolder.create(dir, shard.lockFileName())) {
            return runLocked();
        }
    }

    private Summary runLocked() {
        long t0 = System.nanoTime();
        SweepPlan plan = SweepPlan.of(definition);
        SweepLedger ledger = SweepLedger.open(dir, definition, plan, shard);
        List<LedgerEntry> todo = ledger.toRun();
        int inShard = ledger.entries().size();
        log.printf("sweep %s: %d trials planned, %d in shard %s, %d to run (%d already finished); ledger %s%n",
                definition.describe(), plan.size(), inShard, shard, todo.size(), inShard - todo.size(), ledger.file());
        if (!todo.isEmpty()) {
            TrialExecutor executor = new TrialExecutor(dir, definition, ledger, after, log);
            OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                    .candidateGenerator(new PlannedCandidates(definition.isRandom()
                            ? TrialSpace.random(definition, definition.seeds().get(0)) : TrialSpace.grid(definition), todo))
                    .scoreFunction(new ValidationErrorScore())
                    .terminationConditions(new MaxCandidatesCondition(todo.size()))
                    .build();
            LocalOptimizationRunner runner = new LocalOptimizationRunner(parallel, config, new TrialTaskCreator(executor));
            runner.execute();
        }
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        for (LedgerEntry e : ledger.entries()) {
            counts.merge(e.status(), 1, Integer::sum);
        }
        return new Summary(plan.size(), inShard, inShard - todo.size(), todo.size(), counts,
                (System.nanoTime() - t0) / 1e9, ledger.file());
    }
}
