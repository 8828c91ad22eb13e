package org.sgdvi.experiments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.io.Json;

/**
 * PyTorch as a contender of the benchmarks: runs the script {@code torch_bench.py} (packaged next
 * to this class, extracted to a temporary file) with {@value #PYTHON}, with the same thread count as
 * ND4J ({@link #threads()}) and this process's environment (so the same {@code OMP_WAIT_POLICY}), and
 * reads the one JSON object it prints. {@link #unavailable()} says why it cannot run (no python, no
 * functorch), so that a benchmark can say it skipped PyTorch and why.
 */
public final class TorchContender {

    /** The interpreter (Debian's python3-torch lives there). */
    public static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = "torch_bench.py";
    private static final long PROBE_SECONDS = 120;

    private static String probed;
    private static boolean probeDone;

    private TorchContender() {
    }

    /**
     * Null when {@code /usr/bin/python3 -c 'import functorch'} works, else why not (one phrase).
     * Probed once per process.
     */
    public static synchronized String unavailable() {
        if (!probeDone) {
            probed = probe();
            probeDone = true;
        }
        return probed;
    }

    private static String probe() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " does not exist";
        }
        try {
            Result r = exec(List.of(PYTHON, "-c", "import functorch, numpy"), PROBE_SECONDS);
            return r.exit == 0 ? null : PYTHON + " -c 'import functorch, numpy' failed: " + lastLine(r.err);
        } catch (IOException e) {
            return PYTHON + " could not be started: " + e.getMessage();
        }
    }

    /** The threads PyTorch is given: ND4J's own maximum, so both contenders use the same cores. */
    public static int threads() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** The OpenMP wait policy both contenders run under (inherited from this process; unset means the runtime default). */
    public static String waitPolicy() {
        String p = System.getenv("OMP_WAIT_POLICY");
        return p == null ? "unset (runtime default)" : p;
    }

    /**
     * Runs {@code torch_bench.py WHAT ARGS... --threads T} and returns its figures.
     *
     * @param what gradients or pipeline
     * @param args the script's further options
     * @param timeoutSeconds how long it may take
     * @throws IllegalStateException when the script fails or prints no JSON object (with its stderr's last line)
     */
    public static JsonNode run(String what, List<String> args, long timeoutSeconds) {
        Path script = null;
        try {
            script = Files.createTempFile("sgdvi-torch-bench", ".py");
            try (InputStream in = TorchContender.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from the class path (expected next to "
                            + TorchContender.class.getName() + ")");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), what, "--threads",
                    Integer.toString(threads())));
            cmd.addAll(args);
            Result r = exec(cmd, timeoutSeconds);
            if (r.exit != 0) {
                throw new IllegalStateException("PyTorch contender " + String.join(" ", cmd.subList(2, cmd.size()))
                        + " exited with " + r.exit + ": " + lastLine(r.err));
            }
            JsonNode figures = Json.mapper().readTree(r.out);
            if (figures == null || !figures.isObject()) {
                throw new IllegalStateException("PyTorch contender " + what + " printed no JSON object: " + lastLine(r.out));
            }
            return figures;
        } catch (IOException e) {
            throw new IllegalStateException("PyTorch contender could not run: " + e.getMessage(), e);
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** A number of a contender's figures. */
    public static double number(JsonNode figures, String key) {
        JsonNode v = figures.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalStateException("PyTorch contender printed no number '" + key + "' (got " + v + ")");
        }
        return v.doubleValue();
    }

    /** A text of a contender's figures, or null when it printed none. */
    public static String text(JsonNode figures, String key) {
        JsonNode v = figures.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result exec(List<String> cmd, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("sgdvi-torch", ".out");
        Path err = Files.createTempFile("sgdvi-torch", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new IOException(cmd.get(0) + " took longer than " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int i = t.lastIndexOf('\n');
        return t.isEmpty() ? "(no message)" : t.substring(i + 1);
    }
}
