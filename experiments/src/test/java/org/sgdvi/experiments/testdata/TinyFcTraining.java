package org.sgdvi.experiments.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run the command-line tests start from: {@code sgdvi train} of tiny-fc on mnist7x7-5class read from a
 * {@link TinyMnist} folder, batch 16, eta 0.05, seed 3 (d = 917 at full width); each test adds or replaces options.
 */
public final class TinyFcTraining {

    private TinyFcTraining() {
    }

    /**
     * The command line: the defaults above, then {@code overrides} (option/value pairs, in order) replacing a default of
     * the same option or adding to them.
     */
    public static String[] args(Path dataDir, Path out, String... overrides) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--model", "tiny-fc");
        o.put("--data", "mnist7x7-5class");
        o.put("--data-dir", dataDir.toString());
        o.put("--batch", "16");
        o.put("--lr", "0.05");
        o.put("--seed", "3");
        o.put("--out", out.toString());
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides come in option/value pairs, got " + List.of(overrides));
        }
        for (int i = 0; i < overrides.length; i += 2) {
            o.put(overrides[i], overrides[i + 1]);
        }
        List<String> a = new ArrayList<>(List.of("train"));
        o.forEach((k, v) -> {
            a.add(k);
            a.add(v);
        });
        return a.toArray(new String[0]);
    }

    /**
     * tiny-fc trained two epochs on {@code TinyMnist.shared(200, 50, 3)}, once per test JVM: the run the linearize and
     * curvature tests read (never write).
     */
    public static Path twoEpochs() {
        Path data = TinyMnist.shared(200, 50, 3);
        return JvmFolders.once("tiny-fc-two-epochs", dir -> train(data, dir.resolve("run"), "--epochs", "2"));
    }

    /** Trains as {@link #args} says into {@code out}, asserting that it succeeds (its stderr as the message). */
    public static Path train(Path dataDir, Path out, String... overrides) {
        CliRun.Result r = CliRun.run(args(dataDir, out, overrides));
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }
}
