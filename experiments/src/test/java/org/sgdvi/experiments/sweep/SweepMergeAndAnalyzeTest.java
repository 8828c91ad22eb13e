package org.sgdvi.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.sgdvi.experiments.testdata.JsonKeys.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.experiments.cli.SweepAnalyzeCommand;
import org.sgdvi.experiments.cli.SweepMergeCommand;
import org.sgdvi.core.io.Json;
import picocli.CommandLine;

/** Shard ledgers with synthetic results (no training): merged, then analysed; the numbers are known. */
class SweepMergeAndAnalyzeTest {

    @TempDir
    Path tmp;

    static SweepDefinition definition(int epochs) {
        return new SweepDefinition(List.of("small-fc"), "mnist7x7", null, null, null, null, null, "grid",
                List.of(0.05, 0.2, 0.8), null, List.of(16, 64, 256), null, List.of("with", "without"), List.of(1L, 2L),
                null, null, epochs, null, null, null, null, null, null, null, null, null, null).resolve("test");
    }

    /** error = 0.3 - 0.02 log4(eta/b / (0.05/256)) (a function of eta/b only), 0.01 lower with replacement. */
    static double error(TrialPoint p) {
        double u = Math.log(p.ratio() / (0.05 / 256)) / Math.log(4);
        return 0.3 - 0.02 * u - ("with".equals(p.sampling()) ? 0.01 : 0);
    }

    /** Writes shard i of n as a finished sweep folder with one dummy file per trial folder. */
    static Path shard(Path root, SweepDefinition d, int i, int n) throws Exception {
        Path dir = root.resolve("shard" + i);
        SweepPlan plan = SweepPlan.of(d);
        Shard s = new Shard(i, n);
        List<LedgerEntry> entries = new ArrayList<>();
        for (TrialPoint p : plan.shard(s)) {
            EpochMetrics m = new EpochMetrics(4, 0.1, 0.05, 0.2, error(p), p.learningRate(), 1.0);
            TrialStatus st = p.learningRate() == 0.8 && p.batchSize() == 16 && p.seed() == 2 ? TrialStatus.DIVERGED
                    : TrialStatus.DONE;
            entries.add(LedgerEntry.pending(p, plan.indexOf(p.id())).running("t")
                    .finished(st, "t", 4, m, 8000, 1.0, null, null));
            Files.createDirectories(TrialExecutor.trialDir(dir, p.id()));
            Files.writeString(TrialExecutor.trialDir(dir, p.id()).resolve("results.json"), "{}");
        }
        new LedgerFile(LedgerFile.FORMAT, d, d.fingerprint(), plan.digest(), plan.size(), s.toString(), entries)
                .write(dir.resolve(s.ledgerFileName()));
        return dir;
    }

