package org.sgdvi.core.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Injected CUDA probes for the tests: what each machine would report, without a GPU. */
final class FakeCuda {

    private FakeCuda() {
    }

    static Map<String, String> libraries(String missing) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String lib : CudaStatus.NEEDED_LIBRARIES) {
            m.put(lib, lib.equals(missing) ? "not found" : "13.0.0 in /fake/lib");
        }
        return m;
    }

    /** A usable H200 with {@code freeBytes} free. */
    static CudaProbe h200(long freeBytes) {
        CudaDevice gpu = new CudaDevice(0, "NVIDIA H200", 9, 0, 150_000_000_000L, freeBytes);
        return () -> new CudaStatus(13000, 13000, libraries(null), List.of(gpu), null);
    }

    /** No driver at all (the machine these tests run on, typically). */
    static CudaProbe noDriver() {
        return () -> CudaStatus.unusable(0, 0, libraries("libcuda.so.1"), "no NVIDIA driver: libcuda.so.1 was not found");
    }

    /** A driver, but cuBLAS missing. */
    static CudaProbe cublasMissing() {
        return () -> CudaStatus.unusable(13000, 0, libraries("libcublas.so.13"),
                "the CUDA 13 libraries libcublas.so.13 were not found (install CUDA 13, pip install the nvidia cu13 wheels, "
                        + "or set SGDVI_CUDA13_LIB to their directory)");
    }
}
