package org.sgdvi.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.MatrixChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.spectrum.DenseSymmetricSolver;
import org.sgdvi.core.spectrum.EigenSolver;
import org.sgdvi.core.spectrum.GramSolver;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;

/**
 * {@link DeviceSolver} with an injected probe: on a "GPU" that runs {@link CpuOrderAlgebra} it must
 * give the CPU path's spectrum and pass the self-checks; on a machine without the CUDA 13 path it must
 * hand the input to the CPU solver, unchanged, after one clear sentence.
 */
class DeviceSolverTest {

    private static SpectrumInput input(int n, int d, long seed, int chunkRows) {
        INDArray g = GradientTestData.toArray(GradientTestData.gaussian(n, d, 2.0, 1.0, seed), DataType.FLOAT);
        return SpectrumInput.streaming(new MatrixChunkSource(g, chunkRows), Sampling.WITH_REPLACEMENT, DataType.FLOAT);
    }

    @Test
    void denseRouteOnTheGpuOrderAlgebraMatchesTheCpuSolverAndPassesTheSelfChecks() {
        SpectrumInput in = input(500, 70, 21, 64);
        List<String> notes = new ArrayList<>();
        List<GpuOrderAlgebra> opened = new ArrayList<>();
        DeviceSolver s = new DeviceSolver(Device.CUDA, null, FakeCuda.h200(140_000_000_000L), gpu -> {
            CpuOrderAlgebra a = new CpuOrderAlgebra();
            opened.add(a);
            return a;
        }, new DenseSymmetricSolver(), notes::add);
        SpectrumResult r = s.solve(in);
        SpectrumResult cpu = new DenseSymmetricSolver().solve(in);
        assertThat(opened).hasSize(1);
        assertThat(r.solver()).isEqualTo(DenseSymmetricSolver.NAME);
        assertThat(r.computed()).isEqualTo(70);
        for (int i = 0; i < 70; i++) {
            assertThat(r.eigenvalues()[i]).isCloseTo(cpu.eigenvalues()[i], within(1e-5 * cpu.lambdaMax()));
        }
        assertThat(Checks.spectrum(r)).isNotEmpty().allMatch(Check::passed);
        assertThat(Checks.spectrum(r.withEigenvalues(scaled(r.eigenvalues(), 1.01)))).anyMatch(c -> !c.passed());
        assertThat(notes.get(0)).isEqualTo("--device cuda: dense route on NVIDIA H200 (GPU 0, compute capability 9.0).");
        assertThat(notes).anyMatch(l -> l.startsWith("all 70 eigenvalues (syevd)"));
    }

    @Test
    void gramRouteWhenNIsBelowD() {
        SpectrumInput in = input(30, 80, 4, 8);
        DeviceSolver s = new DeviceSolver(Device.AUTO, null, FakeCuda.h200(140_000_000_000L), gpu -> new CpuOrderAlgebra(),
                new GramSolver(), line -> { });
        SpectrumResult r = s.solve(in);
        SpectrumResult cpu = new GramSolver().solve(in);
        assertThat(r.solver()).isEqualTo(GramSolver.NAME);
        assertThat(r.tail()).isEqualTo(SpectrumResult.Tail.ZERO);
        assertThat(r.computed()).isEqualTo(30);
        for (int i = 0; i < 30; i++) {
            assertThat(r.eigenvalues()[i]).isCloseTo(cpu.eigenvalues()[i], within(1e-5 * cpu.lambdaMax()));
        }
        assertThat(Checks.spectrum(r)).allMatch(Check::passed);
    }

    @Test
    void matrixFreeBlockProductsInTheGpuOrderGiveTheNd4jSolversTopEigenvalues() {
        SpectrumInput in = input(400, 120, 13, 64);
        List<GpuOrderAlgebra> opened = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        org.sgdvi.core.spectrum.MatrixFreeSolver nd4j = new org.sgdvi.core.spectrum.MatrixFreeSolver(7, 8, 40, 1e-5, 200,
                org.sgdvi.core.diffusion.FreeMemory::probe);
        DeviceSolver s = new DeviceSolver(Device.CUDA, org.sgdvi.core.spectrum.SolverKind.MATRIX_FREE,
                FakeCuda.h200(140_000_000_000L), gpu -> {
                    CpuOrderAlgebra a = new CpuOrderAlgebra();
                    opened.add(a);
                    return a;
                }, nd4j, notes::add);
        SpectrumResult r = s.solve(in);
        SpectrumResult expected = nd4j.solve(in);
        SpectrumResult dense = new DenseSymmetricSolver().solve(in);
        assertThat(opened).hasSize(1);
        assertThat(notes.get(0)).contains("matrix-free block products");
        assertThat(r.solver()).isEqualTo(org.sgdvi.core.spectrum.MatrixFreeSolver.NAME);
        assertThat(r.computed()).isEqualTo(expected.computed()).isGreaterThanOrEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(r.eigenvalues()[i]).isCloseTo(dense.eigenvalues()[i], within(1e-4 * dense.lambdaMax()));
            assertThat(r.eigenvalues()[i]).isCloseTo(expected.eigenvalues()[i], within(1e-4 * dense.lambdaMax()));
        }
        assertThat(Checks.spectrum(r)).allMatch(Check::passed);
    }

    @Test
    void memoryTakenSinceTheProbeIsMeasuredAgainBeforeAllocating() {
        SpectrumInput in = input(100, 50, 3, 32);
        List<String> notes = new ArrayList<>();
        SpectrumResult r = new DeviceSolver(Device.AUTO, null, FakeCuda.h200(140_000_000_000L),
                gpu -> new CpuOrderAlgebra(() -> 1000), new DenseSymmetricSolver(), notes::add).solve(in);
        assertThat(r.eigenvalues()).containsExactly(new DenseSymmetricSolver().solve(in).eigenvalues());
        assertThat(notes).last().asString().startsWith("the dense route needs").endsWith("is free now; using the CPU.");
    }

    @Test
    void withoutTheCudaPathTheCpuSolverRunsUnchanged() {
        SpectrumInput in = input(200, 40, 9, 50);
        for (CudaProbe probe : new CudaProbe[] {FakeCuda.noDriver(), FakeCuda.cublasMissing(), FakeCuda.h200(1000)}) {
            List<String> notes = new ArrayList<>();
            EigenSolver s = new DeviceSolver(Device.CUDA, null, probe, gpu -> {
                throw new AssertionError("no algebra may be opened when the plan says CPU");
            }, new DenseSymmetricSolver(), notes::add);
            SpectrumResult r = s.solve(in);
            assertThat(r.eigenvalues()).containsExactly(new DenseSymmetricSolver().solve(in).eigenvalues());
            assertThat(notes).hasSize(1);
            assertThat(notes.get(0)).startsWith("--device cuda: ").contains("; using the CPU")
                    .containsAnyOf("no NVIDIA driver", "libcublas.so.13", "is free");
        }
    }

    private static double[] scaled(double[] v, double f) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= f;
        }
        return out;
    }
}
