package org.sgdvi.experiments.oracle;

import org.sgdvi.experiments.run.RunFolder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.experiments.cli.SgdviCommand;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.testdata.TinyCifar;
import org.sgdvi.experiments.testdata.TinyMnist;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;

/**
 * PyTorch (Debian's python3-torch with functorch) as an independent oracle of {@code sgdvi gradients}.
 * For every zoo family (small-lenet, small-fc, tiny-fc, small-allcnn at width 0.5 on a CIFAR-10
 * look-alike, lenet at width 0.5) the test trains the network for one short epoch, so its BatchNorm
 * running statistics have left their initial values (asserted), exports K = 64 examples through the
 * real {@code gradients} command and runs {@code src/test/python/torch_oracle.py}. The script rebuilds
 * the network in float64 from the export, checks it against DL4J's own inference probabilities,
 * computes g_k = grad f_k (the per-example gradients of paper eq. 2) with
 * {@code functorch.vmap(functorch.grad(loss))} and compares them with grads.npy row by row:
 * max_j |g_torch - g_sgdvi| &lt;= 1e-4 max(||g_torch,k||_inf, floor), the floor being 1e-2 times the
 * largest row norm per unit output error ||p_k - e_y||_inf (float32 rounding of p - y), with float64
 * central differences as the tie-breaker. For tiny-fc (float and double) and small-lenet (float) it
 * also checks {@code sgdvi spectrum --from-gradients} (lambda_max, mean, std, threshold, rank by
 * numpy's rule, every eigenvalue) against numpy's float64 eigenvalues of D to 64 eps of the
 * accumulation type. Each test is skipped, with the reason, when
 * {@code /usr/bin/python3 -c 'import functorch'} fails.
 */
class TorchOracleTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("src/test/python/torch_oracle.py");
    private static final int K = 64;
    private static final Pattern FLOORED = Pattern.compile("rows judged by the floor: (\\d+) of (\\d+)");
    private static final Pattern UNJUDGED = Pattern.compile("rows not judged: (\\d+) of");

    @TempDir
    static Path tmp;

    private static String functorchMissing;
    private static Path mnist;
    private static Path cifar;

    /**
     * One zoo family: model, data options, width scale, learning rate (small enough that most examples
     * keep p_y well below 1 after one epoch) and whether its spectrum statistics are checked too.
     */
    record Family(String model, List<String> dataArgs, double widthScale, double lr, boolean spectrum) {
        @Override
        public String toString() {
            return model;
        }
    }

    static Stream<Family> families() {
        return Stream.of(
                new Family("small-lenet", List.of("--data", "mnist"), 1.0, 0.02, true),
                new Family("small-fc", List.of("--data", "mnist7x7"), 1.0, 0.02, false),
                new Family("tiny-fc", List.of("--data", "mnist7x7-5class"), 1.0, 0.02, true),
                new Family("small-allcnn", List.of("--data", "cifar10", "--classes", "0-4"), 0.5, 0.02, false),
                new Family("lenet", List.of("--data", "mnist"), 0.5, 0.002, false));
    }

    @BeforeAll
    static void writeData() throws Exception {
        functorchMissing = probeFunctorch();
        if (functorchMissing != null) {
            // every test is skipped, with this reason, by requireFunctorch()
            System.err.println("TorchOracleTest: skipped, " + PYTHON + " -c 'import functorch' failed (" + functorchMissing
                    + "); install python3-torch (Debian) to run it");
            return;
        }
        assertThat(SCRIPT).as("the oracle script, relative to the experiments module").isRegularFile();
        mnist = TinyMnist.write(tmp.resolve("mnist-data"), 256, 64, 11);
        cifar = TinyCifar.write(tmp.resolve("cifar-data"), 5, 24, 8, 13);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void torchRebuildsTheNetworkAndAgreesWithTheExportedGradients(Family f) throws Exception {
        Path run = trainedForTorch(f);
        Path export = tmp.resolve("export-" + f.model());
        sgdvi("gradients", "--weights", run.toString(), "--count", String.valueOf(K), "--out", export.toString());

        JsonNode layout = Json.mapper().readTree(export.resolve("layout.json").toFile());
        int batchNorms = assertRunningStatisticsMoved(export, layout);
        if (f.model().equals("lenet")) {
            assertThat(batchNorms).as("BatchNorm layers of lenet").isZero();
        } else {
            assertThat(batchNorms).as("BatchNorm layers of " + f.model()).isPositive();
        }

        // DL4J's own inference probabilities on the exported inputs: the oracle checks its rebuilt forward pass on them
        MultiLayerNetwork net = TrainRunner.restoreModel(run);
        INDArray inputs = Npy.read(export.resolve("inputs.npy")).castTo(DataType.FLOAT);
        Path probs = tmp.resolve("probs-" + f.model() + ".npy");
        Npy.write(probs, net.output(inputs, false));

        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), export.toString(), "--probs", probs.toString()));
        if (f.spectrum()) {
            Path spectrumFloat = tmp.resolve("spectrum-float-" + f.model());
            sgdvi("spectrum", "--from-gradients", export.resolve("grads.npy").toString(), "--out", spectrumFloat.toString());
            cmd.addAll(List.of("--spectrum", spectrumFloat.toString()));
            if (f.model().equals("tiny-fc")) {
                Path spectrumDouble = tmp.resolve("spectrum-double-" + f.model());
                sgdvi("spectrum", "--from-gradients", export.resolve("grads.npy").toString(), "--dtype", "double",
                        "--out", spectrumDouble.toString());
                cmd.addAll(List.of("--spectrum", spectrumDouble.toString()));
            }
        }
        Oracle o = runOracle(cmd);
        System.out.println(o.output());
        assertThat(o.exitCode()).as("torch_oracle.py exit status; its output:%n%s", o.output()).isZero();
        assertThat(o.output()).contains("AGREE: " + f.model(), "probabilities vs DL4J output", "ALL AGREE");
        if (f.spectrum()) {
            assertThat(o.output()).contains("AGREE: spectrum statistics");
        }
        // the comparison must not be carried by the floor alone: most rows are judged against their own norm
        Matcher m = FLOORED.matcher(o.output());
        assertThat(m.find()).as("the oracle reports the rows judged by the floor").isTrue();
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(K);
        assertThat(Integer.parseInt(m.group(1))).as("rows judged by the floor").isLessThan(K / 2);
        // rows at max-pool near-ties (or with too many ReLU inputs at 0) are left out: there must be hardly any
        Matcher u = UNJUDGED.matcher(o.output());
        assertThat(u.find() ? Integer.parseInt(u.group(1)) : 0).as("rows not judged").isLessThanOrEqualTo(2);
    }

    /**
     * sgdvi's exact Hessian-vector products (Pearlmutter's R-operator, {@code sgdvi curvature --export}: 4 seeded
     * directions over K examples, mean loss, inference mode) against {@code torch.autograd.functional.hvp} of the
     * float64 rebuild ({@code src/test/python/torch_hvp_oracle.py}): ||Hv - Hv_torch|| &lt;= 1e-5 ||Hv_torch|| per
     * direction (the products are evaluated on a float64 copy of the trained network, see
     * {@code CurvatureCommand.HVP_PRODUCTS}). Measured before that: 3e-7 to 1.2e-6 with float32 products (tiny-fc,
     * small-fc, small-lenet, lenet), and 0.8e-3 to 1.3e-3 on small-allcnn, where one input of its second ReLU (of 393,216,
     * 5.9e-8 in float64) rounds to exactly 0 in float32 and takes the other side of its kink; in float64 sgdvi and
     * torch agree there to 5e-15.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void torchAgreesWithTheExactHessianVectorProducts(Family f) throws Exception {
        Path run = trainedForTorch(f);
        Path curvature = tmp.resolve("curvature-" + f.model());
        sgdvi("curvature", "--run", run.toString(), "--examples", String.valueOf(K), "--k", "2", "--probes", "4",
                "--bootstrap", "20", "--export", "--out", curvature.toString());
        Oracle o = runOracle(List.of(PYTHON, SCRIPT.resolveSibling("torch_hvp_oracle.py").toString(), curvature.toString()));
        System.out.println(o.output());
        assertThat(o.exitCode()).as("torch_hvp_oracle.py exit status; its output:%n%s", o.output()).isZero();
        assertThat(o.output()).contains("direction 3:", "ALL AGREE");
    }

    /** The family's training run, once PyTorch is known to be there (else the calling test is skipped). */
    private static Path trainedForTorch(Family f) {
        requireFunctorch();
        return trained(f);
    }

    /** The family's one-epoch training run, trained on first use. */
    private static synchronized Path trained(Family f) {
        Path run = tmp.resolve("train-" + f.model());
        if (Files.isRegularFile(run.resolve(RunFolder.MODEL_FILE))) {
            return run;
        }
        Path dataDir = f.model().equals("small-allcnn") ? cifar : mnist;
        List<String> train = new ArrayList<>(List.of("train", "--model", f.model(), "--data-dir", dataDir.toString(),
                "--epochs", "1", "--batch", "16", "--lr", String.valueOf(f.lr()), "--train-eval", "64", "--seed", "5",
                "--width-scale", String.valueOf(f.widthScale()), "--out", run.toString()));
        train.addAll(f.dataArgs());
        sgdvi(train.toArray(new String[0]));
        return run;
    }

    /** Skips the calling test, with the reason, when /usr/bin/python3 cannot import functorch. */
    private static void requireFunctorch() {
        Assumptions.assumeTrue(functorchMissing == null, () -> "PyTorch oracle skipped: " + PYTHON
                + " -c 'import functorch' failed (" + functorchMissing + "); install python3-torch (Debian) to run it");
    }

    /** Asserts that every BatchNorm layer's running mean and variance left DL4J's initial 0 and 1; returns their number. */
    private static int assertRunningStatisticsMoved(Path export, JsonNode layout) throws java.io.IOException {
        int count = 0;
        for (JsonNode e : layout) {
            if (!e.get("param").asText().equals("gamma")) {
                continue;
            }
            count++;
            int layer = e.get("layer").asInt();
            INDArray mean = Npy.read(export.resolve("weights/" + layer + "_mean.npy"));
            assertThat(mean.amaxNumber().doubleValue()).as("|running mean| of layer %d", layer).isGreaterThan(1e-3);
            Path var = export.resolve("weights/" + layer + "_var.npy");
            double[] variance;
            if (Files.exists(var)) {
                variance = Npy.read(var).castTo(DataType.DOUBLE).toDoubleVector();
            } else {
                // DL4J's log10stdev s: variance (10^s)^2
                variance = Npy.read(export.resolve("weights/" + layer + "_log10stdev.npy")).castTo(DataType.DOUBLE)
                        .toDoubleVector();
                for (int i = 0; i < variance.length; i++) {
                    variance[i] = Math.pow(10, 2 * variance[i]);
                }
            }
            double moved = 0;
            for (double v : variance) {
                moved = Math.max(moved, Math.abs(v - 1));
            }
            assertThat(moved).as("max |running variance - 1| of layer %d", layer).isGreaterThan(1e-3);
        }
        return count;
    }

    private static void sgdvi(String... args) {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertThat(code).as("sgdvi %s: %s", String.join(" ", args), err).isZero();
    }

    private record Oracle(int exitCode, String output) {
    }

    private static Oracle runOracle(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        return new Oracle(done ? p.exitValue() : -1, new String(out, StandardCharsets.UTF_8));
    }

    /** Null when /usr/bin/python3 imports functorch, otherwise why not. */
    private static String probeFunctorch() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import functorch").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer within 120 s";
            }
            if (p.exitValue() != 0) {
                String text = new String(out, StandardCharsets.UTF_8).strip();
                String[] lines = text.split("\n");
                return "exit status " + p.exitValue() + ": " + lines[lines.length - 1];
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
