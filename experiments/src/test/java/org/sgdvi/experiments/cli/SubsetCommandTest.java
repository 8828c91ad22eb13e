package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.catalog.DataOptions;
import org.sgdvi.datasets.catalog.DatasetCatalog;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.testdata.TinyMnist;
import picocli.CommandLine;

/**
 * The n training examples of gradients, spectrum and bench are a seeded sample of the training split,
 * not its first n rows: on a class-sorted split (here a fake MNIST whose 4,000 training images hold
 * 400 of each digit in blocks, so its first 2,000 are digits 0-4 only) a subset of 2,000 holds every
 * digit, and subset.npy names the rows whose labels the command exported.
 */
class SubsetCommandTest {

    private static final int TRAIN = 4000;

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void writeClassSortedData() throws Exception {
        data = TinyMnist.write(tmp.resolve("data"), TRAIN, 20, 3, true);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result sgdvi(String... args) {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static long[] subsetOf(Path run) throws java.io.IOException {
        INDArray idx = Npy.read(run.resolve("subset.npy"));
        assertThat(idx.dataType()).isEqualTo(DataType.LONG);
        return idx.toLongVector();
    }

    private static int[] labelsOf(Path run) throws java.io.IOException {
        return Npy.read(run.resolve("labels.npy")).toIntVector();
    }

    private Path gradients(String name, String... extra) {
        Path out = tmp.resolve(name);
        String[] base = {"gradients", "--model", "small-fc", "--data", "mnist7x7", "--data-dir", data.toString(),
            "--out", out.toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Result r = sgdvi(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return out;
    }

    @Test
    void aCount2000SubsetOfAClassSortedMnist7x7HoldsEveryDigit() throws Exception {
        ImageDataset train = DatasetCatalog.load("mnist7x7", DataOptions.builder().dataDir(data).allowDownload(false).build())
                .train();
        // the split keeps the file's order: its first 2,000 rows are digits 0-4 only
        for (int i = 0; i < TRAIN; i++) {
            assertThat(train.label(i)).isEqualTo(TinyMnist.sortedLabel(i, TRAIN));
        }
        Path out = gradients("uniform", "--count", "2000");
        long[] idx = subsetOf(out);
        int[] labels = labelsOf(out);
        assertThat(idx).hasSize(2000).isSorted();
        assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(2000);
        assertThat(idx[0]).isGreaterThanOrEqualTo(0);
        assertThat(idx[1999]).isLessThan(TRAIN);
        assertThat(labels).hasSize(2000);
        int[] counts = new int[10];
        for (int i = 0; i < idx.length; i++) {
            // row i of labels.npy is training example subset.npy[i]
            assertThat(labels[i]).isEqualTo(TinyMnist.sortedLabel((int) idx[i], TRAIN));
            counts[labels[i]]++;
        }
        assertThat(counts).doesNotContain(0);
        // hypergeometric: E[count] = 2000 * 400 / 4000 = 200; Pearson's statistic ~ (1/2) chi2(9), 40 is far out
        double x2 = 0;
        for (int c : counts) {
            x2 += (c - 200.0) * (c - 200.0) / 200.0;
        }
        assertThat(x2).isLessThan(40);
        // and inputs.npy row i is the image of that example
        INDArray inputs = Npy.read(out.resolve("inputs.npy"));
        for (int i : new int[] {0, 777, 1999}) {
            INDArray expected = train.toDataSet((int) idx[i], (int) idx[i] + 1).getFeatures().reshape(49);
            assertThat(inputs.getRow(i).reshape(49).equals(expected)).as("row " + i).isTrue();
        }
        JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
        JsonNode subset = results.get("subset");
        assertThat(subset.get("rule").asText()).isEqualTo("uniform");
        assertThat(subset.get("seed").asLong()).isEqualTo(1);
        assertThat(subset.get("size").asInt()).isEqualTo(2000);
        assertThat(subset.get("population").asInt()).isEqualTo(TRAIN);
        assertThat(subset.get("clamped").asBoolean()).isFalse();
        assertThat(Json.mapper().convertValue(subset.get("classCounts"), int[].class)).containsExactly(counts);
        JsonNode config = Json.mapper().readTree(out.resolve("config.json").toFile());
        assertThat(config.at("/subset/rule").asText()).isEqualTo("uniform");
        assertThat(config.at("/subset/seed").asLong()).isEqualTo(1);
        assertThat(config.get("count").asInt()).isEqualTo(2000);
    }

    @Test
    void stratifiedGivesProportionalCountsAndTheSubsetSeedDecidesTheDraw() throws Exception {
        Path a = gradients("strat-a", "--count", "100", "--subset", "stratified", "--subset-seed", "9");
        Path b = gradients("strat-b", "--count", "100", "--subset", "stratified", "--subset-seed", "9");
        Path c = gradients("strat-c", "--count", "100", "--subset", "stratified", "--subset-seed", "10");
        int[] counts = new int[10];
        for (int l : labelsOf(a)) {
            counts[l]++;
        }
        // 100 of 4,000 with 400 per digit: exactly 10 per digit
        assertThat(counts).containsOnly(10);
        assertThat(subsetOf(b)).containsExactly(subsetOf(a));
        assertThat(subsetOf(c)).isNotEqualTo(subsetOf(a));
        JsonNode subset = Json.mapper().readTree(a.resolve("results.json").toFile()).get("subset");
        assertThat(subset.get("rule").asText()).isEqualTo("stratified");
        assertThat(subset.get("seed").asLong()).isEqualTo(9);
        // without --subset-seed the command's --seed is the subset's seed
        Path d = gradients("seeded", "--count", "100", "--seed", "4");
        assertThat(Json.mapper().readTree(d.resolve("results.json").toFile()).at("/subset/seed").asLong()).isEqualTo(4);
    }

    @Test
    void aDefaultCountAboveTheSplitIsClampedAndSaysSo() throws Exception {
        Path small = TinyMnist.write(tmp.resolve("small"), 300, 20, 4, true);
        Path out = tmp.resolve("clamped");
        Result r = sgdvi("gradients", "--model", "small-fc", "--data", "mnist7x7", "--data-dir", small.toString(),
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("--count 1000 exceeds the 300 training examples").contains("using all 300");
        JsonNode subset = Json.mapper().readTree(out.resolve("results.json").toFile()).get("subset");
        assertThat(subset.get("requested").asInt()).isEqualTo(1000);
        assertThat(subset.get("size").asInt()).isEqualTo(300);
        assertThat(subset.get("clamped").asBoolean()).isTrue();
        assertThat(subsetOf(out)).hasSize(300);
    }

    @Test
    void trainEvalScoresAUniformSubsetAndLinearizeRefusesTooManyExamples() throws Exception {
        Path run = tmp.resolve("trained");
        Result r = sgdvi("train", "--model", "small-fc", "--data", "mnist7x7", "--data-dir", data.toString(),
                "--epochs", "1", "--train-eval", "500", "--seed", "2", "--out", run.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        long[] idx = Npy.read(run.resolve("train-eval-subset.npy")).toLongVector();
        assertThat(idx).hasSize(500).isSorted();
        JsonNode results = Json.mapper().readTree(run.resolve("results.json").toFile());
        JsonNode subset = results.get("trainEvaluationSubset");
        assertThat(subset.get("seed").asLong()).isEqualTo(2);
        int[] counts = Json.mapper().convertValue(subset.get("classCounts"), int[].class);
        assertThat(counts).doesNotContain(0);
        // the final train loss and error are those of the saved model on exactly these 500 examples
        ImageDataset train = DatasetCatalog.load("mnist7x7", DataOptions.builder().dataDir(data).allowDownload(false).build())
                .train();
        var ds = train.subset(Arrays.stream(idx).mapToInt(i -> (int) i).toArray()).toDataSet();
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), false);
        INDArray p = net.output(ds.getFeatures(), false).castTo(DataType.DOUBLE);
        double loss = 0;
        int wrong = 0;
        for (int i = 0; i < 500; i++) {
            int y = TinyMnist.sortedLabel((int) idx[i], TRAIN);
            assertThat(counts[y]).isPositive();
            loss -= Math.log(Math.max(p.getDouble(i, y), 1e-10));
            wrong += p.getRow(i).argMax().getInt(0) == y ? 0 : 1;
        }
        loss /= 500;
        assertThat(results.at("/final/trainLoss").asDouble()).isCloseTo(loss, within(1e-5 * Math.max(1, loss)));
        assertThat(results.at("/final/trainError").asDouble()).isCloseTo(wrong / 500.0, within(1e-12));
        // linearize: an explicit --examples above the split's 4,000 is a usage error before any measurement
        Path lin = tmp.resolve("lin");
        Result bad = sgdvi("linearize", "--run", run.toString(), "--examples", "99999", "--out", lin.toString());
        assertThat(bad.exit()).as(bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("--examples 99999: expected at most 4000");
        assertThat(lin.resolve("results.json")).doesNotExist();
    }

    @Test
    void badCountsAreUsageErrorsBeforeAnythingIsWritten() {
        String dir = data.toString();
        Object[][] cases = {
            {new String[] {"spectrum", "--examples", "-5"}, "--examples -5: expected 0 (all training examples)"},
            {new String[] {"spectrum", "--model", "small-fc", "--data", "mnist7x7", "--data-dir", dir, "--epochs", "1",
                "--examples", "99999"}, "--examples 99999: expected at most 4000"},
            {new String[] {"gradients", "--count", "-5"}, "--count -5: expected a number of training examples of at least 1"},
            {new String[] {"gradients", "--count", "0"}, "--count 0: expected a number of training examples of at least 1"},
            {new String[] {"gradients", "--model", "small-fc", "--data", "mnist7x7", "--data-dir", dir, "--count", "99999"},
                "--count 99999: expected at most 4000"},
            {new String[] {"gradients", "--subset", "first", "--count", "10"}, "expected uniform or stratified"},
            {new String[] {"bench", "pipeline", "--examples", "-5"}, "--examples -5: expected a number of training examples"},
            {new String[] {"bench", "pipeline", "--model", "small-fc", "--data", "mnist7x7", "--data-dir", dir,
                "--examples", "99999"}, "--examples 99999: expected at most 4000"},
        };
        int k = 0;
        for (Object[] c : cases) {
            Path out = tmp.resolve("bad" + k++);
            String[] args = (String[]) c[0];
            String[] withOut = Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = out.toString();
            Result r = sgdvi(withOut);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            // one sentence on the first line (picocli adds the usage help after a parse error)
            assertThat(r.err().lines().findFirst().orElse("")).as(String.join(" ", args)).contains((String) c[1]);
            assertThat(out.resolve("config.json")).as(String.join(" ", args)).doesNotExist();
        }
    }
}
