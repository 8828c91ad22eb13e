package org.sgdvi.core.device;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;

/**
 * The self-contained GPU check that {@code docker/device-check.sh} packs: regenerates the seeded
 * spiked gradient matrix of a {@link CheckReference} chunk by chunk on the host, forms D on the GPU
 * with the CUDA 13 path ({@link GpuOrderDiffusion#dense} on {@link CudaAlgebra}), computes all d
 * eigenvalues with cusolverDnSsyevd, and compares them with the reference: max |lambda_i - ref_i|
 * at most 1e-4 lambda_max, numpy's rank identical, sum and sum of squares against tr D and ||D||_F^2.
 * Uses JavaCPP, the CUDA wrappers and Jackson only (no ND4J).
 *
 * <p>Exit status: 0 agreement, 1 disagreement, 2 bad arguments or a failure, 3 no usable GPU (one
 * sentence on stderr saying why).
 */
public final class DeviceCheck {

    /** Agreement required between the GPU's and the reference eigenvalues, relative to lambda_max. */
    public static final double TOLERANCE = 1e-4;
    /** The time target for D plus all eigenvalues at K = 60,000, d = 13,338 on one H200. */
    public static final double TARGET_SECONDS = 10;

    private DeviceCheck() {
    }

    /**
     * The comparison of GPU eigenvalues with the reference.
     *
     * @param maxDifference max_i |lambda_i - ref_i| / lambda_max over all d (ref padded with zeros)
     * @param rank numpy's rank of the GPU eigenvalues
     * @param traceError |sum lambda - tr D| / sum |lambda|
     * @param squareError |sum lambda^2 - ||D||_F^2| / ||D||_F^2
     * @param passed all within tolerance and the ranks equal
     */
    public record Agreement(double maxDifference, int rank, double traceError, double squareError, boolean passed) {
    }

