package org.sgdvi.experiments.env;

import java.util.ArrayList;
import java.util.List;

/**
 * What ND4J's CUDA 11.6 build (1.0.0-M2.1) can run: it ships GPU code for compute capability 3.7 to
 * 8.6 and no PTX, so 8.9 (Ada) runs through binary compatibility with 8.6, and 9.0 and above
 * (Hopper, Blackwell) cannot run at all: the toolkit then uses the CPU.
 */
public final class GpuSupport {

    /** How a device fares with the CUDA 11.6 build. */
    public enum Verdict { NATIVE, BINARY_COMPATIBLE, UNSUPPORTED, TOO_OLD }

    private GpuSupport() {
    }

    /** The verdict for a compute capability. */
    public static Verdict verdict(int major, int minor) {
        int cc = major * 10 + minor;
        if (cc < 37) {
            return Verdict.TOO_OLD;
        }
        if (cc <= 86) {
            return Verdict.NATIVE;
        }
        if (major == 8) {
            return Verdict.BINARY_COMPATIBLE;
        }
        return Verdict.UNSUPPORTED;
    }

    /** Plain sentences about the GPUs seen, given whether the CUDA backend is the one in use. */
    public static List<String> explain(List<GpuInfo> gpus, boolean cudaBackendInUse) {
        List<String> lines = new ArrayList<>();
        for (GpuInfo g : gpus) {
            Verdict v = verdict(g.major(), g.minor());
            String what = g.name() + " (compute capability " + g.computeCapability() + ")";
            switch (v) {
                case UNSUPPORTED -> lines.add(what + " is present, but ND4J's CUDA 11.6 build has no code for "
                        + "compute capability 9.0 and above (Hopper, Blackwell), so the CPU is used.");
                case TOO_OLD -> lines.add(what + " is older than compute capability 3.7, the oldest ND4J's CUDA "
                        + "11.6 build supports, so the CPU is used.");
                case BINARY_COMPATIBLE -> lines.add(what + " runs ND4J's sm_86 code through binary compatibility"
                        + (cudaBackendInUse ? "." : ", but the CUDA backend is not loaded (build with -Pcuda), "
                        + "so the CPU is used."));
                case NATIVE -> lines.add(what + (cudaBackendInUse ? " is supported natively."
                        : " is supported, but the CUDA backend is not loaded (build with -Pcuda), so the CPU is used."));
                default -> throw new IllegalStateException(v.toString());
            }
        }
        return lines;
    }

    /**
     * Parses {@code nvidia-smi --query-gpu=name,compute_cap,memory.total --format=csv,noheader,nounits}
     * output (memory in MiB); lines it cannot read are skipped.
     */
    public static List<GpuInfo> parseNvidiaSmi(String output) {
        List<GpuInfo> gpus = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] f = line.split(",");
            if (f.length < 3) {
                continue;
            }
            try {
                String[] cc = f[1].trim().split("\\.");
                long mib = Long.parseLong(f[2].trim());
                gpus.add(new GpuInfo(f[0].trim(), Integer.parseInt(cc[0]), Integer.parseInt(cc[1]), mib * 1024 * 1024));
            } catch (RuntimeException e) {
                // a header or a "[N/A]" field: not a device line
            }
        }
        return gpus;
    }

    /** GPUs the driver reports, through nvidia-smi; empty when there is no driver or no GPU. */
    public static List<GpuInfo> probeDriver() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,compute_cap,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return parseNvidiaSmi(out);
        } catch (java.io.IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
