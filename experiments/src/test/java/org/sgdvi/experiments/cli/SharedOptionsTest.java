package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.experiments.sweep.Shard;
import org.sgdvi.experiments.sweep.SweepDefinition;
import picocli.CommandLine;

/** The training options are declared once; train and sweep each state and apply their own defaults. */
class SharedOptionsTest {

    @TempDir
    Path tmp;

    private static String help(String command) {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(command, "--help")).isZero();
        return out.toString().replaceAll("\\s+", " ");
    }

    private SweepDefinition sweep(String... args) {
        SweepCommand command = new SweepCommand();
        new CommandLine(command).parseArgs(args);
        return command.definition(Shard.ALL);
    }

    @Test
    void eachCommandStatesItsOwnDefaults() {
        String train = help("train");
        assertThat(train).contains("--epochs=E Epochs (default: 5)").contains("--momentum=MU Momentum (default: 0.9)")
                .contains("--train-eval=N Training examples scored after each epoch, 0 = all (default: 10000)")
                .contains("--data=NAME").contains("(default: mnist)").contains("--augment");
        String sweep = help("sweep");
        assertThat(sweep).contains("--epochs=E Epochs (default: 4)").contains("--momentum=MU Momentum (default: 0.0: plain SGD, deliberately, because the paper's analysis is of plain SGD")
                .contains("(default: 0)").contains("(default: mnist7x7)").contains("--augment")
                .contains("Momentum defaults to 0 here").contains("plain SGD");
        assertThat(help("spectrum")).contains("--augment").contains("--epochs=E Epochs (default: 5)");
    }

    @Test
    void theSweepTakesOnlyTypedOptionsOverItsConfigFile() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, "models: [tiny-fc]\ndata: mnist7x7-5class\nepochs: 2\nmomentum: 0.5\ntrainEval: 100\n"
                + "learningRates: [0.1]\nbatchSizes: [16]\nseeds: [1]\n");
        SweepDefinition fromFile = sweep("--out", tmp.resolve("a").toString(), "--config", config.toString());
        assertThat(fromFile.epochs()).isEqualTo(2);
        assertThat(fromFile.momentum()).isEqualTo(0.5);
        assertThat(fromFile.trainEval()).isEqualTo(100);
        assertThat(fromFile.data()).isEqualTo("mnist7x7-5class");
        assertThat(fromFile.models()).containsExactly("tiny-fc");
        assertThat(fromFile.augment()).isFalse();
        SweepDefinition typed = sweep("--out", tmp.resolve("b").toString(), "--config", config.toString(), "--epochs", "3",
                "--momentum", "0.9", "--nesterov", "--no-dropout", "--augment", "--data", "mnist7x7");
        assertThat(typed.epochs()).isEqualTo(3);
        assertThat(typed.momentum()).isEqualTo(0.9);
        assertThat(typed.nesterov()).isTrue();
        assertThat(typed.dropout()).isFalse();
        assertThat(typed.augment()).isTrue();
        assertThat(typed.data()).isEqualTo("mnist7x7");
        assertThat(typed.trainEval()).isEqualTo(100);
        // the default sweep, with nothing typed
        SweepDefinition defaults = sweep("--out", tmp.resolve("c").toString());
        assertThat(defaults).isEqualTo(SweepDefinition.DEFAULTS);
    }

    @Test
    void augmentReachesEveryTrialAndTheFingerprintOnlyWhenOn() {
        SweepDefinition plain = sweep("--out", tmp.resolve("p").toString(), "--lr", "0.1", "--batch", "16", "--seeds", "1");
        SweepDefinition augmented = sweep("--out", tmp.resolve("q").toString(), "--lr", "0.1", "--batch", "16",
                "--seeds", "1", "--augment");
        org.sgdvi.experiments.sweep.TrialPoint p = org.sgdvi.experiments.sweep.SweepPlan.of(augmented).shard(Shard.ALL).get(0);
        assertThat(augmented.request(p).augment()).isTrue();
        assertThat(plain.request(p).augment()).isFalse();
        assertThat(augmented.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(augmented.describe()).endsWith(", augmented mini-batches");
        // a definition stored before the field existed (augment null) keeps its fingerprint
        SweepDefinition stored = new SweepDefinition(plain.models(), plain.data(), plain.dataDir(), plain.downsample(),
                plain.classes(), plain.zca(), plain.splitSeed(), plain.search(), plain.learningRates(),
                plain.learningRateRange(), plain.batchSizes(), plain.batchSizeRange(), plain.samplings(), plain.seeds(),
                plain.trials(), plain.searchSeed(), plain.epochs(), plain.schedule(), plain.momentum(), plain.nesterov(),
                plain.weightDecay(), plain.widthScale(), plain.dropout(), plain.trainEval(), plain.measureSpectrum(),
                plain.spectrumExamples(), null);
        assertThat(stored.fingerprint()).isEqualTo(plain.fingerprint());
    }
}
