package org.sgdvi.experiments.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        List<String> lines = GpuSupport.explain(gpus, false);
        assertThat(lines.get(0)).contains("H100").contains("9.0").contains("no code").contains("CPU is used");
        assertThat(lines.get(1)).contains("A100").contains("-Pcuda");
        assertThat(GpuSupport.explain(gpus.subList(1, 2), true).get(0)).contains("natively");
    }

    @Test
    void ignoresLinesThatAreNotDevices() {
        assertThat(GpuSupport.parseNvidiaSmi("No devices were found\n[N/A], [N/A], [N/A]\n")).isEmpty();
    }
}
