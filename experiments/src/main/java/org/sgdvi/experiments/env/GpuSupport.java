package org.sgdvi.experiments.env;

import java.util.ArrayList;
import java.util.List;
import org.sgdvi.core.device.CudaDevice;
import org.sgdvi.core.device.CudaStatus;

/**
 * Which GPU path each device gets. What ND4J's CUDA 11.6 build (1.0.0-M2.1) can run: it ships GPU code for compute capability 3.7 to
 * 8.6 and no PTX, so 8.9 (Ada) runs through binary compatibility with 8.6, and 9.0 and above
 * (Hopper, Blackwell) cannot run at all: ND4J then uses the CPU. The CUDA 13 path
 * ({@link org.sgdvi.core.device}) computes D(x) and its eigenvalues on compute capability 7.5 and above.
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

    /**
     * Plain sentences about the GPUs seen, one per GPU, each saying which path it gets: ND4J's CUDA 11.6
     * backend (training, gradients; compute capability 3.7 to 8.9) and the CUDA 13 path (D(x) and its
     * eigenvalues; 7.5 and above), with the reason when a path is unusable.
     *
     * @param gpus the GPUs the driver reports
     * @param cudaBackendInUse whether ND4J's CUDA backend is the one loaded
     * @param cuda13 what {@link org.sgdvi.core.device.CudaProbe} found
     */
    public static List<String> explain(List<GpuInfo> gpus, boolean cudaBackendInUse, CudaStatus cuda13) {
        List<String> lines = new ArrayList<>();
        for (GpuInfo g : gpus) {
            lines.add(g.name() + " (compute capability " + g.computeCapability() + "): " + nd4jPath(g, cudaBackendInUse)
                    + " " + cuda13Path(g, cuda13));
        }
        return lines;
    }

    /** What ND4J's CUDA 11.6 backend does with this GPU, one sentence. */
    static String nd4jPath(GpuInfo g, boolean cudaBackendInUse) {
        Verdict v = verdict(g.major(), g.minor());
        String off = ", but the CUDA backend is not loaded (build with -Pcuda), so ND4J uses the CPU.";
        return switch (v) {
            case UNSUPPORTED -> "ND4J's CUDA 11.6 build has no code for compute capability 9.0 and above (Hopper, "
                    + "Blackwell), so ND4J (training, gradients) uses the CPU.";
            case TOO_OLD -> "older than compute capability 3.7, the oldest ND4J's CUDA 11.6 build supports, so ND4J uses "
                    + "the CPU.";
            case BINARY_COMPATIBLE -> "ND4J's CUDA 11.6 build runs its sm_86 code through binary compatibility"
                    + (cudaBackendInUse ? "." : off);
            case NATIVE -> "ND4J's CUDA 11.6 build supports it natively" + (cudaBackendInUse ? "." : off);
        };
    }

    /** What the CUDA 13 path does with this GPU, one sentence. */
    static String cuda13Path(GpuInfo g, CudaStatus cuda13) {
        if (g.major() * 10 + g.minor() < CudaDevice.CUDA13_MIN_CAPABILITY) {
            return "CUDA 13 path: no (CUDA 13 needs compute capability 7.5 or above), so D(x) uses the CPU.";
        }
        if (cuda13.usable()) {
            return "CUDA 13 path: yes, D(x) and its eigenvalues run on it (--device auto or cuda).";
        }
        return "CUDA 13 path: this GPU supports it, but it is unusable here: " + cuda13.problem() + "; D(x) uses the CPU.";
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
        String out = nvidiaSmi("--query-gpu=name,compute_cap,memory.total", "--format=csv,noheader,nounits");
        return out == null ? List.of() : parseNvidiaSmi(out);
    }

    /** The NVIDIA driver's version as nvidia-smi reports it (e.g. "580.95.05"), or null without a driver. */
    public static String probeDriverVersion() {
        String out = nvidiaSmi("--query-gpu=driver_version", "--format=csv,noheader");
        if (out == null || out.isBlank()) {
            return null;
        }
        return out.lines().findFirst().map(String::trim).orElse(null);
    }

    private static String nvidiaSmi(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("nvidia-smi");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
