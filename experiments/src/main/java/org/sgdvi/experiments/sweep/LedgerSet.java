package org.sgdvi.experiments.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledgers of one sweep read together (a folder's {@code ledger.json} and
 * {@code ledger-shard-*.json}, or the folders given to {@code sweep-merge}): they must share the
 * definition fingerprint and plan digest; a trial found in several keeps the entry with the most
 * advanced status (done > diverged > running > failed > pending), then the most attempts.
 *
 * @param definition the shared definition
 * @param fingerprint its fingerprint
 * @param planDigest the shared plan digest
 * @param totalTrials the size of the whole plan
 * @param entries one entry per trial found, in plan order
 * @param sources where each trial's entry came from (trial id -> sweep folder)
 */
public record LedgerSet(SweepDefinition definition, String fingerprint, String planDigest, int totalTrials,
                        List<LedgerEntry> entries, Map<String, Path> sources) {

    /** Reads every ledger of the given sweep folders. */
    public static LedgerSet read(List<Path> sweepDirs) {
        LedgerFile first = null;
        Path firstFile = null;
        Map<String, LedgerEntry> best = new LinkedHashMap<>();
        Map<String, Path> sources = new LinkedHashMap<>();
        for (Path dir : sweepDirs) {
            for (Path file : LedgerFile.find(dir)) {
                LedgerFile f = LedgerFile.read(file);
                if (first == null) {
                    first = f;
                    firstFile = file;
                } else if (!first.fingerprint().equals(f.fingerprint()) || !first.planDigest().equals(f.planDigest())) {
                    throw new IllegalArgumentException(file + ": field fingerprint differs from " + firstFile
                            + " (fields " + first.definition().differences(f.definition()) + "); expected ledgers of one sweep");
                }
                for (LedgerEntry e : f.trials()) {
                    LedgerEntry old = best.get(e.id());
                    if (old == null || e.status().rank() > old.status().rank()
                            || (e.status().rank() == old.status().rank() && e.attempts() > old.attempts())) {
                        best.put(e.id(), e);
                        sources.put(e.id(), dir);
                    }
                }
            }
        }
        List<LedgerEntry> entries = new ArrayList<>(best.values());
        entries.sort(Comparator.comparingInt(LedgerEntry::index));
        return new LedgerSet(first.definition(), first.fingerprint(), first.planDigest(), first.totalTrials(), entries,
                sources);
    }

    /** Trials of the plan that no ledger mentions (a shard not run yet). */
    public int missing() {
        return totalTrials - entries.size();
    }

    /** The finished, non-diverged trials with a finite validation error. */
    public List<Observation> observations() {
        return entries.stream().filter(e -> e.status() == TrialStatus.DONE && Double.isFinite(e.validationError()))
                .map(Observation::of).toList();
    }

    /** Trials by status, plus "missing". */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (TrialStatus s : TrialStatus.values()) {
            m.put(s.name().toLowerCase(java.util.Locale.ROOT), (int) entries.stream().filter(e -> e.status() == s).count());
        }
        m.put("missing", missing());
        return m;
    }
}
