package org.sgdvi.core.kernels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The x86-64 kernel sets of OpenBLAS's dynamic-architecture build that can be forced with
 * {@code OPENBLAS_CORETYPE}, with the CPU features each one executes. OpenBLAS does not check a
 * forced set against the CPU: one that needs a missing instruction dies with SIGILL, so
 * {@link #missingOn} is asked first. {@link #selfTest} runs {@link KernelSelfTest} in a child JVM
 * with the kernel set forced.
 */
public enum CoreType {
    /** SSE3 kernels. */
    PRESCOTT("Prescott", "pni"),
    /** SSE4.2 kernels. */
    NEHALEM("Nehalem", "ssse3", "sse4_1", "sse4_2"),
    /** AVX kernels. */
    SANDYBRIDGE("Sandybridge", "avx"),
    /** AVX2 + FMA kernels. */
    HASWELL("Haswell", "avx2", "fma"),
    /** AMD Zen: the Haswell kernels with Zen blocking. */
    ZEN("Zen", "avx2", "fma"),
    /** AVX-512 kernels. */
    SKYLAKEX("SkylakeX", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"),
    /** AVX-512 with BF16 kernels. */
    COOPERLAKE("Cooperlake", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"),
    /** AVX-512 with BF16 and AMX kernels. */
    SAPPHIRERAPIDS("SapphireRapids", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
            "avx512_bf16", "amx_tile", "amx_bf16");

    private final String openblasName;
    private final List<String> features;

    CoreType(String openblasName, String... features) {
        this.openblasName = openblasName;
        this.features = List.of(features);
    }

    /** The value of {@code OPENBLAS_CORETYPE}. */
    public String openblasName() {
        return openblasName;
    }

    /** The /proc/cpuinfo flags this kernel set executes. */
    public List<String> features() {
        return features;
    }

    /** The required flags missing from {@code cpuFlags} (empty when this CPU can run the kernel set). */
    public List<String> missingOn(Set<String> cpuFlags) {
        return features.stream().filter(f -> !cpuFlags.contains(f)).toList();
    }

    /** The flags of this machine's first CPU from /proc/cpuinfo (empty where there is none). */
    public static Set<String> cpuFlags() {
        Path info = Path.of("/proc/cpuinfo");
        Set<String> flags = new HashSet<>();
        if (!Files.isReadable(info)) {
            return flags;
        }
        try {
            for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    for (String f : line.substring(colon + 1).trim().split("\\s+")) {
                        flags.add(f.toLowerCase(Locale.ROOT));
                    }
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info + ": " + e.getMessage(), e);
        }
        return flags;
    }

    /**
     * The outcome of a self-test in a child JVM with this kernel set forced.
     *
     * @param requested the kernel set asked for
     * @param coreInUse the kernel set the child's OpenBLAS reported using
     * @param exitCode the child's exit status
     * @param output everything the child printed
     */
    public record ChildResult(CoreType requested, String coreInUse, int exitCode, List<String> output) {

        /** Whether the child ran the requested kernels and every check passed. */
        public boolean passed() {
            return exitCode == 0 && forced() && output.contains(KernelReport.VERDICT_PREFIX + "PASS");
        }

        /** Whether OpenBLAS actually used the requested kernel set. */
        public boolean forced() {
            return requested.openblasName.equalsIgnoreCase(coreInUse);
        }

        /** The failed-check lines the child printed. */
        public List<String> failures() {
            return output.stream().filter(l -> l.startsWith(KernelReport.FAILURE_PREFIX)).toList();
        }
    }

    /**
     * Runs {@link KernelSelfTest#main} in a child JVM on this JVM's class path with
     * {@code OPENBLAS_CORETYPE} set to this kernel set. Ask {@link #missingOn} first: a kernel set
     * the CPU cannot execute kills the child.
     */
    public ChildResult selfTest(KernelSelfTest.Scope scope, long timeoutSeconds) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add(KernelSelfTest.class.getName());
        cmd.add(scope.name());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_CORETYPE", openblasName);
        List<String> lines = new ArrayList<>();
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the kernel self-test with OPENBLAS_CORETYPE=" + openblasName
                        + " did not finish within " + timeoutSeconds + " s");
            }
            String core = lines.stream().filter(l -> l.startsWith(KernelReport.CORE_PREFIX))
                    .map(l -> l.substring(KernelReport.CORE_PREFIX.length()).trim()).findFirst().orElse("unknown");
            return new ChildResult(this, core, p.exitValue(), List.copyOf(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the kernel self-test", e);
        }
    }
}
