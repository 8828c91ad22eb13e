package org.sgdvi.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;

/**
 * A ledger as stored on disk ({@code ledger.json}, or {@code ledger-shard-I-of-N.json} for a shard):
 * the sweep definition and its fingerprint, the plan's size and digest, the shard, and one
 * {@link LedgerEntry} per trial of the shard. Always rewritten whole and atomically.
 *
 * @param format file format version, {@link #FORMAT}
 * @param definition the resolved sweep definition
 * @param fingerprint {@link SweepDefinition#fingerprint()}
 * @param planDigest {@link SweepPlan#digest()}
 * @param totalTrials the size of the whole plan (all shards)
 * @param shard "i/n"
 * @param trials the entries of this shard, in plan order
 */
public record LedgerFile(int format, SweepDefinition definition, String fingerprint, String planDigest, int totalTrials,
                         String shard, List<LedgerEntry> trials) {

    /** The current format. */
    public static final int FORMAT = 1;

    public LedgerFile {
        trials = List.copyOf(trials);
    }

    /** Reads a ledger, failing with the file's name when it is not one. */
    public static LedgerFile read(Path file) {
        try {
            LedgerFile f = Json.mapper().readValue(file.toFile(), LedgerFile.class);
            if (f.format() != FORMAT || f.definition() == null || f.trials() == null) {
                throw new IllegalArgumentException(file + ": field format = " + f.format() + ", expected a sweep ledger of format "
                        + FORMAT + " with definition and trials");
            }
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable sweep ledger (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the ledger atomically. */
    public void write(Path file) {
        byte[] bytes;
        try {
            bytes = Json.pretty().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot serialize ledger " + file + ": " + e.getMessage(), e);
        }
        try {
            AtomicFiles.writeBytes(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The ledger files of a sweep folder ({@code ledger.json} and {@code ledger-shard-*.json}), sorted by name. */
    public static List<Path> find(Path sweepDir) {
        if (!Files.isDirectory(sweepDir)) {
            throw new IllegalArgumentException(sweepDir + ": not a folder; expected a sweep folder with ledger.json");
        }
        try (Stream<Path> s = Files.list(sweepDir)) {
            List<Path> out = new ArrayList<>(s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals("ledger.json") || (n.startsWith("ledger-shard-") && n.endsWith(".json"));
            }).sorted().toList());
            if (out.isEmpty()) {
                throw new IllegalArgumentException(sweepDir + ": no ledger.json or ledger-shard-*.json; expected a sweep folder");
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + sweepDir + ": " + e.getMessage(), e);
        }
    }
}
