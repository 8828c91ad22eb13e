package org.sgdvi.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgdvi.core.spectrum.SolverKind;

/** Where a spectrum runs for each device request and each machine, with injected CUDA probes. */
class DevicePlanTest {

    @Test
    void cpuIsNeverProbed() {
        DevicePlan p = DevicePlan.of(Device.CPU, () -> {
            throw new AssertionError("--device cpu must not probe CUDA");
        }, true, 1000, 100, null);
        assertThat(p.onGpu()).isFalse();
        assertThat(p.note()).isNull();
    }

    @Test
    void cudaWithoutADriverFallsBackSayingWhy() {
        DevicePlan p = DevicePlan.of(Device.CUDA, FakeCuda.noDriver()::probe, true, 1000, 100, null);
        assertThat(p.onGpu()).isFalse();
        assertThat(p.note()).isEqualTo("--device cuda: the CUDA 13 path is unusable: no NVIDIA driver: libcuda.so.1 "
                + "was not found; using the CPU.");
    }

    @Test
    void autoWithoutADriverFallsBackQuietly() {
        DevicePlan p = DevicePlan.of(Device.AUTO, FakeCuda.noDriver()::probe, true, 1000, 100, null);
        assertThat(p.onGpu()).isFalse();
        assertThat(p.note()).isNull();
    }

    @Test
    void missingLibrariesAreNamedEvenUnderAuto() {
        DevicePlan p = DevicePlan.of(Device.AUTO, FakeCuda.cublasMissing()::probe, true, 1000, 100, null);
        assertThat(p.onGpu()).isFalse();
        assertThat(p.note()).contains("libcublas.so.13 were not found").endsWith("; using the CPU.");
    }

    @Test
    void tooLittleDeviceMemoryFallsBackWithTheSizes() {
        // d = 60,000: D alone is 14.4 GB in float32; 2 GB free
        DevicePlan p = DevicePlan.of(Device.CUDA, FakeCuda.h200(2_000_000_000L)::probe, true, 60_000, 100_000, null);
        assertThat(p.onGpu()).isFalse();
        assertThat(p.note()).contains("D would need at least 14.9 GB").contains("for d = 60,000 in float32 but 2.0 GB is free")
                .contains("NVIDIA H200");
    }

    @Test
    void dTimesDFitsButAFullChunkDoesNotSoItStreamsSmallerChunks() {
        long d = 20_000;
        long free = GpuOrderDiffusion.denseBytes(d, 0) + 4L * d * 100;
        DevicePlan p = DevicePlan.of(Device.AUTO, FakeCuda.h200(free)::probe, true, d, 60_000, null);
        assertThat(p.onGpu()).isTrue();
        assertThat(p.route()).isEqualTo(SolverKind.DENSE);
        assertThat(p.chunkRows()).isEqualTo(100);
        assertThat(p.note()).contains("streamed in chunks of 100 rows");
    }

    @Test
    void routesFollowNAndD() {
        CudaProbe h200 = FakeCuda.h200(140_000_000_000L);
        assertThat(DevicePlan.of(Device.AUTO, h200::probe, true, 13_338, 60_000, null).route()).isEqualTo(SolverKind.DENSE);
        assertThat(DevicePlan.of(Device.AUTO, h200::probe, true, 100_000, 5_000, null).route()).isEqualTo(SolverKind.GRAM);
        assertThat(DevicePlan.of(Device.AUTO, h200::probe, true, 100_000, 5_000, SolverKind.DENSE).route())
                .isEqualTo(SolverKind.DENSE);
        DevicePlan mf = DevicePlan.of(Device.CUDA, h200::probe, true, 100_000, 5_000, SolverKind.MATRIX_FREE);
        assertThat(mf.route()).isEqualTo(SolverKind.MATRIX_FREE);
        assertThat(mf.note()).contains("matrix-free block products G V and G^T (G V) on NVIDIA H200");
        DevicePlan small = DevicePlan.of(Device.CUDA, FakeCuda.h200(100_000_000L)::probe, true, 1_000_000, 5_000,
                SolverKind.MATRIX_FREE);
        assertThat(small.onGpu()).isFalse();
        assertThat(small.note()).contains("the matrix-free block products would need 17.4 GB").contains("0.1 GB is free");
    }

    @Test
    void doublePrecisionStaysOnTheCpu() {
        DevicePlan p = DevicePlan.of(Device.CUDA, FakeCuda.h200(140_000_000_000L)::probe, false, 1000, 100, null);
        assertThat(p.onGpu()).isFalse();
        assertThat(p.note()).contains("--dtype double runs on the CPU");
    }

    @Test
    void parsesDeviceNames() {
        assertThat(Device.parse(" CUDA ")).isEqualTo(Device.CUDA);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Device.parse("gpu"))
                .hasMessage("--device 'gpu' is not a device; expected one of auto, cpu, cuda");
    }
}
