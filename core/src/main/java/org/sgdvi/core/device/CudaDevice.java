package org.sgdvi.core.device;

/**
 * A GPU as CUDA reports it.
 *
 * @param index the CUDA device index
 * @param name the device name
 * @param major compute capability, major
 * @param minor compute capability, minor
 * @param totalBytes device memory
 * @param freeBytes device memory free now (cudaMemGetInfo)
 */
public record CudaDevice(int index, String name, int major, int minor, long totalBytes, long freeBytes) {

    /** The oldest compute capability CUDA 13 builds code for (Turing, 7.5). */
    public static final int CUDA13_MIN_CAPABILITY = 75;

    /** Compute capability as "9.0". */
    public String computeCapability() {
        return major + "." + minor;
    }

    /** Whether CUDA 13 (cuBLAS, cuSOLVER 13) runs on this device: compute capability 7.5 and above. */
    public boolean cuda13Capable() {
        return major * 10 + minor >= CUDA13_MIN_CAPABILITY;
    }

    /** E.g. "NVIDIA H200 (GPU 0, compute capability 9.0)". */
    public String describe() {
        return name + " (GPU " + index + ", compute capability " + computeCapability() + ")";
    }
}
