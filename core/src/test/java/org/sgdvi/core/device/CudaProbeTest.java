package org.sgdvi.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA 13 library search and the real probe on a machine without the path. */
class CudaProbeTest {

    @Test
    void findsLibrariesWithTheVersionOfTheFileTheSonameLinksTo(@TempDir Path dir) throws Exception {
        Path pip = Files.createDirectories(dir.resolve("nvidia/cu13/lib"));
        Files.createFile(pip.resolve("libcublas.so.13.1.0.3"));
        Files.createSymbolicLink(pip.resolve("libcublas.so.13"), pip.resolve("libcublas.so.13.1.0.3"));
        Files.createFile(pip.resolve("libcudart.so.13"));
        Map<String, String> found = CudaProbe.findLibraries(List.of(dir.resolve("absent"), pip));
        assertThat(found).containsEntry("libcublas.so.13", "13.1.0.3 in " + pip).containsEntry("libcudart.so.13", "13 in " + pip)
                .containsEntry("libcuda.so.1", "not found");
        assertThat(CudaProbe.missing(found)).contains("libcuda.so.1", "libcusolver.so.12").doesNotContain("libcublas.so.13");
    }

    @Test
    void onAMachineWithoutTheCudaPathTheProbeSaysWhyInOneSentence() {
        CudaStatus s = CudaProbe.system().probe();
        assumeFalse(s.usable(), "this machine has a usable CUDA 13 GPU; the absence path is covered by FakeCuda");
        assertThat(s.problem()).isNotBlank().doesNotContain("\n");
        assertThat(s.devices().stream().noneMatch(CudaDevice::cuda13Capable) || s.driverVersion() < 13000
                || !CudaProbe.missing(s.libraries()).isEmpty() || s.runtimeVersion() < 13000).isTrue();
    }

    @Test
    void cuda13NeedsTuringOrNewer() {
        assertThat(new CudaDevice(0, "Tesla V100", 7, 0, 1, 1).cuda13Capable()).isFalse();
        assertThat(new CudaDevice(0, "T4", 7, 5, 1, 1).cuda13Capable()).isTrue();
        assertThat(new CudaDevice(0, "B200", 10, 0, 1, 1).cuda13Capable()).isTrue();
        assertThat(CudaStatus.version(13010)).isEqualTo("13.1");
        assertThat(CudaStatus.version(0)).isEqualTo("none");
    }
}
