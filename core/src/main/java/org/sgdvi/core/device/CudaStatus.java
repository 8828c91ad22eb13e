package org.sgdvi.core.device;

import java.util.List;
import java.util.Map;

/**
 * What {@link CudaProbe} found about the CUDA 13 path on this machine.
 *
 * @param driverVersion the CUDA version the driver supports as CUDA encodes it (13000 = 13.0), 0 when no driver
 * @param runtimeVersion the CUDA runtime's version (13000 = 13.0), 0 when it did not load
 * @param libraries each CUDA library the path needs, by soname, with the file found (and the version
 *                  in its name) or "not found"
 * @param devices the GPUs CUDA reports
 * @param problem why the path is unusable, one sentence, or null when it is usable
 */
public record CudaStatus(int driverVersion, int runtimeVersion, Map<String, String> libraries, List<CudaDevice> devices,
                         String problem) {

    /** The libraries the JNI wrappers of the path link against (driver first). */
    public static final List<String> NEEDED_LIBRARIES = List.of("libcuda.so.1", "libcudart.so.13", "libcublas.so.13",
            "libcublasLt.so.13", "libcusolver.so.12", "libcusolverMg.so.12", "libcusparse.so.12", "libnvrtc.so.13");

    /** An unusable path, with its reason. */
    public static CudaStatus unusable(int driverVersion, int runtimeVersion, Map<String, String> libraries, String problem) {
        return new CudaStatus(driverVersion, runtimeVersion, libraries, List.of(), problem);
    }

    /** Whether the CUDA 13 path can run here. */
    public boolean usable() {
        return problem == null;
    }

    /** The first device that CUDA 13 runs on, or null. */
    public CudaDevice firstCapable() {
        return devices.stream().filter(CudaDevice::cuda13Capable).findFirst().orElse(null);
    }

    /** A CUDA version number as "13.0", or "none" for 0. */
    public static String version(int encoded) {
        return encoded <= 0 ? "none" : encoded / 1000 + "." + (encoded % 1000) / 10;
    }
}
