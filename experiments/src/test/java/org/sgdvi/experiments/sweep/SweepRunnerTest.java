package org.sgdvi.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.experiments.cli.SweepCommand;
import org.sgdvi.experiments.testdata.TinyMnist;
import picocli.CommandLine;

/** Real tiny trials (tiny-fc on a generated 7x7, 5-class MNIST look-alike) through Arbiter and the trainer. */
class SweepRunnerTest {

    @TempDir
    static Path tmp;
    static final Path data = TinyMnist.shared(300, 100, 11);

    /** Runs the command; later flags override earlier ones. */
    static int sweep(String... args) {
        CommandLine cl = new CommandLine(new SweepCommand()).setOverwrittenOptionsAllowed(true);
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        lastError = err.toString();
        return code;
    }

    static String lastError = "";

    static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir",
                data.toString(), "--lr", "0.05,0.2", "--batch", "10,30", "--seeds", "1", "--epochs", "1", "--out",
                out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static Map<String, LedgerEntry> ledger(Path dir, String name) {
        return LedgerFile.read(dir.resolve(name)).trials().stream()
                .collect(Collectors.toMap(LedgerEntry::id, e -> e));
    }

    /**
     * Two concurrent Arbiter trials give exactly the numbers of one-at-a-time trials; a rerun skips
     * finished trials; an interrupted ("running") and a failed trial are run again, the interrupted
     * one resuming from its checkpoint with the same numbers.
     */
    @Test
    void parallelEqualsSequentialAndRerunsResumeOnlyUnfinishedTrials() throws Exception {
        Path seq = tmp.resolve("seq");
        Path par = tmp.resolve("par");
        assertThat(sweep(args(seq))).as(() -> lastError).isZero();
        assertThat(sweep(args(par, "--parallel", "2"))).as(() -> lastError).isZero();
        Map<String, LedgerEntry> a = ledger(seq, "ledger.json");
        Map<String, LedgerEntry> b = ledger(par, "ledger.json");
        assertThat(a).hasSize(4);
        for (LedgerEntry e : a.values()) {
            assertThat(e.status()).isEqualTo(TrialStatus.DONE);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.metrics().withoutTime()).isEqualTo(b.get(e.id()).metrics().withoutTime());
            assertThat(seq.resolve("trials").resolve(e.id()).resolve("results.json")).exists();
            assertThat(e.trainExamples()).isPositive();
        }
        // rerun: nothing to do
        assertThat(sweep(args(seq))).as(() -> lastError).isZero();
        assertThat(ledger(seq, "ledger.json").values()).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
        // mark one trial interrupted and one failed, then rerun
        LedgerFile f = LedgerFile.read(seq.resolve("ledger.json"));
        List<LedgerEntry> edited = new ArrayList<>();
        String interrupted = f.trials().get(0).id();
        String failed = f.trials().get(3).id();
        for (LedgerEntry e : f.trials()) {
            if (e.id().equals(interrupted)) {
                e = e.running("2020-01-01T00:00:00Z");
            } else if (e.id().equals(failed)) {
                e = e.finished(TrialStatus.FAILED, "2020-01-01T00:00:00Z", null, null, null, null, "killed", null);
                Files.delete(seq.resolve("trials").resolve(e.id()).resolve("checkpoints").resolve("checkpoint.json"));
            }
            edited.add(e);
        }
        new LedgerFile(f.format(), f.definition(), f.fingerprint(), f.planDigest(), f.totalTrials(), f.shard(), edited)
                .write(seq.resolve("ledger.json"));
        assertThat(sweep(args(seq))).as(() -> lastError).isZero();
        Map<String, LedgerEntry> c = ledger(seq, "ledger.json");
        for (LedgerEntry e : c.values()) {
            assertThat(e.status()).isEqualTo(TrialStatus.DONE);
            assertThat(e.metrics().withoutTime()).isEqualTo(a.get(e.id()).metrics().withoutTime());
            int expectedAttempts = e.id().equals(interrupted) ? 3 : e.id().equals(failed) ? 2 : 1;
            assertThat(e.attempts()).as(e.id()).isEqualTo(expectedAttempts);
        }
        assertThat(Files.readString(seq.resolve("trials").resolve(interrupted).resolve(TrialExecutor.LOG_FILE)))
                .contains("resuming from");
    }

    /** A rate of 1e300 from epoch 2 on: the trial is recorded as diverged with epoch 1's finite metrics. */
    @Test
    void aDivergingTrialIsRecordedAndTheSweepGoesOn() {
        Path out = tmp.resolve("diverge");
        assertThat(sweep(args(out, "--epochs", "3", "--lr-schedule", "piecewise:1=1e300", "--lr", "0.05"))).as(() -> lastError).isZero();
        Map<String, LedgerEntry> l = ledger(out, "ledger.json");
        assertThat(l).hasSize(2);
        for (LedgerEntry e : l.values()) {
            assertThat(e.status()).isEqualTo(TrialStatus.DIVERGED);
            assertThat(e.epochs()).isEqualTo(1);
            assertThat(e.metrics().epoch()).isEqualTo(1);
            assertThat(e.metrics().validationError()).isBetween(0.0, 1.0);
            assertThat(e.metrics().trainLoss()).isFinite();
        }
        // diverged is final: a rerun leaves it alone
        assertThat(sweep(args(out, "--epochs", "3", "--lr-schedule", "piecewise:1=1e300", "--lr", "0.05"))).as(() -> lastError).isZero();
        assertThat(ledger(out, "ledger.json").values()).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
    }

    /** A trial that cannot run (a 28x28 network on 7x7 data) fails with its message; the others finish. */
    @Test
    void aFailingTrialIsRecordedWithItsMessage() {
        Path out = tmp.resolve("fail");
        assertThat(sweep(args(out, "--model", "tiny-fc,small-lenet", "--lr", "0.05", "--batch", "30"))).as(() -> lastError).isEqualTo(1);
        Map<String, LedgerEntry> l = ledger(out, "ledger.json");
        assertThat(l.get("tiny-fc_lr0.05_b30_without_s1").status()).isEqualTo(TrialStatus.DONE);
        LedgerEntry bad = l.get("small-lenet_lr0.05_b30_without_s1");
        assertThat(bad.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(bad.error()).contains("small-lenet").contains("7x7");
    }

    /** Shards write their own ledgers into one folder; together they hold the whole plan; a changed definition is refused. */
    @Test
    void shardsShareAFolderAndADifferentSweepIsRefused() {
        Path out = tmp.resolve("shards");
        assertThat(sweep(args(out, "--shard", "0/3", "--epochs", "1"))).as(() -> lastError).isZero();
        assertThat(sweep(args(out, "--shard", "1/3"))).as(() -> lastError).isZero();
        assertThat(sweep(args(out, "--shard", "2/3"))).as(() -> lastError).isZero();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ledger(out, "ledger-shard-" + i + "-of-3.json").values().forEach(e -> {
                assertThat(e.status()).isEqualTo(TrialStatus.DONE);
                ids.add(e.id());
            });
        }
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
        CommandLine cl = new CommandLine(new SweepCommand()).setOverwrittenOptionsAllowed(true);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(args(out, "--shard", "0/3", "--epochs", "2"))).isNotZero();
        assertThat(err.toString()).contains("ledger-shard-0-of-3.json").contains("epochs");
    }
}
