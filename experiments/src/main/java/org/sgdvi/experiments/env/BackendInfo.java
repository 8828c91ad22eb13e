package org.sgdvi.experiments.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend in use and the limits that matter for D(x): BLAS vendor, OpenMP/BLAS threads,
 * JVM heap, JavaCPP off-heap limits, and the CUDA devices when the CUDA backend is loaded.
 *
 * @param backend ND4J backend class (e.g. CpuBackend, JCublasBackend)
 * @param cuda whether the CUDA backend is in use
 * @param blasVendor BLAS library
 * @param ompThreads OpenMP threads ND4J uses
 * @param blasThreads BLAS threads
 * @param heapMaxBytes JVM maximum heap
 * @param offHeapMaxBytes JavaCPP maxBytes (off-heap limit)
 * @param physicalMaxBytes JavaCPP maxPhysicalBytes
 * @param devices CUDA devices seen by ND4J (empty on the CPU backend)
 * @param openblasVersion the OpenBLAS library loaded
 * @param openblasCore the OpenBLAS kernel set in use (the CPU's, or the one {@code OPENBLAS_CORETYPE} forces)
 */
public record BackendInfo(String backend, boolean cuda, String blasVendor, int ompThreads, int blasThreads,
                          long heapMaxBytes, long offHeapMaxBytes, long physicalMaxBytes, List<GpuInfo> devices,
                          String openblasVersion, String openblasCore) {

    /** Reads the running backend (initializes ND4J). */
    public static BackendInfo current() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        boolean cuda = backend.toLowerCase().contains("cu");
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String vendor;
        try {
            vendor = String.valueOf(Nd4j.factory().blas().getBlasVendor());
        } catch (RuntimeException e) {
            vendor = String.valueOf(env.getOrDefault("blas.vendor", "unknown"));
        }
        int omp = intOf(env.get("omp.threads"), Nd4j.getEnvironment().maxMasterThreads());
        int blas = intOf(env.get("blas.threads"), omp);
        List<GpuInfo> devices = new ArrayList<>();
        Object list = env.get("cuda.devicesInformation");
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    devices.add(new GpuInfo(String.valueOf(m.get("cuda.deviceName")),
                            intOf(m.get("cuda.deviceMajor"), 0), intOf(m.get("cuda.deviceMinor"), 0),
                            longOf(m.get("cuda.totalMemory"))));
                }
            }
        }
        String openblasVersion = "unavailable";
        String openblasCore = "unavailable";
        try {
            org.sgdvi.core.kernels.OpenBlasBuild build = org.sgdvi.core.kernels.OpenBlasBuild.current();
            openblasVersion = build.version();
            openblasCore = build.coreName();
        } catch (RuntimeException | LinkageError e) {
            // no OpenBLAS on this class path (a CUDA-only build): say so in config.json
        }
        return new BackendInfo(backend, cuda, vendor, omp, blas, Runtime.getRuntime().maxMemory(),
                Pointer.maxBytes(), Pointer.maxPhysicalBytes(), devices, openblasVersion, openblasCore);
    }

    private static int intOf(Object o, int fallback) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return o == null ? fallback : Integer.parseInt(o.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long longOf(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return o == null ? 0 : Long.parseLong(o.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
