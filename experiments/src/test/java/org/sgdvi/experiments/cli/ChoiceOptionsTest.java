package org.sgdvi.experiments.cli;

import org.sgdvi.experiments.testdata.UniformGradients;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.data.SolverChoice;
import org.sgdvi.experiments.testdata.CliRun;
import picocli.CommandLine;

/** {@code --dtype}, {@code --sampling}, {@code --d-sampling} and {@code --solver}: one spelling set, any case. */
class ChoiceOptionsTest {

    @TempDir
    Path tmp;

    private static CliRun.Result sgdvi(String... args) {
        return CliRun.run(args);
    }

    @Test
    void aValueOutsideTheSetIsAUsageErrorNamingTheOptionAndTheAcceptedValues() {
        Path out = tmp.resolve("never");
        String[][] cases = {
            {"spectrum", "--dtype", "float32", "expected one of float, double"},
            {"spectrum", "--d-sampling", "sometimes", "expected one of with, without"},
            {"spectrum", "--solver", "qr", "expected one of auto, dense, gram, matrix-free, dense-lanczos"},
            {"bench", "--dtype", "half", "expected one of float, double"},
            {"bench", "--solver", "lanczos", "expected one of auto, dense, gram, matrix-free, dense-lanczos"},
            {"train", "--sampling", "sometimes", "expected one of with, without"},
            {"gradients", "--sampling", "sometimes", "expected one of with, without"},
            {"trajectory", "--sampling", "sometimes", "expected one of with, without"},
        };
        for (String[] c : cases) {
            String[] args = c[0].equals("bench") ? new String[] {"bench", "pipeline", c[1], c[2], "--out", out.toString()}
                    : new String[] {c[0], c[1], c[2], "--out", out.toString()};
            CliRun.Result r = sgdvi(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("'" + c[1] + "'").contains("'" + c[2] + "'")
                    .contains(c[3]);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void sweepSamplingListsTakeTheSameSpellings() {
        Path out = tmp.resolve("sweep");
        CliRun.Result r = sgdvi("sweep", "--out", out.toString(), "--dry-run", "--sampling", "with,sometimes");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--sampling 'with,sometimes'").contains("'sometimes'")
                .contains("expected one of with, without");
        SweepCommand command = new SweepCommand();
        new CommandLine(command).parseArgs("--out", out.toString(), "--sampling", "WITH,Without");
        // canonical spellings in the plan
        assertThat(command.definition(org.sgdvi.experiments.sweep.Shard.ALL).samplings()).containsExactly("with", "without");
    }

    @Test
    void namesAreMatchedInAnyCase() throws Exception {
        Path grads = UniformGradients.write(tmp.resolve("grads.npy"), 30, 12, 5);
        Path out = tmp.resolve("spectrum");
        CliRun.Result r = sgdvi("spectrum", "--from-gradients", grads.toString(), "--dtype", "DOUBLE", "--solver", "Gram",
                "--d-sampling", "Without", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.toString()).contains("\"dtype\":\"double\"").contains("\"solver\":\"gram\"");
        JsonNode config = Json.mapper().readTree(out.resolve("config.json").toFile());
        assertThat(config.at("/spectrum/solver").asText()).isEqualTo("gram");
        assertThat(config.at("/spectrum/sampling").asText()).isEqualTo("WITHOUT_REPLACEMENT");
    }

    @Test
    void solverNamesAreTheSolversOwn() {
        assertThat(SolverChoice.AUTO.kind()).isNull();
        for (SolverChoice c : SolverChoice.values()) {
            if (c.kind() != null) {
                assertThat(c.cliName()).isEqualTo(c.kind().cliName());
            }
        }
    }
}
