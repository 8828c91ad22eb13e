package org.sgdvi.experiments.env;

/**
 * A GPU as the driver reports it.
 *
 * @param name the device name
 * @param major compute capability, major
 * @param minor compute capability, minor
 * @param memoryBytes total device memory
 */
public record GpuInfo(String name, int major, int minor, long memoryBytes) {

    /** Compute capability as "8.6". */
    public String computeCapability() {
        return major + "." + minor;
    }
}
