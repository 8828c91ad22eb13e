package org.sgdvi.core.device;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Says whether the CUDA 13 path can run here, and if not, why, in one sentence: no driver, a driver
 * too old for CUDA 13, CUDA libraries missing or not loadable, no GPU, or no GPU of compute
 * capability 7.5 and above. Injectable, so that each absence path is tested without a GPU.
 */
@FunctionalInterface
public interface CudaProbe {

    /** The variable naming a directory that holds the CUDA 13 libraries (libcudart.so.13, ...). */
    String LIB_DIR_VARIABLE = "SGDVI_CUDA13_LIB";

    /** What is there now. */
    CudaStatus probe();

    /** The probe of this machine (searches the library directories, then loads the JNI wrappers). */
    static CudaProbe system() {
        return SystemProbe.INSTANCE;
    }

    /** The directories searched for the CUDA libraries, in order. */
    static List<Path> libraryDirectories() {
        Set<String> dirs = new LinkedHashSet<>();
        String own = System.getenv(LIB_DIR_VARIABLE);
        if (own != null && !own.isBlank()) {
            dirs.add(own);
        }
        String preload = System.getProperty("org.bytedeco.javacpp.platform.preloadpath");
        for (String list : new String[] {preload, System.getenv("LD_LIBRARY_PATH")}) {
            if (list != null) {
                for (String p : list.split(File.pathSeparator)) {
                    if (!p.isBlank()) {
                        dirs.add(p);
                    }
                }
            }
        }
        dirs.addAll(List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/nvidia/lib64",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib"));
        return dirs.stream().map(Path::of).collect(Collectors.toList());
    }

    /**
     * Each needed library by soname: the file found in {@code dirs} with the version its real name
     * carries (e.g. "13.1.0.3 in /usr/local/cuda/lib64"), or "not found".
     */
    static Map<String, String> findLibraries(List<Path> dirs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String lib : CudaStatus.NEEDED_LIBRARIES) {
            String found = "not found";
            for (Path dir : dirs) {
                Path p = dir.resolve(lib);
                if (Files.exists(p)) {
                    String real;
                    try {
                        real = p.toRealPath().getFileName().toString();
                    } catch (java.io.IOException e) {
                        real = lib;
                    }
                    String stem = lib.substring(0, lib.indexOf(".so") + 3);
                    String version = real.startsWith(stem + ".") ? real.substring(stem.length() + 1) : lib.substring(stem.length() + 1);
                    found = version + " in " + dir;
                    break;
                }
            }
            out.put(lib, found);
        }
        return out;
    }

    /** The sonames in {@code libraries} marked "not found". */
    static List<String> missing(Map<String, String> libraries) {
        List<String> out = new ArrayList<>();
        libraries.forEach((k, v) -> {
            if (v.equals("not found")) {
                out.add(k);
            }
        });
        return out;
    }

    /** The probe of this machine, cached after the first call (loading is once per JVM anyway). */
    final class SystemProbe implements CudaProbe {
        static final SystemProbe INSTANCE = new SystemProbe();
        private CudaStatus cached;

        private SystemProbe() {
        }

        @Override
        public synchronized CudaStatus probe() {
            if (cached == null) {
                cached = CudaRuntimeProbe.probe(findLibraries(libraryDirectories()));
            }
            return cached;
        }
    }
}
