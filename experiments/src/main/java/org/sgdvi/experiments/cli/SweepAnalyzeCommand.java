package org.sgdvi.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.sweep.SweepAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sgdvi sweep-analyze SWEEP_DIR}: the eta/b rule as numbers (Remarks 11, 12, 15, 16),
 * heatmap and scatter plots, results.json and report.html in the sweep folder.
 */
@Command(name = "sweep-analyze", mixinStandardHelpOptions = true,
        description = "Analyze a sweep: variance explained by log(eta/b) vs log(eta) vs log(b), rank correlations, "
                + "with vs without replacement, normalized temperature; plots, results.json, report.html.")
public final class SweepAnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "Sweep folder (ledger.json or ledger-shard-*.json).")
    Path dir;

    @Override
    public Integer call() {
        SweepAnalyzer.analyze(dir, System.out);
        return 0;
    }
}
