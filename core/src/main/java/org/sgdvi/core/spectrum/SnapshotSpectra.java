package org.sgdvi.core.spectrum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.check.FaultInjection;
import org.sgdvi.core.diffusion.DiffusionSnapshot;
import org.sgdvi.core.diffusion.Sampling;

/**
 * A {@link org.sgdvi.core.diffusion.DiffusionListener} consumer that turns every snapshot into the
 * spectrum of D and the paper's statistics (its Figs. 1-2 and Remark 13: spectra at 20%, 40% and
 * 100% of training should look alike). Each snapshot costs the passes over the example set that
 * its result reports: when the example set states its size N (an in-memory data set), one for the
 * dense and Gram routes, and for the matrix-free route one to find gbar, its Lanczos passes and one
 * for its explicit check; one more when N must be found by a pass (the automatic choice needs it).
 */
public final class SnapshotSpectra implements Consumer<DiffusionSnapshot> {

    /**
     * One snapshot's spectrum.
     *
     * @param iteration training iterations completed
     * @param epoch the network's epoch counter
     * @param fractionOfTraining iteration over the total, or NaN
     * @param exampleCount N
     * @param result the solver's eigenvalues
     * @param statistics rank, mean, std, histogram
     */
    public record Entry(long iteration, int epoch, double fractionOfTraining, long exampleCount, SpectrumResult result,
                        SpectrumStatistics statistics) {
    }

    private final DataType dtype;
    private final Sampling sampling;
    private final SolverKind solver;
    private final long seed;
    private final int bins;
    private final Consumer<String> progress;
    private final org.sgdvi.core.device.Device device;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param dtype accumulation type (FLOAT as in the paper, or DOUBLE)
     * @param sampling the normalisation of D
     * @param solver a {@code --solver} name to force, or null for the automatic choice
     * @param seed seeds the matrix-free start block
     * @param bins histogram bins
     */
    public SnapshotSpectra(DataType dtype, Sampling sampling, String solver, long seed, int bins) {
        this(dtype, sampling, solver, seed, bins, line -> { });
    }

    /**
     * As {@link #SnapshotSpectra(DataType, Sampling, String, long, int)}, reporting each pass of an
     * iterative solver to {@code progress}.
     */
    public SnapshotSpectra(DataType dtype, Sampling sampling, String solver, long seed, int bins,
                           Consumer<String> progress) {
        this(dtype, sampling, solver == null || solver.isBlank() ? null : SolverKind.parse(solver), seed, bins, progress);
    }

    /**
     * @param dtype accumulation type (FLOAT as in the paper, or DOUBLE)
     * @param sampling the normalisation of D
     * @param solver the solver to force, or null for the automatic choice
     * @param seed seeds the matrix-free start block
     * @param bins histogram bins
     * @param progress receives each pass of an iterative solver as one line
     */
    public SnapshotSpectra(DataType dtype, Sampling sampling, SolverKind solver, long seed, int bins,
                           Consumer<String> progress) {
        this(dtype, sampling, solver, seed, bins, progress, org.sgdvi.core.device.Device.CPU);
    }

    /**
     * As {@link #SnapshotSpectra(DataType, Sampling, SolverKind, long, int, Consumer)} on a device
     * ({@code --device}: CPU as before, or AUTO / CUDA for the CUDA 13 path with a fallback to the CPU).
     */
    public SnapshotSpectra(DataType dtype, Sampling sampling, SolverKind solver, long seed, int bins,
                           Consumer<String> progress, org.sgdvi.core.device.Device device) {
        this.device = device;
        this.progress = progress;
        this.dtype = dtype;
        this.sampling = sampling;
        this.solver = solver;
        this.seed = seed;
        this.bins = bins;
    }

    @Override
    public void accept(DiffusionSnapshot snapshot) {
        SpectrumInput input = SpectrumInput.streaming(snapshot.gradients(), sampling, dtype);
        SpectrumResult result = injectFaults(SolverChooser.forInput(input, solver, seed, progress, device).solve(input));
        SpectrumStatistics stats = SpectrumStatistics.of(result, bins);
        entries.add(new Entry(snapshot.iteration(), snapshot.epoch(), snapshot.fractionOfTraining(),
                input.exampleCount(), result, stats));
    }

    /** The fault ({@link FaultInjection}) that scales every computed eigenvalue by 1.1 (tests of the self-checks). */
    public static final String PERTURB_EIGENVALUES = "spectrum-eigenvalues";

    /** {@code result}, or its eigenvalues scaled by 1.1 when the fault {@link #PERTURB_EIGENVALUES} is on. */
    public static SpectrumResult injectFaults(SpectrumResult result) {
        if (!FaultInjection.active(PERTURB_EIGENVALUES)) {
            return result;
        }
        double[] v = result.eigenvalues().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 1.1;
        }
        return result.withEigenvalues(v);
    }

    /** The spectra so far, in snapshot order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }
}
