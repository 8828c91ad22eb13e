package org.sgdvi.experiments.spectrum;

import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.testdata.UniformGradients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.experiments.cli.SgdviCommand;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.testdata.TinyMnist;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;

class SpectrumCommandTest {

    @TempDir
    Path tmp;

    private static int sgdvi(String... args) {
        CommandLine cl = SgdviCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    /** D = (1/N) sum (g_k - gbar)(g_k - gbar)^T in double, eigenvalues by ND4J's symmetric eigensolver (with vectors). */
    private static double[] referenceEigenvalues(INDArray g) {
        INDArray gd = g.castTo(DataType.DOUBLE);
        INDArray centred = gd.subRowVector(gd.mean(0));
        INDArray d = centred.transpose().mmul(centred).divi(gd.rows());
        double[] eig = Eigen.symmetricGeneralizedEigenvalues(d.dup(), true).toDoubleVector();
        Arrays.sort(eig);
        return eig;
    }

    @Test
    void fromGradientsMatchesAnIndependentEigendecomposition() throws Exception {
        int k = 40;
        int d = 60;
        INDArray g = Nd4j.createFromArray(UniformGradients.rows(k, d, 11));
        Path grads = UniformGradients.write(tmp.resolve("grads.npy"), k, d, 11);
        Path out = tmp.resolve("spec");
        assertThat(sgdvi("spectrum", "--from-gradients", grads.toString(), "--dtype", "double", "--out", out.toString())).isZero();
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        for (String key : new String[] {"d", "n", "dtype", "lambdaMax", "threshold", "rank", "rankFraction", "mean", "std"}) {
            assertThat(r.has(key)).as(key).isTrue();
        }
        assertThat(r.get("d").asLong()).isEqualTo(d);
        assertThat(r.get("n").asLong()).isEqualTo(k);
        // centring removes one direction: rank = K - 1 < d
        assertThat(r.get("rank").asLong()).isEqualTo(k - 1);
        double[] ours = Npy.read(out.resolve("eigenvalues.npy")).toDoubleVector();
        Arrays.sort(ours);
        double[] ref = referenceEigenvalues(g);
        assertThat(ours).hasSize(d);
        for (int i = 0; i < d; i++) {
            assertThat(ours[i]).isCloseTo(ref[i], within(1e-10 * ref[d - 1]));
        }
        assertThat(r.get("mean").asDouble()).isCloseTo(Arrays.stream(ref).sum() / d, within(1e-12));
    }

    @Test
    void deviceCudaWithoutTheCuda13PathFallsBackToTheCpuWithTheReason() throws Exception {
        org.sgdvi.core.device.CudaStatus status = org.sgdvi.core.device.CudaProbe.system().probe();
        org.junit.jupiter.api.Assumptions.assumeFalse(status.usable(), "this machine has a usable CUDA 13 GPU");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[][] rows = new float[50][30];
        for (float[] row : rows) {
            for (int j = 0; j < 30; j++) {
                row[j] = (float) (rnd.nextDouble() + 3);
            }
        }
        Path grads = tmp.resolve("grads.npy");
        Npy.write(grads, Nd4j.createFromArray(rows));
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(sgdvi("spectrum", "--from-gradients", grads.toString(), "--device", "cuda", "--out",
                    tmp.resolve("cuda").toString())).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(sgdvi("spectrum", "--from-gradients", grads.toString(), "--device", "cpu", "--out",
                tmp.resolve("cpu").toString())).isZero();
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("--device cuda: the CUDA 13 path is unusable: " + status.problem() + "; using the CPU.");
        assertThat(Npy.read(tmp.resolve("cuda/eigenvalues.npy")).toDoubleVector())
                .containsExactly(Npy.read(tmp.resolve("cpu/eigenvalues.npy")).toDoubleVector());
        assertThat(Json.mapper().readTree(tmp.resolve("cuda/config.json").toFile()).get("spectrum").get("device").asText())
                .isEqualTo("cuda");
        assertThat(sgdvi("spectrum", "--from-gradients", grads.toString(), "--device", "gpu", "--out",
                tmp.resolve("bad").toString())).isEqualTo(2);
    }

    @Test
    void trainingRunSnapshotsDAtTheRequestedFractions() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 60, 5);
        Path out = tmp.resolve("run");
        assertThat(sgdvi("spectrum", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data.toString(),
                "--epochs", "2", "--batch", "15", "--lr", "0.05", "--fractions", "0.5,1", "--examples", "100",
                "--out", out.toString())).isZero();
        for (String f : new String[] {"eigenvalues-50.npy", "eigenvalues-100.npy", "spectra.json", "results.json",
            "fig1-spectrum.png", "report.html", "model.zip", "metrics.csv"}) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
        JsonNode snaps = results.get("snapshots");
        assertThat(snaps).hasSize(2);
        assertThat(snaps.get(0).get("percent").asInt()).isEqualTo(50);
        assertThat(snaps.get(1).get("n").asInt()).isEqualTo(100);
        assertThat(snaps.get(1).get("d").asInt()).isEqualTo(917);
        // the last snapshot is D at the final weights: trace(D) = d * mean = (1/N) sum |g_k - gbar|^2,
        // recomputed here from the saved model over the same 100 examples, the ones subset.npy names
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile(), false);
        TrainRequest req = TrainRunner.readRequest(org.sgdvi.experiments.run.RunFolder.open(out));
        DataSplit split = req.loadData();
        int[] subset = Npy.read(out.resolve("subset.npy")).toIntVector();
        assertThat(subset).hasSize(100).isSorted();
        assertThat(results.at("/subset/size").asInt()).isEqualTo(100);
        assertThat(results.at("/subset/rule").asText()).isEqualTo("uniform");
        var ds = split.train().subset(subset).toDataSet();
        INDArray g = new InferenceGradientEngine(net).compute(ds.getFeatures(), ds.getLabels()).castTo(DataType.DOUBLE);
        INDArray centred = g.subRowVector(g.mean(0));
        double trace = centred.mul(centred).sumNumber().doubleValue() / 100;
        assertThat(snaps.get(1).get("mean").asDouble() * 917).isCloseTo(trace, within(1e-4 * trace));
        double[] eig = Npy.read(out.resolve("eigenvalues-100.npy")).toDoubleVector();
        assertThat(Arrays.stream(eig).sum()).isCloseTo(trace, within(1e-4 * trace));
        assertThat(results.at("/paper/model").isMissingNode()).isTrue();
    }
}
