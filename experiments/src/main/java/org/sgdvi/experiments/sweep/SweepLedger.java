package org.sgdvi.experiments.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The live ledger of one shard of a sweep: trial statuses, updated from concurrent trial threads,
 * each change rewriting the ledger file atomically, so a sweep killed at any moment leaves a
 * readable ledger whose "running" trials are exactly the interrupted ones.
 */
public final class SweepLedger {

    private final Path file;
    private final SweepDefinition definition;
    private final String fingerprint;
    private final String planDigest;
    private final int totalTrials;
    private final Shard shard;
    private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

    private SweepLedger(Path file, SweepDefinition definition, SweepPlan plan, Shard shard) {
        this.file = file;
        this.definition = definition;
        this.fingerprint = definition.fingerprint();
        this.planDigest = plan.digest();
        this.totalTrials = plan.size();
        this.shard = shard;
    }

    /**
     * Opens the ledger of {@code shard} in {@code sweepDir}, creating it with every trial of the shard
     * pending, or reading it back; refuses a ledger of a different sweep.
     */
    public static SweepLedger open(Path sweepDir, SweepDefinition definition, SweepPlan plan, Shard shard) {
        Path file = sweepDir.resolve(shard.ledgerFileName());
        SweepLedger ledger = new SweepLedger(file, definition, plan, shard);
        Map<String, LedgerEntry> old = new LinkedHashMap<>();
        if (Files.exists(file)) {
            LedgerFile f = LedgerFile.read(file);
            if (!f.fingerprint().equals(ledger.fingerprint) || !f.planDigest().equals(ledger.planDigest)) {
                List<String> diff = definition.differences(f.definition());
                throw new IllegalArgumentException(file + ": holds a different sweep (fields " + (diff.isEmpty()
                        ? "[plan]" : diff) + " differ); expected the same definition to resume, or use another --out");
            }
            f.trials().forEach(e -> old.put(e.id(), e));
        }
        List<TrialPoint> mine = plan.shard(shard);
        for (TrialPoint p : mine) {
            LedgerEntry e = old.get(p.id());
            ledger.entries.put(p.id(), e != null ? e : LedgerEntry.pending(p, plan.indexOf(p.id())));
        }
        ledger.write();
        return ledger;
    }

    /** The ledger file. */
    public Path file() {
        return file;
    }

    /** A snapshot of the entries in plan order. */
    public synchronized List<LedgerEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The entry of a trial. */
    public synchronized LedgerEntry get(String id) {
        LedgerEntry e = entries.get(id);
        if (e == null) {
            throw new IllegalArgumentException(file + ": no trial " + id + " in this shard");
        }
        return e;
    }

    /** The trials a run must (re)do: pending, failed and interrupted ("running") ones, in plan order. */
    public synchronized List<LedgerEntry> toRun() {
        return entries.values().stream().filter(e -> !e.status().isFinal()).toList();
    }

    /** Replaces a trial's entry by {@code change(entry)} and rewrites the file. */
    public synchronized LedgerEntry update(String id, UnaryOperator<LedgerEntry> change) {
        LedgerEntry next = change.apply(get(id));
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("ledger update changed trial id " + id + " to " + next.id());
        }
        entries.put(id, next);
        write();
        return next;
    }

    private synchronized void write() {
        new LedgerFile(LedgerFile.FORMAT, definition, fingerprint, planDigest, totalTrials, shard.toString(),
                new ArrayList<>(entries.values())).write(file);
    }
}
