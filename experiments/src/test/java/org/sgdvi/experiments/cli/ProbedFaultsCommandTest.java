package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.sweep.Shard;
import org.sgdvi.experiments.testdata.TinyMnist;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.CliRun.Result;
import org.sgdvi.experiments.testdata.TinyFcTraining;

/** The faults and bad inputs found by probing the command line, each reproduced and refused clearly. */
class ProbedFaultsCommandTest {

    @TempDir
    static Path tmp;
    static Path data;
    /** A finished tiny-fc run (1 epoch). */
    static Path trained;

    /** A one-epoch tiny-fc train command line; {@code overrides} are option/value pairs that replace the defaults. */
    static String[] train(Path out, String... overrides) {
        List<String> o = new ArrayList<>(List.of("--epochs", "1", "--train-eval", "50"));
        o.addAll(List.of(overrides));
        return TinyFcTraining.args(data, out, o.toArray(new String[0]));
    }

    /** Runs train with {@code overrides} into tmp/{@code folder}, asserts a usage error that created nothing, returns stderr. */
    static String refusedTrain(String folder, String... overrides) {
        Path out = tmp.resolve(folder);
        Result r = CliRun.run(train(out, overrides));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(out).doesNotExist();
        return r.err();
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        data = TinyMnist.write(tmp.resolve("data"), 200, 50, 7);
        trained = tmp.resolve("trained");
        TinyFcTraining.train(data, trained, "--epochs", "1", "--train-eval", "50");
    }

    /** A .npy file with a hand-written version 1.0 header. */
    static Path npy(Path file, String descr, String shape, byte[] body) throws IOException {
        String dict = "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(body);
        Files.createDirectories(file.getParent());
        return Files.write(file, b.array());
    }

    // --- spectrum --from-gradients: dtypes that crashed the JVM in ND4J's native reader ---

