package org.sgdvi.experiments.sweep;

import org.sgdvi.experiments.run.RunFolder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.sgdvi.experiments.testdata.JsonKeys;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.testdata.TinyMnist;

/** --measure-spectrum: the stored statistics of D agree with the trace of D formed directly from the gradients. */
class SpectrumProbeTest {

    @TempDir
    Path tmp;

    @Test
    void theStoredMeanEigenvalueIsTraceOfDOverD() throws Exception {
        Path out = tmp.resolve("sweep");
        assertThat(SweepRunnerTest.sweep("--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir",
                TinyMnist.shared(300, 100, 5).toString(), "--lr", "0.1", "--batch", "20", "--seeds", "1", "--epochs", "1", "--measure-spectrum",
                "--spectrum-examples", "40", "--out", out.toString())).as(() -> SweepRunnerTest.lastError).isZero();
        LedgerEntry e = LedgerFile.read(out.resolve("ledger.json")).trials().get(0);
        assertThat(e.status()).isEqualTo(TrialStatus.DONE);
        SpectrumProbe.Statistics fin = e.spectrum().atFinal();
        SpectrumProbe.Statistics ini = e.spectrum().initial();
        assertThat(e.spectrum().examples()).isEqualTo(40);
        com.fasterxml.jackson.databind.JsonNode stored = org.sgdvi.core.io.Json.mapper().readTree(out.resolve("ledger.json")
                .toFile()).at("/trials/0/spectrum");
        assertThat(JsonKeys.keys(stored)).containsExactly("examples", "subset", "normalisation", "final",
                "initial");
        assertThat(JsonKeys.keys(stored.get("subset"))).containsExactly("rule", "seed", "requested", "size",
                "population", "clamped", "classCounts", "file");
        assertThat(JsonKeys.keys(stored.get("final"))).containsExactly("solver", "dimension", "rank",
                "rankFraction", "lambdaMax", "lambdaMean", "lambdaVariance", "normalizedTemperature", "architectureScore");

        Path trial = TrialExecutor.trialDir(out, e.id());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(trial.resolve(RunFolder.MODEL_FILE).toFile(), false);
        SweepDefinition d = LedgerFile.read(out.resolve("ledger.json")).definition();
        DataSplit split = d.request(e.point()).loadData();
        // the probe's 40 examples are the ones subset.npy in the trial folder names
        int[] subset = Npy.read(trial.resolve("subset.npy")).toIntVector();
        assertThat(subset).hasSize(40);
        var ds = split.train().subset(subset).toDataSet();
        INDArray g = new InferenceGradientEngine(net).compute(ds.getFeatures(), ds.getLabels()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray centred = g.subRowVector(g.mean(0));
        long dim = g.columns();
        // tr D = (1/M) sum_k |g_k - gbar|^2; mean lambda = tr D / d
        double meanLambda = centred.mul(centred).sumNumber().doubleValue() / 40 / dim;
        assertThat(fin.dimension()).isEqualTo(917);
        assertThat(fin.lambdaMean()).isCloseTo(meanLambda, within(1e-4 * meanLambda));
        assertThat(fin.normalizedTemperature())
                .isCloseTo(0.1 / 20 * meanLambda, within(1e-4 * meanLambda * 0.1 / 20));
        // 40 centred gradients have rank at most 39
        assertThat(fin.rank()).isBetween(1L, 39L);
        assertThat(ini.architectureScore())
                .isCloseTo(ini.rankFraction() + ini.lambdaVariance(),
                        within(1e-12));
        double[] eig = Npy.read(trial.resolve("eigenvalues-final.npy")).toDoubleVector();
        double sum = 0;
        for (double v : eig) {
            sum += v;
        }
        assertThat(sum / dim).isCloseTo(meanLambda, within(1e-4 * meanLambda));
    }
}
