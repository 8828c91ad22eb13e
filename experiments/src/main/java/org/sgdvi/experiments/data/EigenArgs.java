package org.sgdvi.experiments.data;

import picocli.CommandLine.Option;

/**
 * How the eigenvalues of the diffusion matrix D(x) (eq. 2 of arXiv 1710.11029) are computed, for every command that
 * computes them ({@code spectrum}, {@code bench}): the route ({@code --solver}, {@link SolverChoice}), where
 * ({@code --device}, {@link DeviceChoice}) and in which accumulation type ({@code --dtype}, {@link Precision}).
 * Each command states its own defaults through the constructor; a command whose options mean something narrower
 * says so in its resource bundle (picocli {@code descriptionKey}: solver, device, dtype).
 */
public final class EigenArgs {

    @Option(names = "--solver", converter = SolverChoice.Converter.class, descriptionKey = "solver",
            description = "auto, dense, gram, matrix-free or dense-lanczos (default: ${DEFAULT-VALUE}).")
    public SolverChoice solver;

    @Option(names = "--device", converter = DeviceChoice.Converter.class, descriptionKey = "device",
            description = "Where D and its eigenvalues are computed: auto (the CUDA 13 path on a GPU of compute capability "
                    + "7.5+ when its libraries are found and D fits, else the CPU), cpu, or cuda (falls back to the CPU with "
                    + "the reason) (default: ${DEFAULT-VALUE}).")
    public DeviceChoice device;

    @Option(names = "--dtype", defaultValue = "float", converter = Precision.Converter.class, descriptionKey = "dtype",
            description = "Accumulation type: float (the paper) or double (default: ${DEFAULT-VALUE}).")
    public Precision dtype;

    /** The options with a command's defaults of {@code --solver} and {@code --device}. */
    public EigenArgs(SolverChoice solver, DeviceChoice device) {
        this.solver = solver;
        this.device = device;
    }
}
