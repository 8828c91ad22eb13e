package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.testdata.CliRun;
import org.sgdvi.experiments.testdata.TinyMnist;

class GradientsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void exportsGradientsWithALayoutThatMatchesTheWeightFiles() throws Exception {
        Path out = tmp.resolve("g");
        assertThat(CliRun.run("gradients", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir",
                TinyMnist.shared(100, 20, 3).toString(), "--count", "12", "--out", out.toString()).code()).isZero();
        INDArray g = Npy.read(out.resolve("grads.npy"));
        assertThat(g.shape()).containsExactly(12, 917);
        assertThat(Npy.read(out.resolve("inputs.npy")).shape()).containsExactly(12, 49);
        INDArray labels = Npy.read(out.resolve("labels.npy"));
        assertThat(labels.length()).isEqualTo(12);
        assertThat(labels.maxNumber().intValue()).isLessThan(5);
        JsonNode layout = Json.mapper().readTree(out.resolve("layout.json").toFile());
        long offset = 0;
        for (JsonNode e : layout) {
            assertThat(e.get("offset").asLong()).isEqualTo(offset);
            long[] shape = Json.mapper().convertValue(e.get("shape"), long[].class);
            long length = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            assertThat(e.get("length").asLong()).isEqualTo(length);
            INDArray w = Npy.read(out.resolve(e.get("file").asText()));
            assertThat(w.length()).isEqualTo(length);
            offset += length;
        }
        assertThat(offset).isEqualTo(917);
        // BatchNorm running statistics are exported (inference needs them) but are not columns of grads.npy
        assertThat(out.resolve("weights/1_mean.npy")).exists();
        assertThat(layout.findValuesAsText("param")).doesNotContain("mean", "var", "log10stdev");
        // the output layer's bias gradient of example k is p_k - y_k: its entries sum to zero
        JsonNode bias = layout.get(layout.size() - 1);
        assertThat(bias.get("param").asText()).isEqualTo("b");
        for (int k = 0; k < 12; k++) {
            double sum = 0;
            for (long j = 0; j < bias.get("length").asLong(); j++) {
                sum += g.getDouble(k, bias.get("offset").asLong() + j);
            }
            assertThat(Math.abs(sum)).isLessThan(1e-5);
        }
    }
}
