package org.sgdvi.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cusolver;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;

/** Loads the CUDA 13 JNI wrappers and asks the runtime about the driver and the devices. */
final class CudaRuntimeProbe {

    /** CUDA 13.0 as CUDA encodes versions. */
    static final int CUDA13 = 13000;

    private CudaRuntimeProbe() {
    }

    static CudaStatus probe(Map<String, String> libraries) {
        List<String> missing = CudaProbe.missing(libraries);
        try {
            Loader.load(cudart.class);
            Loader.load(cublas.class);
            Loader.load(cusolver.class);
        } catch (Throwable t) {
            String why;
            if (missing.contains("libcuda.so.1")) {
                why = "no NVIDIA driver: libcuda.so.1 was not found";
            } else if (!missing.isEmpty()) {
                why = "the CUDA 13 libraries " + String.join(", ", missing) + " were not found (install CUDA 13, "
                        + "pip install the nvidia cu13 wheels, or set " + CudaProbe.LIB_DIR_VARIABLE + " to their directory)";
            } else {
                why = "the CUDA 13 libraries did not load: " + firstLine(t);
            }
            return CudaStatus.unusable(0, 0, libraries, why);
        }
        int driver;
        int runtime;
        try (IntPointer v = new IntPointer(1)) {
            cudart.cudaDriverGetVersion(v);
            driver = v.get(0);
            cudart.cudaRuntimeGetVersion(v);
            runtime = v.get(0);
        }
        if (runtime < CUDA13) {
            return CudaStatus.unusable(driver, runtime, libraries, "the CUDA runtime on the class path is "
                    + CudaStatus.version(runtime) + " (the -Pcuda build); the CUDA 13 path needs 13.0 or later");
        }
        if (driver == 0) {
            return CudaStatus.unusable(driver, runtime, libraries, "no NVIDIA driver answered (cudaDriverGetVersion gave 0)");
        }
        if (driver < CUDA13) {
            return CudaStatus.unusable(driver, runtime, libraries, "the NVIDIA driver supports CUDA "
                    + CudaStatus.version(driver) + "; the CUDA 13 path needs a driver for CUDA 13.0 or later (R580+)");
        }
        List<CudaDevice> devices = new ArrayList<>();
        try (IntPointer count = new IntPointer(1)) {
            int status = cudart.cudaGetDeviceCount(count);
            if (status != 0 || count.get(0) == 0) {
                return CudaStatus.unusable(driver, runtime, libraries, "CUDA reports no GPU ("
                        + (status != 0 ? CudaAlgebra.errorString(status) : "device count 0") + ")");
            }
            for (int i = 0; i < count.get(0); i++) {
                devices.add(device(i));
            }
        }
        String problem = devices.stream().anyMatch(CudaDevice::cuda13Capable) ? null
                : "no GPU of compute capability 7.5 or above, the oldest CUDA 13 supports (found "
                + devices.stream().map(CudaDevice::describe).reduce((a, b) -> a + ", " + b).orElse("none") + ")";
        return new CudaStatus(driver, runtime, libraries, devices, problem);
    }

    private static CudaDevice device(int i) {
        CudaAlgebra.check(cudart.cudaSetDevice(i), "cudaSetDevice(" + i + ")");
        try (cudaDeviceProp prop = new cudaDeviceProp(); SizeTPointer free = new SizeTPointer(1);
             SizeTPointer total = new SizeTPointer(1)) {
            CudaAlgebra.check(cudart.cudaGetDeviceProperties(prop, i), "cudaGetDeviceProperties(" + i + ")");
            CudaAlgebra.check(cudart.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new CudaDevice(i, prop.name().getString(), prop.major(), prop.minor(), total.get(), free.get());
        }
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