    @Test
    void spectrumRefusesComplexObjectUnicodeAndStructuredDtypesBeforeNativeCode() throws Exception {
        Path[] files = {
            npy(tmp.resolve("npy/complex.npy"), "'<c8'", "(4, 3)", new byte[4 * 3 * 8]),
            npy(tmp.resolve("npy/object.npy"), "'|O'", "(2,)", new byte[] {(byte) 0x80, 2, ']', 'q', 0, '.'}),
            npy(tmp.resolve("npy/unicode.npy"), "'<U5'", "(3,)", new byte[3 * 5 * 4]),
            npy(tmp.resolve("npy/structured.npy"), "[('a', '<f4'), ('b', '<i4')]", "(4,)", new byte[4 * 8]),
        };
        String[] named = {"'<c8'", "'|O'", "'<U5'", "structured"};
        for (int i = 0; i < files.length; i++) {
            Path out = tmp.resolve("spectrum-dtype-" + i);
            Result r = CliRun.run("spectrum", "--from-gradients", files[i].toString(), "--out", out.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(files[i].toString()).contains(named[i]).contains("float32 or float64")
                    .hasLineCount(1);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void spectrumNamesTheFirstNonFiniteRowOfTheGradients() throws Exception {
        INDArray g = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 12, 6);
        g.putScalar(3, 4, Float.NaN);
        g.putScalar(5, 0, Float.POSITIVE_INFINITY);
        Path file = tmp.resolve("npy/grads-nan.npy");
        Npy.write(file, g);
        Path out = tmp.resolve("spectrum-nan");
        Result r = CliRun.run("spectrum", "--from-gradients", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(file.toString()).contains("row 3 (0-based)").contains("2 of 12 rows")
                .doesNotContain("LAPACK");
        assertThat(out).doesNotExist();
    }

    // --- trajectory-analyze on a trajectory with NaN ---

    @Test
    void trajectoryAnalyzeRefusesANonFiniteTrajectoryNamingTheColumnAndRow() throws Exception {
        int t = 64;
        int d = 5;
        ByteBuffer body = ByteBuffer.allocate(t * d * 8).order(ByteOrder.LITTLE_ENDIAN);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int k = 0; k < t; k++) {
            for (int i = 0; i < d; i++) {
                double v = rnd.nextGaussian();
                if (k == 7 && i == 2) {
                    v = Double.NaN;
                }
                if (k == 3 && i == 4) {
                    v = Double.NEGATIVE_INFINITY;
                }
                body.putDouble(v);
            }
        }
        Path file = npy(tmp.resolve("npy/trajectory-nan.npy"), "'<f8'", "(" + t + ", " + d + ")", body.array());
        Path out = tmp.resolve("trajectory-nan");
        Result r = CliRun.run("trajectory-analyze", file.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(file.toString()).contains("weight (column) 2").contains("snapshot (row) 7")
                .contains("2 of 5 weights");
        assertThat(out).doesNotExist();
    }

    // --- train option ranges, checked before anything is written ---

    @Test
    void trainRefusesZeroEpochsAndLeavesNothingBehind() {
        assertThat(refusedTrain("epochs0", "--epochs", "0")).contains("--epochs must be at least 1")
                .doesNotContain("NullPointer");
    }

    @Test
    void trainRefusesANonPositiveLearningRateNamingLr() {
        for (String lr : List.of("0", "-0.1", "NaN", "Infinity")) {
            assertThat(refusedTrain("lr" + lr, "--lr", lr)).as(lr).contains("--lr must be a positive number")
                    .doesNotContain("--lr-schedule");
        }
    }

    @Test
    void aUsageErrorNeverCreatesTheOutFolder() {
        assertThat(refusedTrain("usage", "--sampling", "sometimes")).contains("--sampling");
    }

    // --- sweep list options ---

    @Test
    void sweepRefusesEmptyListItemsNamingTheOption() {
        String[][] cases = {
            {"--lr", "0.1,", "item 2 of 2 is empty"},
            {"--lr", "0.1,,0.2", "item 2 of 3 is empty"},
            {"--batch", ",16", "item 1 of 2 is empty"},
            {"--seeds", "1,2,", "item 3 of 3 is empty"},
            {"--model", "tiny-fc,,small-fc", "item 2 of 3 is empty"},
            {"--sampling", "with,", "item 2 of 2 is empty"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("sweep-list");
            Result r = CliRun.run("sweep", "--out", out.toString(), "--dry-run", c[0], c[1]);
            assertThat(r.code()).as(c[0] + " " + c[1]).isEqualTo(2);
            assertThat(r.err()).as(c[0] + " " + c[1]).contains(c[0] + " '" + c[1] + "'").contains(c[2]);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void listOptionsThatPicocliSplitsRefuseATrailingEmptyItem() {
        Path out = tmp.resolve("fractions");
        Result r = CliRun.run("spectrum", "--fractions", "0.2,", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--epochs", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fractions '0.2,'").contains("item 2 of 2 is empty");
        assertThat(out).doesNotExist();
        Path well = tmp.resolve("lambda");
        Result w = CliRun.run("double-well", "--lambda", "0,1.5,", "--out", well.toString());
        assertThat(w.code()).isEqualTo(2);
        assertThat(w.err()).contains("--lambda '0,1.5,'").contains("item 3 of 3 is empty");
        assertThat(well).doesNotExist();
    }

    @Test
    void sweepRefusesANonPositiveLearningRateInItsList() {
        Path out = tmp.resolve("sweep-lr");
        Result r = CliRun.run("sweep", "--out", out.toString(), "--dry-run", "--lr", "0.1,0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--lr must be a positive number, got 0.0");
        assertThat(out).doesNotExist();
    }

    // --- gradients --weights ---

    @Test
    void gradientsRefusesAModelThatConflictsWithWeights() {
        Path out = tmp.resolve("grads-conflict");
        Result r = CliRun.run("gradients", "--model", "small-fc", "--weights", trained.toString(), "--count", "4",
                "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--model small-fc").contains(trained.toString()).contains("tiny-fc");
        assertThat(out).doesNotExist();
        // the same model as the run's is no conflict
        Path ok = tmp.resolve("grads-same-model");
        Result same = CliRun.run("gradients", "--model", "tiny-fc", "--weights", trained.toString(), "--count", "4",
                "--out", ok.toString());
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(ok.resolve("grads.npy")).exists();
    }

    @Test
    void gradientsRefusesTheNonFiniteWeightsOfADivergedRun() throws Exception {
        Path diverged = tmp.resolve("diverged");
        Files.createDirectories(diverged);
        Files.copy(trained.resolve("config.json"), diverged.resolve("config.json"));
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(trained.resolve("model.zip").toFile(), true);
        int last = net.getLayers().length - 1;
        net.getLayer(last).getParam("b").putScalar(2, Double.NaN);
        ModelSerializer.writeModel(net, diverged.resolve("model.zip").toFile(), true);
        Path out = tmp.resolve("grads-nan");
        Result r = CliRun.run("gradients", "--weights", diverged.toString(), "--count", "4", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(diverged.toString()).contains("not finite")
                .contains("parameter " + last + "_b").contains("holds 1 NaN");
        assertThat(out).doesNotExist();
    }

    // --- the run-folder lock ---

    @Test
    void aSecondCommandOnALockedRunFolderIsRefusedAndWritesNothing() throws Exception {
        Path out = tmp.resolve("locked-in-process");
        try (RunFolder held = RunFolder.create(out)) {
            Result r = CliRun.run(train(out));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains(out.toString()).contains("is in use").hasLineCount(1);
            assertThat(out.resolve("config.json")).doesNotExist();
            assertThat(out.resolve("model.zip")).doesNotExist();
        }
        // released: the folder is free again (and, empty, it was removed)
        assertThat(out).doesNotExist();
    }

    @Test
    void aLockHeldThroughAnotherChannelRefusesGradientsAndSweep() throws Exception {
        Path out = tmp.resolve("locked-by-channel");
        Files.createDirectories(out);
        try (FileChannel ch = FileChannel.open(out.resolve(RunFolder.LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            Result r = CliRun.run("gradients", "--weights", trained.toString(), "--count", "4", "--out", out.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("is in use");
            assertThat(out.resolve("grads.npy")).doesNotExist();
        }
        Path sweep = tmp.resolve("sweep-locked");
        try (RunFolder held = RunFolder.create(sweep, Shard.ALL.lockFileName())) {
            Result r = CliRun.run("sweep", "--out", sweep.toString(), "--model", "tiny-fc", "--data", "mnist7x7-5class",
                    "--data-dir", data.toString(), "--lr", "0.05", "--batch", "16", "--seeds", "1", "--epochs", "1");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains(sweep.toString()).contains("is in use");
            assertThat(sweep.resolve("trials")).doesNotExist();
        }
    }

    @Test
    void aLockHeldByAnotherProcessRefusesTrainAndIsFreedWhenThatProcessEnds() throws Exception {
        Path out = tmp.resolve("locked-by-process");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), out.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("locked");
            Result r = CliRun.run(train(out));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains(out.toString()).contains("is in use by process " + holder.pid());
            assertThat(out.resolve("config.json")).doesNotExist();
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // the holder has exited: its lock went with it
        Result r = CliRun.run(train(out));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("model.zip")).exists();
    }

    /** Another process: locks a run folder, says "locked", and holds the lock until its stdin closes. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (RunFolder run = RunFolder.create(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our stdin
                }
            }
        }
    }
}
