package org.sgdvi.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

    @Test
    void doctorReportsTheCpuBackendAndExitsZero() {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("doctor");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("backend:").contains("CpuBackend").contains("BLAS vendor:")
                .contains("OMP").contains("JVM heap max:").contains("off-heap max:");
        // the full self-check: OpenBLAS 0.3.21 or newer, its kernel set, and the verdict
        assertThat(out.toString()).containsPattern("OpenBLAS:\\s+0\\.3\\.(2[1-9]|[3-9]\\d), kernels \\w+")
                .contains("kernel check:   PASS").contains("n = 7 to 1500");
    }

    @Test
    void doctorNamesTheCuda13PathAndWhyItIsUnusableHere() {
        CommandLine cl = SgdviCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("doctor", "--quick")).isZero();
        String text = out.toString();
        assertThat(text).contains("NVIDIA driver:").contains("CUDA 13:").contains("CUDA library:   libcudart.so.13");
        org.sgdvi.core.device.CudaStatus s = org.sgdvi.core.device.CudaProbe.system().probe();
        org.junit.jupiter.api.Assumptions.assumeFalse(s.usable(), "a usable CUDA 13 GPU is present");
        assertThat(text).contains("CUDA 13:        unusable: " + s.problem() + "; D(x) and its eigenvalues use the CPU");
    }

    @Test
    void doctorOnAnH200SaysEachPathWithInjectedProbes() {
        org.sgdvi.core.device.CudaDevice h200 = new org.sgdvi.core.device.CudaDevice(0, "NVIDIA H200", 9, 0, 150L << 30, 140L << 30);
        java.util.Map<String, String> libs = new java.util.LinkedHashMap<>();
        libs.put("libcudart.so.13", "13.0.96 in /site-packages/nvidia/cu13/lib");
        DoctorCommand doctor = new DoctorCommand(KernelGate.standard(),
                () -> new org.sgdvi.core.device.CudaStatus(13000, 13000, libs, java.util.List.of(h200), null),
                () -> java.util.List.of(new org.sgdvi.experiments.env.GpuInfo("NVIDIA H200", 9, 0, 150L << 30)),
                () -> "580.95.05");
        CommandLine cl = new CommandLine(doctor);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--quick")).isZero();
        assertThat(out.toString()).contains("NVIDIA driver:  580.95.05, supports CUDA 13.0")
                .contains("CUDA 13:        usable on NVIDIA H200 (GPU 0, compute capability 9.0) (runtime 13.0)")
                .contains("CUDA library:   libcudart.so.13      13.0.96 in /site-packages/nvidia/cu13/lib")
                .contains("note:           NVIDIA H200 (compute capability 9.0): ND4J's CUDA 11.6 build has no code")
                .contains("CUDA 13 path: yes");
    }

    @Test
    void unknownCommandIsBadUsage() {
        CommandLine cl = SgdviCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("no-such-command")).isEqualTo(2);
    }
}
