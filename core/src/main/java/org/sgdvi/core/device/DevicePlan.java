package org.sgdvi.core.device;

import java.util.Locale;
import org.sgdvi.core.diffusion.MemoryEstimate;
import org.sgdvi.core.spectrum.SolverKind;

/**
 * Where and how one spectrum runs: on a GPU (the device, the route and the largest chunk that fits)
 * or on the CPU, with the reason in one sentence when a requested or available GPU is not used.
 *
 * @param device the GPU, or null for the CPU
 * @param route DENSE, GRAM or MATRIX_FREE on the GPU (null on the CPU)
 * @param chunkRows the largest chunk handed to the GPU at once
 * @param note why the CPU is used, or which GPU is; null when there is nothing to say
 */
public record DevicePlan(CudaDevice device, SolverKind route, int chunkRows, String note) {

    /** The chunk rows used when memory allows: enough to keep SYRK efficient, small enough to stage. */
    public static final int DEFAULT_CHUNK_ROWS = 4096;

    /** The widest block the matrix-free solver multiplies at once (its MAX_BLOCK), for the memory estimate. */
    static final int MATRIX_FREE_BLOCK = 128;

    /** Whether the GPU is used. */
    public boolean onGpu() {
        return device != null;
    }

    /**
     * The plan.
     *
     * @param requested what {@code --device} asked for
     * @param status what {@link CudaProbe} found (not consulted for CPU)
     * @param float32 whether the accumulation type is float32 (the only one the GPU path computes in)
     * @param d the number of weights
     * @param n the number of examples
     * @param forced the solver {@code --solver} forces, or null for the automatic choice
     */
    public static DevicePlan of(Device requested, java.util.function.Supplier<CudaStatus> status, boolean float32,
                                long d, long n, SolverKind forced) {
        if (requested == Device.CPU) {
            return cpu(null);
        }
        String who = requested == Device.CUDA ? "--device cuda: " : "--device auto: ";
        if (!float32) {
            return cpu(requested == Device.CUDA ? who + "the CUDA 13 path computes in float32; --dtype double runs on the CPU."
                    : null);
        }
        CudaStatus s = status.get();
        if (!s.usable()) {
            boolean quiet = requested == Device.AUTO && s.driverVersion() == 0 && s.devices().isEmpty();
            return cpu(quiet ? null : who + "the CUDA 13 path is unusable: " + s.problem() + "; using the CPU.");
        }
        CudaDevice gpu = s.firstCapable();
        long free = gpu.freeBytes();
        if (forced == SolverKind.MATRIX_FREE) {
            long need = GpuOrderDiffusion.blockBytes(d, MATRIX_FREE_BLOCK, DEFAULT_CHUNK_ROWS);
            if (need > free) {
                return cpu(who + "the matrix-free block products would need " + MemoryEstimate.gigabytes(need) + " on "
                        + gpu.describe() + " but " + MemoryEstimate.gigabytes(free) + " is free; using the CPU.");
            }
            return new DevicePlan(gpu, SolverKind.MATRIX_FREE, DEFAULT_CHUNK_ROWS, who + "matrix-free block products "
                    + "G V and G^T (G V) on " + gpu.describe() + ", the Rayleigh-Ritz steps on the CPU.");
        }
        if (forced != SolverKind.DENSE && n < d && GpuOrderDiffusion.gramBytes(n, d) <= free && n <= Integer.MAX_VALUE) {
            return new DevicePlan(gpu, SolverKind.GRAM, DEFAULT_CHUNK_ROWS, who + "Gram route on " + gpu.describe() + ".");
        }
        if (forced == SolverKind.GRAM) {
            return cpu(who + "the Gram route would need " + MemoryEstimate.gigabytes(GpuOrderDiffusion.gramBytes(n, d))
                    + " on " + gpu.describe() + " but " + MemoryEstimate.gigabytes(free) + " is free; using the CPU.");
        }
        long fixed = GpuOrderDiffusion.denseBytes(d, 0);
        long perRow = Float.BYTES * d;
        long rows = free > fixed ? (free - fixed) / perRow : 0;
        if (rows < 1 || d > Integer.MAX_VALUE) {
            return cpu(String.format(Locale.ROOT, "%sD would need at least %s on %s for d = %,d in float32 but %s is free; "
                    + "using the CPU (or use --solver matrix-free).", who, MemoryEstimate.gigabytes(fixed + perRow),
                    gpu.describe(), d, MemoryEstimate.gigabytes(free)));
        }
        int chunk = (int) Math.min(DEFAULT_CHUNK_ROWS, rows);
        return new DevicePlan(gpu, SolverKind.DENSE, chunk, who + "dense route on " + gpu.describe()
                + (chunk < DEFAULT_CHUNK_ROWS ? String.format(Locale.ROOT, ", streamed in chunks of %,d rows to fit", chunk) : "")
                + ".");
    }

    private static DevicePlan cpu(String note) {
        return new DevicePlan(null, null, 0, note);
    }
}