    static int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void mergedShardsAnalyseToTheKnownNumbers() throws Exception {
        SweepDefinition d = definition(4);
        Path a = shard(tmp, d, 0, 2);
        Path b = shard(tmp, d, 1, 2);
        Path merged = tmp.resolve("merged");
        assertThat(run(new SweepMergeCommand(), a.toString(), b.toString(), "--out", merged.toString())).isZero();
        LedgerFile f = LedgerFile.read(merged.resolve("ledger.json"));
        assertThat(f.trials()).hasSize(36);
        assertThat(f.shard()).isEqualTo("0/1");
        for (LedgerEntry e : f.trials()) {
            assertThat(TrialExecutor.trialDir(merged, e.id()).resolve("results.json")).exists();
        }
        assertThat(run(new SweepAnalyzeCommand(), merged.toString())).isZero();
        JsonNode r = Json.mapper().readTree(merged.resolve("results.json").toFile());
        assertThat(r.at("/trials/done").asInt()).isEqualTo(34);
        assertThat(r.at("/trials/diverged").asInt()).isEqualTo(2);
        assertThat(r.at("/diverged")).hasSize(2);
        JsonNode rule = r.get("remark11");
        assertThat(rule).hasSize(2);
        for (JsonNode g : rule) {
            assertThat(g.at("/explained/logEtaOverB/binnedR2").asDouble()).isCloseTo(1.0, within(1e-12));
            assertThat(g.at("/explained/logEtaOverB/localLinearR2").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(g.at("/explained/logEta/binnedR2").asDouble()).isLessThan(0.75);
            assertThat(g.get("etaOverBExplainsMost").asBoolean()).isTrue();
            assertThat(g.at("/explained/logB/binnedR2").asDouble()).isLessThan(0.75);
            for (JsonNode s : g.get("spearmanWithinBatchSize")) {
                assertThat(s.get("rho").asDouble()).isCloseTo(-1.0, within(1e-12));
            }
        }
        JsonNode r12 = r.get("remark12");
        assertThat(r12).hasSize(3);
        for (JsonNode m : r12) {
            assertThat(m.get("meanDifference").asDouble()).isCloseTo(-0.01, within(1e-12));
            assertThat(m.get("seedSpread").asDouble()).isCloseTo(0.0, within(1e-12));
        }
        assertThat(r.get("remark15").isNull()).isTrue();
        for (String png : List.of("heatmap-small-fc-with.png", "heatmap-small-fc-without.png",
                "error-vs-ratio-small-fc-without.png")) {
            assertThat(Files.size(merged.resolve(png))).isGreaterThan(1000);
        }
        assertThat(Files.readString(merged.resolve("report.html"))).contains("Remark 11").contains("data:image/png;base64");
    }

    /** results.json keeps its keys, nesting and order; the report states each verdict with its numbers and no raw map. */
    @Test
    void resultsKeysAndReportVerdicts() throws Exception {
        Path dir = shard(tmp, definition(4), 0, 1);
        assertThat(run(new SweepAnalyzeCommand(), dir.toString())).isZero();
        JsonNode r = Json.mapper().readTree(dir.resolve("results.json").toFile());
        assertThat(keys(r)).containsExactly("sweep", "fingerprint", "trials", "analysed", "diverged", "failed", "remark11",
                "remark12", "remark15", "remark16", "definitions");
        assertThat(keys(r.get("trials"))).containsExactly("pending", "running", "done", "failed", "diverged", "missing");
        JsonNode g = r.get("remark11").get(0);
        assertThat(keys(g)).containsExactly("model", "sampling", "n", "explained", "etaOverBExplainsMost",
                "spearmanWithinBatchSize");
        assertThat(keys(g.get("explained"))).containsExactly("logEtaOverB", "logEta", "logB");
        assertThat(keys(g.at("/explained/logEta"))).containsExactly(FIT_KEYS);
        assertThat(keys(g.get("spearmanWithinBatchSize").get(0))).containsExactly("batchSize", "n", "rho");
        assertThat(keys(r.get("remark12").get(0))).containsExactly("model", "batchSize", "pairs", "seeds", "meanDifference",
                "seedSpread", "seedMin", "seedMax", "oneMinusBOverN");
        assertThat(keys(r.get("definitions"))).containsExactlyInAnyOrder("binnedR2", "binnedAdjustedR2", "localLinearR2",
                "rho", "meanDifference", "seedSpread");

        String html = Files.readString(dir.resolve("report.html"));
        double adjustedEta = g.at("/explained/logEta/binnedAdjustedR2").asDouble();
        double adjustedB = g.at("/explained/logB/binnedAdjustedR2").asDouble();
        assertThat(html).contains("<b>Confirmed</b>: Remark 11, small-fc / with: the error follows eta/b. Adjusted binned R2 of "
                        + "log(eta/b) 1 against " + org.sgdvi.experiments.report.HtmlReport.format(adjustedEta) + " for log(eta) and "
                        + org.sgdvi.experiments.report.HtmlReport.format(adjustedB) + " for log(b) (+"
                        + org.sgdvi.experiments.report.HtmlReport.format(1 - Math.max(adjustedEta, adjustedB)))
                .contains("Error worsens as eta/b -&gt; 0, small-fc / without: holds at every b.")
                .contains("<b>Confirmed</b>: Remark 12, small-fc at the largest b = 256: sampling with replacement "
                        + "generalizes better, beyond the seed spread. Mean difference -0.01 over 6 pairs, seed spread 0, "
                        + "1 - b/N = 0.968.")
                .contains("<th>learningRates</th><td>0.05, 0.2, 0.8</td>")
                .doesNotContainPattern("\\{[A-Za-z]+=");
    }

    /** The keys of a smoothing fit in results.json. */
    static final String[] FIT_KEYS = {"n", "distinctValues", "binnedR2", "binnedAdjustedR2", "localLinearR2"};


    @Test
    void ledgersOfDifferentSweepsAreNotMerged() throws Exception {
        Path a = shard(tmp.resolve("x"), definition(4), 0, 2);
        Path b = shard(tmp.resolve("y"), definition(5), 1, 2);
        assertThatThrownBy(() -> SweepMerger.merge(List.of(a, b), tmp.resolve("m"), false))
                .hasMessageContaining("ledger-shard-1-of-2.json").hasMessageContaining("epochs");
    }

    /** The analysis of one folder also reads all its shard ledgers together. */
    @Test
    void shardLedgersInOneFolderAreReadTogether() throws Exception {
        SweepDefinition d = definition(4);
        Path dir = shard(tmp, d, 0, 3);
        Path other = shard(tmp.resolve("o"), d, 2, 3);
        Files.copy(other.resolve("ledger-shard-2-of-3.json"), dir.resolve("ledger-shard-2-of-3.json"));
        LedgerSet set = LedgerSet.read(List.of(dir));
        assertThat(set.entries()).hasSize(24);
        assertThat(set.missing()).isEqualTo(12);
        assertThat(set.counts().get("missing")).isEqualTo(12);
    }
}
