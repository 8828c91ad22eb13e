package org.sgdvi.core.device;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.spectrum.EigenSolver;
import org.sgdvi.core.spectrum.GramSolver;
import org.sgdvi.core.spectrum.MatrixFreeSolver;
import org.sgdvi.core.spectrum.DenseSymmetricSolver;
import org.sgdvi.core.spectrum.SolverKind;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;

/**
 * An {@link EigenSolver} that runs the dense or Gram route on a GPU through {@link GpuOrderAlgebra}
 * (or, for the matrix-free solver it wraps, that solver's block products)
 * when {@link DevicePlan} says so, and otherwise hands the input to the CPU solver it wraps, after
 * reporting why. Results carry the route's name (dense, gram), so the usual self-checks apply.
 */
public final class DeviceSolver implements EigenSolver {

    private final Device requested;
    private final SolverKind forced;
    private final CudaProbe probe;
    private final Function<CudaDevice, GpuOrderAlgebra> opener;
    private final EigenSolver cpu;
    private final Consumer<String> notes;

    /**
     * @param requested what {@code --device} asked for
     * @param forced the solver {@code --solver} forces, or null
     * @param probe finds the CUDA 13 path
     * @param opener opens the algebra on a device ({@link CudaAlgebra} normally; tests pass a CPU one)
     * @param cpu the solver used when the GPU is not
     * @param notes receives the plan's one-line note
     */
    public DeviceSolver(Device requested, SolverKind forced, CudaProbe probe, Function<CudaDevice, GpuOrderAlgebra> opener,
                        EigenSolver cpu, Consumer<String> notes) {
        this.requested = requested;
        this.forced = forced;
        this.probe = probe;
        this.opener = opener;
        this.cpu = cpu;
        this.notes = notes;
    }

    /** The CUDA 13 algebra on a device, named after it. */
    public static GpuOrderAlgebra openCuda(CudaDevice device) {
        return new CudaAlgebra(device.index(), device.describe());
    }

    @Override
    public String name() {
        return cpu.name();
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        if (!input.hasGradients() || requested == Device.CPU) {
            return cpu.solve(input);
        }
        DevicePlan plan = DevicePlan.of(requested, probe::probe, input.dataType() == DataType.FLOAT, input.dimension(),
                input.exampleCount(), forced);
        if (plan.note() != null) {
            notes.accept(plan.note());
        }
        if (!plan.onGpu()) {
            return cpu.solve(input);
        }
        if (plan.route() == SolverKind.MATRIX_FREE) {
            if (!(cpu instanceof MatrixFreeSolver m)) {
                throw new IllegalStateException("the matrix-free route needs the matrix-free solver to wrap; got " + cpu.name());
            }
            return m.withBlockProducts(() -> opener.apply(plan.device())).solve(input);
        }
        long start = System.nanoTime();
        long divisor = input.sampling().scatterDivisor(input.exampleCount());
        Chunks chunks = new Chunks(input.gradients(), plan.chunkRows());
        try (GpuOrderAlgebra algebra = opener.apply(plan.device())) {
            // the probe's free memory may be old (it is read once per JVM): measure again before allocating
            long need = plan.route() == SolverKind.GRAM ? GpuOrderDiffusion.gramBytes(input.exampleCount(), input.dimension())
                    : GpuOrderDiffusion.denseBytes(input.dimension(), plan.chunkRows());
            long free = algebra.freeBytes();
            if (need > free) {
                notes.accept("the " + plan.route().cliName() + " route needs " + org.sgdvi.core.diffusion.MemoryEstimate.gigabytes(need)
                        + " on " + algebra.name() + " but " + org.sgdvi.core.diffusion.MemoryEstimate.gigabytes(free)
                        + " is free now; using the CPU.");
                return cpu.solve(input);
            }
            if (plan.route() == SolverKind.GRAM) {
                double[] mean = input.fullGradient().castTo(DataType.DOUBLE).toDoubleVector();
                GpuOrderDiffusion.Result r = GpuOrderDiffusion.gram(algebra, chunks, Math.toIntExact(input.exampleCount()),
                        mean, divisor, notes);
                int keep = (int) Math.min(input.exampleCount(), input.dimension());
                return result(GramSolver.NAME, input, Arrays.copyOf(r.eigenvalues(), keep),
                        keep < input.dimension() ? SpectrumResult.Tail.ZERO : SpectrumResult.Tail.NONE, r, start);
            }
            GpuOrderDiffusion.Result r = GpuOrderDiffusion.dense(algebra, chunks, input.exampleCount(), divisor, notes);
            return result(DenseSymmetricSolver.NAME, input, r.eigenvalues(), SpectrumResult.Tail.NONE, r, start);
        }
    }

    private static SpectrumResult result(String name, SpectrumInput input, double[] values, SpectrumResult.Tail tail,
                                         GpuOrderDiffusion.Result r, long start) {
        return new SpectrumResult(name, input.dimension(), DataType.FLOAT, values, tail, new double[0], true, 1,
                (System.nanoTime() - start) / 1e9,
                new SpectrumResult.Reference(r.exampleCount(), r.trace(), r.frobeniusSquared(), new double[0], Double.NaN));
    }

    /** ND4J chunks as float32 arrays of at most {@code maxRows} rows. */
    static final class Chunks implements GpuOrderDiffusion.Chunks {
        private final GradientChunkSource source;
        private final int maxRows;

        Chunks(GradientChunkSource source, int maxRows) {
            if (source.dimension() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("d = " + source.dimension() + " is too large for the GPU path; expected "
                        + "at most " + Integer.MAX_VALUE);
            }
            this.source = source;
            this.maxRows = Math.max(1, maxRows);
        }

        @Override
        public int dimension() {
            return (int) source.dimension();
        }

        @Override
        public int maxRows() {
            return maxRows;
        }

        @Override
        public void forEach(GpuOrderDiffusion.ChunkConsumer consumer) {
            int d = dimension();
            source.forEachChunk(chunk -> {
                long rows = chunk.rows();
                for (long r0 = 0; r0 < rows; r0 += maxRows) {
                    int m = (int) Math.min(maxRows, rows - r0);
                    INDArray part = rows <= maxRows ? chunk
                            : chunk.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r0, r0 + m),
                            org.nd4j.linalg.indexing.NDArrayIndex.all());
                    INDArray f = part.castTo(DataType.FLOAT).dup('c');
                    float[] x = f.data().asFloat();
                    f.close();
                    if (x.length != (long) m * d) {
                        throw new IllegalStateException("a gradient chunk held " + x.length + " values; expected "
                                + m + " x " + d);
                    }
                    consumer.accept(x, m);
                }
            });
        }
    }
}
