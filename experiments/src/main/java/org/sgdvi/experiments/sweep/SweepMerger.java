package org.sgdvi.experiments.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code sweep-merge}: combines the ledgers of several folders of one sweep (shards run on different
 * machines) into {@code OUT/ledger.json} (shard "0/1", every trial found), and copies each kept
 * trial's run folder to {@code OUT/trials/<id>/} (or links it symbolically with {@code link}).
 */
public final class SweepMerger {

    private SweepMerger() {
    }

    /** Merges; returns the merged set. */
    public static LedgerSet merge(List<Path> sources, Path out, boolean link) {
        LedgerSet set = LedgerSet.read(sources);
        try (org.sgdvi.experiments.run.RunFolder lock = org.sgdvi.experiments.run.RunFolder.create(out, Shard.ALL.lockFileName())) {
            Files.createDirectories(out.resolve(TrialExecutor.TRIALS));
            for (LedgerEntry e : set.entries()) {
                Path from = TrialExecutor.trialDir(set.sources().get(e.id()), e.id());
                Path to = TrialExecutor.trialDir(out, e.id());
                if (!Files.exists(from) || from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
                    continue;
                }
                if (link) {
                    if (!Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(to, from.toAbsolutePath());
                    }
                } else {
                    copyTree(from, to);
                }
            }
            new LedgerFile(LedgerFile.FORMAT, set.definition(), set.fingerprint(), set.planDigest(), set.totalTrials(),
                    Shard.ALL.toString(), set.entries()).write(out.resolve(Shard.ALL.ledgerFileName()));
            return set;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge into " + out + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (p.getFileName().toString().equals(org.sgdvi.experiments.run.RunFolder.LOCK_FILE)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
