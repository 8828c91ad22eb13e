package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.sgdvi.core.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.io.Npy;
import org.sgdvi.experiments.trajectory.TrajectoryExperimentsTestData;
import picocli.CommandLine;

class TrajectoryAnalyzeCommandTest {

    private static final int T = 300;
    private static final int D = 8;
    private static final int BURN_IN = 40;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SgdviCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "trajectory-analyze";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void analysesAnNpyMadeOutsideTheToolkitAndWritesTheRunFolder() throws IOException {
        Path file = dir.resolve("traj.npy");
        // written by ND4J's own numpy codec, as float32 C order
        Nd4j.writeAsNumpy(Nd4j.createFromArray(TrajectoryExperimentsTestData.trajectory(T, D, 7))
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), file.toFile());
        Path grad = dir.resolve("grad.npy");
        Npy.write(grad, TrajectoryExperimentsTestData.gradNorm(T, 3));
        Path outDir = dir.resolve("run");

        int code = run(file.toString(), "--out", outDir.toString(), "--burn-in", Integer.toString(BURN_IN),
                "--grad-norm", grad.toString(), "--seed", "5");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("T = 260").contains("d = 8").contains("report.html");
        try (var files = Files.list(outDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("config.json", "results.json",
                    "fft.png", "autocorrelation.png", "increment-autocorrelation.png", "grad-norm.png",
                    "grad-norm-ewma.npy", "report.html");
        }
        byte[] png = Files.readAllBytes(outDir.resolve("fft.png"));
        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(outDir.resolve("report.html"))).contains("<img").contains("Verdict");
        assertThat(Npy.readVector(outDir.resolve("grad-norm-ewma.npy"))).hasSize(T - BURN_IN);

        JsonNode r = Json.mapper().readTree(outDir.resolve("results.json").toFile());
        int n = T - BURN_IN;
        assertThat(r.at("/fft/frequencies").size()).isEqualTo((n - 1) / 2 + 1);
        assertThat(r.at("/fft/frequencies/1").asDouble()).isCloseTo(1.0 / (n - 1), within(1e-15));
        assertThat(r.at("/fft/meanAmplitude").size()).isEqualTo((n - 1) / 2 + 1);
        assertThat(r.at("/fft/stdAmplitude").size()).isEqualTo((n - 1) / 2 + 1);
        assertThat(r.at("/autocorrelation/lags").size()).isEqualTo(130);
        assertThat(r.at("/autocorrelation/lags/1").asInt()).isEqualTo(2);
        assertThat(r.at("/autocorrelation/mean/0").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(r.at("/autocorrelation/std").size()).isEqualTo(130);
        assertThat(r.at("/bands/z95").asDouble()).isCloseTo(1.959963984540054 / Math.sqrt(n), within(1e-15));
        assertThat(r.at("/bands/z99").asDouble()).isCloseTo(2.5758293035489004 / Math.sqrt(n), within(1e-15));
        for (String key : new String[] {"fractionOfLagsOutside99", "baselineFractionOfLagsOutside99",
                "incrementFractionOfLagsOutside99", "baselineIncrementFractionOfLagsOutside99",
                "lowToHighPowerRatio", "baselineLowToHighPowerRatio", "gradNormDropFactor", "gradNormMaxOverMin"}) {
            assertThat(r.at("/verdict/" + key).isNumber()).as(key).isTrue();
        }
        assertThat(r.at("/baseline/fft/meanAmplitude").size()).isEqualTo((n - 1) / 2 + 1);
        assertThat(r.at("/baseline/autocorrelation/mean").size()).isEqualTo(130);
        assertThat(r.at("/baseline/weights").size()).isEqualTo(D);
        assertThat(r.at("/gradNorm/ewma").size()).isEqualTo(n);
        assertThat(r.at("/trajectory/snapshots").asInt()).isEqualTo(n);
        assertThat(r.at("/verdict/lowToHighPowerRatio").asDouble())
                .isGreaterThan(r.at("/verdict/baselineLowToHighPowerRatio").asDouble());
        JsonNode config = Json.mapper().readTree(outDir.resolve("config.json").toFile());
        assertThat(config.at("/command").asText()).isEqualTo("trajectory-analyze");
        assertThat(config.at("/arguments/burnIn").asInt()).isEqualTo(BURN_IN);
    }

    @Test
    void withoutGradientNormTheVerdictHasNullsAndNoGradPlot() throws IOException {
        Path file = dir.resolve("traj.npy");
        Npy.write(file, TrajectoryExperimentsTestData.trajectory(120, 3, 1));
        Path outDir = dir.resolve("run");
        assertThat(run(file.toString(), "--out", outDir.toString())).as(err.toString()).isZero();
        JsonNode r = Json.mapper().readTree(outDir.resolve("results.json").toFile());
        assertThat(r.at("/verdict/gradNormDropFactor").isNull()).isTrue();
        assertThat(r.has("gradNorm")).isFalse();
        assertThat(outDir.resolve("grad-norm.png")).doesNotExist();
    }

    @Test
    void badFilesFailWithOneSentenceNamingTheFileAndBadArgumentsAreUsageErrors() throws IOException {
        Path ints = dir.resolve("ints.npy");
        Nd4j.writeAsNumpy(Nd4j.createFromArray(new long[][] {{1, 2}, {3, 4}}), ints.toFile());
        assertThat(run(ints.toString(), "--out", dir.resolve("a").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("ints.npy").contains("'descr'").doesNotContain("Exception");

        Path file = dir.resolve("traj.npy");
        Npy.write(file, TrajectoryExperimentsTestData.trajectory(20, 2, 1));
        assertThat(run(file.toString(), "--out", dir.resolve("b").toString(), "--burn-in", "19")).isEqualTo(2);
        assertThat(err.toString()).contains("burn-in");
    }
}
