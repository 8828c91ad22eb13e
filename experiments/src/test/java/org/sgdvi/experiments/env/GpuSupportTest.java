package org.sgdvi.experiments.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.sgdvi.core.device.CudaDevice;
import org.sgdvi.core.device.CudaStatus;
import org.junit.jupiter.api.Test;

class GpuSupportTest {

    @Test
    void verdictFollowsTheCuda116SupportMatrix() {
        assertThat(GpuSupport.verdict(3, 5)).isEqualTo(GpuSupport.Verdict.TOO_OLD);
        assertThat(GpuSupport.verdict(3, 7)).isEqualTo(GpuSupport.Verdict.NATIVE);
        assertThat(GpuSupport.verdict(7, 0)).isEqualTo(GpuSupport.Verdict.NATIVE);   // V100
        assertThat(GpuSupport.verdict(8, 0)).isEqualTo(GpuSupport.Verdict.NATIVE);   // A100
        assertThat(GpuSupport.verdict(8, 6)).isEqualTo(GpuSupport.Verdict.NATIVE);   // RTX 30
        assertThat(GpuSupport.verdict(8, 9)).isEqualTo(GpuSupport.Verdict.BINARY_COMPATIBLE); // L4, RTX 40
        assertThat(GpuSupport.verdict(9, 0)).isEqualTo(GpuSupport.Verdict.UNSUPPORTED); // H100
        assertThat(GpuSupport.verdict(10, 0)).isEqualTo(GpuSupport.Verdict.UNSUPPORTED); // Blackwell
    }

    @Test
    void parsesNvidiaSmiAndExplainsHopperInAPlainSentence() {
        List<GpuInfo> gpus = GpuSupport.parseNvidiaSmi("NVIDIA H100 80GB HBM3, 9.0, 81559\nNVIDIA A100-SXM4-40GB, 8.0, 40960\n");
        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(0).memoryBytes()).isEqualTo(81559L * 1024 * 1024);
        List<String> lines = GpuSupport.explain(gpus, false, NO_DRIVER);
        assertThat(lines.get(0)).contains("H100").contains("9.0").contains("no code").contains("ND4J (training, gradients) uses the CPU")
                .contains("CUDA 13 path: this GPU supports it, but it is unusable here: no NVIDIA driver");
        assertThat(lines.get(1)).contains("A100").contains("-Pcuda").contains("CUDA 13 path: this GPU supports it");
        assertThat(GpuSupport.explain(gpus.subList(1, 2), true, NO_DRIVER).get(0)).contains("natively");
    }

    private static final CudaStatus NO_DRIVER = CudaStatus.unusable(0, 0, java.util.Map.of(),
            "no NVIDIA driver: libcuda.so.1 was not found");

    @Test
    void everyGpuGetsBothPathsNamed() {
        CudaDevice h200 = new CudaDevice(0, "NVIDIA H200", 9, 0, 150L << 30, 140L << 30);
        CudaStatus usable = new CudaStatus(13000, 13000, java.util.Map.of(), List.of(h200), null);
        List<GpuInfo> gpus = List.of(new GpuInfo("NVIDIA H200", 9, 0, 1), new GpuInfo("NVIDIA B200", 10, 0, 1),
                new GpuInfo("NVIDIA RTX PRO 6000", 12, 0, 1), new GpuInfo("NVIDIA L4", 8, 9, 1),
                new GpuInfo("Tesla T4", 7, 5, 1), new GpuInfo("Tesla V100", 7, 0, 1), new GpuInfo("Tesla K80", 3, 7, 1));
        List<String> lines = GpuSupport.explain(gpus, false, usable);
        for (int i = 0; i < 5; i++) {
            assertThat(lines.get(i)).contains("CUDA 13 path: yes");
        }
        assertThat(lines.subList(0, 3)).allMatch(l -> l.contains("no code for compute capability 9.0 and above"));
        assertThat(lines.get(3)).contains("binary compatibility");
        assertThat(lines.get(4)).contains("supports it natively");
        assertThat(lines.get(5)).contains("supports it natively").contains("CUDA 13 path: no (CUDA 13 needs compute capability 7.5");
        assertThat(lines.get(6)).contains("supports it natively").contains("CUDA 13 path: no");
    }

    @Test
    void ignoresLinesThatAreNotDevices() {
        assertThat(GpuSupport.parseNvidiaSmi("No devices were found\n[N/A], [N/A], [N/A]\n")).isEmpty();
    }
}