    /** Compares eigenvalues found for D with the reference (and with the D's own trace and norm). */
    public static Agreement compare(double[] values, CheckReference ref, double trace, double frobeniusSquared) {
        double[] r = ref.eigenvalues();
        double scale = ref.lambdaMax();
        double worst = 0;
        double sum = 0;
        double abs = 0;
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            double expected = i < r.length ? r[i] : 0;
            double diff = Math.abs(values[i] - expected) / scale;
            worst = Double.isNaN(diff) ? Double.NaN : Math.max(worst, diff);
            sum += values[i];
            abs += Math.abs(values[i]);
            squares += values[i] * values[i];
        }
        int rank = CheckReference.numpyRank(values, ref.dimension());
        double traceError = Math.abs(sum - trace) / Math.max(abs, Double.MIN_NORMAL);
        double squareError = Math.abs(squares - frobeniusSquared) / Math.max(frobeniusSquared, Double.MIN_NORMAL);
        // the sums hold to about d eps in float32 (the rule of org.sgdvi.core.check.Checks, C = 10)
        double sumsTolerance = 10 * ref.dimension() * CheckReference.FLOAT32_EPS;
        boolean passed = values.length == ref.dimension() && worst <= TOLERANCE && rank == ref.numpyRank()
                && traceError <= sumsTolerance && squareError <= sumsTolerance;
        return new Agreement(worst, rank, traceError, squareError, passed);
    }

    /** {@code REFERENCE.json [RESULT.json] [CHUNK_ROWS]}. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: DeviceCheck REFERENCE.json [RESULT.json] [CHUNK_ROWS]");
            System.exit(2);
        }
        try {
            System.exit(run(Path.of(args[0]), args.length > 1 && !args[1].isEmpty() ? Path.of(args[1]) : null,
                    args.length > 2 ? Integer.parseInt(args[2]) : 2048, CudaProbe.system(), DeviceSolver::openCuda, out));
        } catch (Exception e) {
            System.err.println("device-check: failed: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    /**
     * Runs the check; returns the exit status.
     *
     * @param reference the reference file
     * @param result where to write the result as JSON, or null
     * @param chunkRows rows generated and sent per chunk
     * @param probe finds the GPU
     * @param opener opens the algebra on it
     * @param out progress and the summary
     */
    public static int run(Path reference, Path result, int chunkRows, CudaProbe probe,
                          java.util.function.Function<CudaDevice, GpuOrderAlgebra> opener, PrintStream out) throws Exception {
        CheckReference ref = Json.mapper().readValue(Files.readAllBytes(reference), CheckReference.class);
        out.printf(Locale.ROOT, "device-check: reference K = %,d, d = %,d, rank %d, lambda_max %.6g (%s)%n", ref.rows(),
                ref.dimension(), ref.rank(), ref.lambdaMax(), ref.method());
        long t0 = System.nanoTime();
        CudaStatus status = probe.probe();
        out.printf(Locale.ROOT, "device-check: CUDA 13 probe in %.1f s: driver supports CUDA %s, runtime %s%n",
                (System.nanoTime() - t0) / 1e9, CudaStatus.version(status.driverVersion()),
                CudaStatus.version(status.runtimeVersion()));
        status.libraries().forEach((lib, where) -> out.printf("device-check:   %-20s %s%n", lib, where));
        for (CudaDevice g : status.devices()) {
            out.printf(Locale.ROOT, "device-check:   %s, %.1f GiB, %.1f GiB free%n", g.describe(),
                    g.totalBytes() / 1073741824.0, g.freeBytes() / 1073741824.0);
        }
        if (!status.usable()) {
            System.err.println("device-check: no usable NVIDIA GPU for the CUDA 13 path here: " + status.problem() + ".");
            return 3;
        }
        CudaDevice gpu = status.firstCapable();
        long need = GpuOrderDiffusion.denseBytes(ref.dimension(), chunkRows);
        if (need > gpu.freeBytes()) {
            System.err.printf(Locale.ROOT, "device-check: D needs %.1f GB on %s but %.1f GB is free.%n", need / 1e9,
                    gpu.describe(), gpu.freeBytes() / 1e9);
            return 3;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        try (GpuOrderAlgebra algebra = opener.apply(gpu)) {
            // warm-up: cuBLAS and cuSOLVER load their kernels at first use; not part of the timed run
            long w0 = System.nanoTime();
            SpikedGradients small = new SpikedGradients(ref.seed(), 512, 256, SpikedGradients.spikedTheta(16));
            GpuOrderDiffusion.dense(algebra, small.chunks(256), 512, 512, line -> { });
            out.printf(Locale.ROOT, "device-check: warm-up (K = 512, d = 256) in %.2f s%n", (System.nanoTime() - w0) / 1e9);

            SpikedGradients g = ref.generator();
            double[] generation = {0};
            GpuOrderDiffusion.Chunks timed = timedChunks(g.chunks(chunkRows), generation);
            long s0 = System.nanoTime();
            GpuOrderDiffusion.Result r = GpuOrderDiffusion.dense(algebra, timed, ref.rows(), ref.rows(),
                    line -> out.println("device-check: " + line));
            double total = (System.nanoTime() - s0) / 1e9;
            double gpuSeconds = total - generation[0];
            Agreement a = compare(r.eigenvalues(), ref, r.trace(), r.frobeniusSquared());
            out.printf(Locale.ROOT, "device-check: times: generating the gradients on the host %.2f s (not counted), "
                            + "D (centring, transfers, SYRK, rank-1 correction, norm) %.2f s, syevd %.2f s%n",
                    generation[0], r.secondsD() - generation[0], r.secondsEigen());
            out.printf(Locale.ROOT, "device-check: D + all %,d eigenvalues: %.2f s (target <= %.0f s on one H200: %s)%n",
                    ref.dimension(), gpuSeconds, TARGET_SECONDS, gpuSeconds <= TARGET_SECONDS ? "met" : "MISSED");
            out.printf(Locale.ROOT, "device-check: lambda_max GPU %.7g, reference %.7g; max |lambda_i - ref_i| / lambda_max "
                            + "= %.3g (tolerance %.0e)%n", r.eigenvalues()[0], ref.lambdaMax(), a.maxDifference(), TOLERANCE);
            out.printf(Locale.ROOT, "device-check: numpy rank GPU %d, reference %d (%s); sum lambda vs tr D %.3g, "
                            + "sum lambda^2 vs ||D||_F^2 %.3g%n", a.rank(), ref.numpyRank(),
                    a.rank() == ref.numpyRank() ? "identical" : "DIFFERENT", a.traceError(), a.squareError());
            out.println("device-check: " + (a.passed() ? "PASS" : "FAIL") + " on " + gpu.describe());
            json.put("passed", a.passed());
            json.put("device", gpu.describe());
            json.put("driverCuda", CudaStatus.version(status.driverVersion()));
            json.put("runtimeCuda", CudaStatus.version(status.runtimeVersion()));
            json.put("libraries", status.libraries());
            json.put("rows", ref.rows());
            json.put("dimension", ref.dimension());
            json.put("chunkRows", chunkRows);
            json.put("generationSeconds", generation[0]);
            json.put("dSeconds", r.secondsD() - generation[0]);
            json.put("syevdSeconds", r.secondsEigen());
            json.put("dPlusEigenSeconds", gpuSeconds);
            json.put("targetSeconds", TARGET_SECONDS);
            json.put("lambdaMaxGpu", r.eigenvalues()[0]);
            json.put("lambdaMaxReference", ref.lambdaMax());
            json.put("maxRelativeDifference", a.maxDifference());
            json.put("rankGpu", a.rank());
            json.put("rankReference", ref.numpyRank());
            json.put("traceError", a.traceError());
            json.put("squareError", a.squareError());
            if (result != null) {
                AtomicFiles.writeBytes(result, Json.pretty().writeValueAsBytes(json));
            }
            return a.passed() ? 0 : 1;
        }
    }

    private static GpuOrderDiffusion.Chunks timedChunks(GpuOrderDiffusion.Chunks inner, double[] seconds) {
        return new GpuOrderDiffusion.Chunks() {
            @Override
            public int dimension() {
                return inner.dimension();
            }

            @Override
            public int maxRows() {
                return inner.maxRows();
            }

            @Override
            public void forEach(GpuOrderDiffusion.ChunkConsumer consumer) {
                long[] last = {System.nanoTime()};
                inner.forEach((x, rows) -> {
                    seconds[0] += (System.nanoTime() - last[0]) / 1e9;
                    consumer.accept(x, rows);
                    last[0] = System.nanoTime();
                });
            }
        };
    }
}
