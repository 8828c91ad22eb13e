package org.sgdvi.experiments.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgdvi.core.check.GradientSpotCheck;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.testdata.TinyMnist;

/**
 * The per-example gradient spot check of {@code sgdvi gradients}: the mean of 5 seeded rows against
 * DL4J's inference-mode loss differenced along a random direction, on a BatchNorm network (tiny-fc,
 * BatchNorm with its running statistics); convolutional networks, dropout and loss layers are
 * covered in core's GradientSpotCheckTest.
 */
class GradientsSelfCheckTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-fc"})
    void correctRowsPassAndPerturbedRowsFailWithExitOne(String model) throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 100, 20, 3);
        Path ok = tmp.resolve("ok");
        SelfCheckCli.Outcome o = SelfCheckCli.run(null, "gradients", "--model", model, "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--count", "12", "--seed", "4", "--out", ok.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = Json.mapper().readTree(ok.resolve("results.json").toFile());
        assertThat(r.get("valid").asBoolean()).isTrue();
        JsonNode c = r.get("checks").get(0);
        System.out.println("gradients check " + model + " " + c);
        assertThat(c.get("name").asText()).isEqualTo("perExampleGradientMean");
        assertThat(c.get("value").asDouble()).isLessThanOrEqualTo(c.get("tolerance").asDouble());
        assertThat(r.get("spotCheckRows")).hasSize(GradientSpotCheck.EXAMPLES);
        assertThat(o.out()).contains("per-example gradients");

        Path bad = tmp.resolve("bad");
        SelfCheckCli.Outcome f = SelfCheckCli.run(GradientSpotCheck.PERTURB_ROWS, "gradients", "--model", model, "--data",
                "mnist7x7-5class", "--data-dir", data.toString(), "--count", "12", "--seed", "4", "--out", bad.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).contains("the per-example gradients failed its self-check").contains("perExampleGradientMean");
        JsonNode rb = Json.mapper().readTree(bad.resolve("results.json").toFile());
        assertThat(rb.get("valid").asBoolean()).isFalse();
        assertThat(rb.get("failedChecks").get(0).asText()).isEqualTo("perExampleGradientMean");
        assertThat(f.out()).doesNotContain("per-example gradients of");
        assertThat(bad.resolve("grads.npy")).exists();
    }

    @org.junit.jupiter.api.Test
    void zcaWhiteningThatFailsItsSelfCheckStopsTheCommandWithExitOne() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 100, 20, 3);
        Path ok = tmp.resolve("zca-ok");
        SelfCheckCli.Outcome o = SelfCheckCli.run(null, "gradients", "--model", "tiny-fc", "--data", "mnist7x7-5class",
                "--data-dir", data.toString(), "--zca", "--count", "12", "--out", ok.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        Path bad = tmp.resolve("zca-bad");
        SelfCheckCli.Outcome f = SelfCheckCli.run(org.sgdvi.datasets.transform.ZcaWhitening.CORRUPT_EIGENVECTORS,
                "gradients", "--model", "tiny-fc", "--data", "mnist7x7-5class", "--data-dir", data.toString(), "--zca",
                "--count", "12", "--out", bad.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.err()).contains("ZCA whitening of mnist7x7-5class failed its self-check");
        assertThat(f.err().strip().lines()).hasSize(1);
        assertThat(bad.resolve("grads.npy")).doesNotExist();
        assertThat(f.out()).doesNotContain("per-example gradients of");
    }
}
