package org.sgdvi.core.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where D(x) and its eigenvalues are computed, as {@code --device} names it. */
public enum Device {
    /** The CUDA 13 path when it is usable and D fits on the GPU, else the CPU. */
    AUTO,
    /** The CPU path, as before the CUDA 13 path existed. */
    CPU,
    /** The CUDA 13 path; falls back to the CPU with a message saying why when it cannot run. */
    CUDA;

    /** The name accepted by {@code --device}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code --device} name (auto, cpu, cuda; case-insensitive). */
    public static Device parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Device d : values()) {
            if (d.cliName().equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("--device '" + name + "' is not a device; expected one of "
                + Arrays.stream(values()).map(Device::cliName).collect(Collectors.joining(", ")));
    }
}
