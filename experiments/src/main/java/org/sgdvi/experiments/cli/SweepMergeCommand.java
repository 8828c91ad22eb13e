package org.sgdvi.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.sweep.LedgerSet;
import org.sgdvi.experiments.sweep.SweepMerger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgdvi sweep-merge DIR... --out DIR}: one ledger (and trial folders) from the shards of a sweep. */
@Command(name = "sweep-merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Merge the ledgers and trial folders of sweep shards (same definition) into one sweep folder.")
public final class SweepMergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Sweep folders (each with ledger*.json).")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged sweep folder.")
    Path out;

    @Option(names = "--link", description = "Link trial folders symbolically instead of copying them.")
    boolean link;

    @Override
    public Integer call() {
        LedgerSet set = SweepMerger.merge(dirs, out, link);
        System.out.printf("merged %d ledgers' trials into %s: %s%n", dirs.size(), out.resolve("ledger.json"), set.counts());
        return 0;
    }
}
