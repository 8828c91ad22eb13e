package org.sgdvi.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;

/** The packed GPU check, run here with the GPU's algebra on the CPU at a small size. */
class DeviceCheckTest {

    private static Path reference(Path dir, CheckReference ref) throws Exception {
        Path p = dir.resolve("reference.json");
        AtomicFiles.writeBytes(p, Json.pretty().writeValueAsBytes(ref));
        return p;
    }

    @Test
    void passesOnTheGpuOrderAlgebraAndWritesItsResult(@TempDir Path dir) throws Exception {
        Path ref = reference(dir, CheckReferenceBuilder.build(42, 2000, 300, 20));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = DeviceCheck.run(ref, dir.resolve("result.json"), 256, FakeCuda.h200(140_000_000_000L),
                gpu -> new CpuOrderAlgebra(), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(out).isZero();
        assertThat(out).contains("device-check: PASS on NVIDIA H200").contains("numpy rank GPU 20, reference 20 (identical)")
                .contains("D + all 300 eigenvalues");
        var json = Json.mapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(json.get("maxRelativeDifference").asDouble()).isLessThan(1e-5);
    }

    @Test
    void failsWhenTheReferenceDisagrees(@TempDir Path dir) throws Exception {
        CheckReference good = CheckReferenceBuilder.build(42, 2000, 300, 20);
        double[] off = good.eigenvalues().clone();
        off[3] *= 1.001;
        CheckReference bad = new CheckReference(good.seed(), good.rows(), good.dimension(), good.rank(), off, good.trace(),
                good.frobeniusSquared(), good.numpyRank(), good.method(), good.seconds());
        int rc = DeviceCheck.run(reference(dir, bad), null, 256, FakeCuda.h200(140_000_000_000L), gpu -> new CpuOrderAlgebra(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(1);
    }

    @Test
    void exitsThreeWithoutAGpu(@TempDir Path dir) throws Exception {
        Path ref = reference(dir, CheckReferenceBuilder.build(1, 100, 50, 5));
        int rc = DeviceCheck.run(ref, null, 64, FakeCuda.noDriver(), gpu -> {
            throw new AssertionError("no algebra without a GPU");
        }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(3);
    }
}
