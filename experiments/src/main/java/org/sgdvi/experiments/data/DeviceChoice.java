package org.sgdvi.experiments.data;

import org.sgdvi.core.device.Device;

/**
 * {@code --device}: where D(x) and its eigenvalues are computed ({@link Device}): auto (the CUDA 13
 * path when usable and D fits on the GPU, else the CPU), cpu (as before) or cuda (the CUDA 13 path,
 * falling back to the CPU with a sentence saying why).
 */
public enum DeviceChoice implements Choices.Named {
    /** {@link Device#AUTO}. */
    AUTO(Device.AUTO),
    /** {@link Device#CPU}. */
    CPU(Device.CPU),
    /** {@link Device#CUDA}. */
    CUDA(Device.CUDA);

    private final Device device;

    DeviceChoice(Device device) {
        this.device = device;
    }

    /** The core device. */
    public Device device() {
        return device;
    }

    /** The command-line spelling, which the help shows as a default. */
    @Override
    public String toString() {
        return cliName();
    }

    /** The picocli converter (auto, cpu or cuda, any case). */
    public static final class Converter extends Choices.Converter<DeviceChoice> {
        /** For picocli. */
        public Converter() {
            super(DeviceChoice.class);
        }
    }
}
