package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.sgdvi.core.device.CudaDevice;
import org.sgdvi.core.device.CudaProbe;
import org.sgdvi.core.device.CudaStatus;
import org.sgdvi.core.kernels.CoreType;
import org.sgdvi.core.kernels.KernelCheck;
import org.sgdvi.core.kernels.KernelReport;
import org.sgdvi.core.kernels.KernelSelfTest;
import org.sgdvi.core.kernels.OpenBlasBuild;
import org.sgdvi.experiments.env.BackendInfo;
import org.sgdvi.experiments.env.GpuInfo;
import org.sgdvi.experiments.env.GpuSupport;
import org.sgdvi.experiments.env.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sgdvi doctor}: the backend in use, BLAS, threads, memory limits and GPUs, with a plain
 * sentence per GPU saying which path it gets (ND4J's CUDA 11.6 backend for compute capability 3.7 to
 * 8.9, the CUDA 13 path for D(x) on 7.5 and above), the NVIDIA driver, the CUDA 13 libraries found
 * with their versions and why the CUDA 13 path is unusable when it is; the OpenBLAS version and
 * kernel set, and the full numerical self-check of every BLAS/LAPACK routine the toolkit calls
 * ({@link KernelSelfTest}). Exit status 1 when the self-check of the kernels in use fails.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Print the ND4J backend, BLAS, threads, memory limits and GPU support, and run the numerical "
                + "self-check of every BLAS/LAPACK routine the toolkit calls (exit 1 when it fails)."})
public final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--quick", description = "Run the quick self-check (sizes 7, 130, 131) that every "
            + "command runs, instead of the full one (sizes 7 to 1,500).")
    boolean quick;

    @CommandLine.Option(names = "--core-types", description = "Also run the self-check once for every OpenBLAS kernel "
            + "set (OPENBLAS_CORETYPE) this CPU can execute, each in a child JVM; the exit status still reflects only "
            + "the kernels in use.")
    boolean coreTypes;

    private final KernelGate gate;
    private final CudaProbe cuda13;
    private final Supplier<List<GpuInfo>> driverGpus;
    private final Supplier<String> driverVersion;

    /** The doctor of the real routines. */
    public DoctorCommand() {
        this(KernelGate.standard());
    }

    DoctorCommand(KernelGate gate) {
        this(gate, CudaProbe.system(), GpuSupport::probeDriver, GpuSupport::probeDriverVersion);
    }

    /**
     * @param gate the kernels to check
     * @param cuda13 finds the CUDA 13 path
     * @param driverGpus the GPUs nvidia-smi lists
     * @param driverVersion the driver version nvidia-smi reports, or null
     */
    DoctorCommand(KernelGate gate, CudaProbe cuda13, Supplier<List<GpuInfo>> driverGpus, Supplier<String> driverVersion) {
        this.gate = gate;
        this.cuda13 = cuda13;
        this.driverGpus = driverGpus;
        this.driverVersion = driverVersion;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BackendInfo info = BackendInfo.current();
        out.printf("sgdvi %s, DL4J %s, Java %s (%s)%n", Versions.toolkit(), Versions.dl4j(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        out.printf("backend:        %s%n", info.backend());
        out.printf("BLAS vendor:    %s%n", info.blasVendor());
        out.printf("threads:        OMP %d, BLAS %d (%d cores)%n", info.ompThreads(), info.blasThreads(),
                Runtime.getRuntime().availableProcessors());
        out.printf("JVM heap max:   %s%n", bytes(info.heapMaxBytes()));
        out.printf("off-heap max:   %s (javacpp maxbytes), physical max %s (maxphysicalbytes)%n",
                bytes(info.offHeapMaxBytes()), bytes(info.physicalMaxBytes()));
        for (GpuInfo g : info.devices()) {
            out.printf("GPU:            %s, compute capability %s, %s%n", g.name(), g.computeCapability(),
                    bytes(g.memoryBytes()));
        }
        List<GpuInfo> gpus = info.cuda() ? info.devices() : driverGpus.get();
        CudaStatus cuda = cuda13.probe();
        if (gpus.isEmpty()) {
            gpus = cuda.devices().stream().map(g -> new GpuInfo(g.name(), g.major(), g.minor(), g.totalBytes())).toList();
        }
        if (gpus.isEmpty() && !info.cuda()) {
            out.println("GPU:            none found; the CPU backend is used.");
        }
        cuda13(out, cuda);
        for (String line : GpuSupport.explain(gpus, info.cuda(), cuda)) {
            out.println("note:           " + line);
        }
        boolean passed = kernelCheck(out);
        if (coreTypes) {
            coreTypes(out);
        }
        out.flush();
        return passed ? 0 : 1;
    }

    /** The CUDA 13 path: the driver, the libraries found with their versions, and whether it is usable. */
    private void cuda13(PrintWriter out, CudaStatus cuda) {
        String version = driverVersion.get();
        out.printf("NVIDIA driver:  %s%s%n", version == null ? "none found (nvidia-smi did not answer)" : version,
                cuda.driverVersion() > 0 ? ", supports CUDA " + CudaStatus.version(cuda.driverVersion()) : "");
        CudaDevice gpu = cuda.usable() ? cuda.firstCapable() : null;
        out.printf("CUDA 13:        %s%n", gpu != null
                ? "usable on " + gpu.describe() + " (runtime " + CudaStatus.version(cuda.runtimeVersion())
                + "): D(x) and its eigenvalues with --device auto or cuda"
                : "unusable: " + cuda.problem() + "; D(x) and its eigenvalues use the CPU");
        cuda.libraries().forEach((lib, where) -> out.printf("CUDA library:   %-20s %s%n", lib, where));
    }

    private boolean kernelCheck(PrintWriter out) {
        OpenBlasBuild build = OpenBlasBuild.current();
        String forced = System.getenv("OPENBLAS_CORETYPE");
        out.printf("OpenBLAS:       %s, kernels %s%s%n", build.version(), build.coreName(),
                forced == null ? " (chosen by OpenBLAS for this CPU)" : " (OPENBLAS_CORETYPE=" + forced + ")");
        out.printf("OpenBLAS build: %s%n", build.config());
        if (!build.atLeast(0, 3, 21)) {
            out.println("note:           OpenBLAS before 0.3.21 has AVX-512 kernels that return wrong dsyev eigenvectors "
                    + "for n >= 130; this build of the toolkit ships 0.3.31.");
        }
        out.flush();
        KernelSelfTest.Scope scope = quick ? KernelSelfTest.Scope.QUICK : KernelSelfTest.Scope.FULL;
        KernelReport report = scope == KernelSelfTest.Scope.QUICK ? gate.quickReport() : KernelSelfTest.run(gate.kernels(), scope);
        out.printf("kernel check:   %s: %d checks of gemm, syrk, syev('N'), syev('V') and geqrf in float and double, "
                        + "n = 7 to %d; worst value/tolerance %.3g (%.1f s)%n",
                report.passed() ? "PASS" : "FAIL", report.checks().size(),
                report.checks().stream().mapToInt(KernelCheck::n).max().orElse(0), report.worstRatio(), report.seconds());
        if (!report.passed()) {
            List<KernelCheck> failures = report.failures();
            for (KernelCheck c : failures.subList(0, Math.min(10, failures.size()))) {
                out.println("failed:         " + c);
            }
            if (failures.size() > 10) {
                out.printf("failed:         ... and %d more%n", failures.size() - 10);
            }
            out.println("advice:         " + report.refusal());
        }
        return report.passed();
    }

    private void coreTypes(PrintWriter out) {
        Set<String> flags = CoreType.cpuFlags();
        KernelSelfTest.Scope scope = quick ? KernelSelfTest.Scope.QUICK : KernelSelfTest.Scope.FULL;
        for (CoreType type : CoreType.values()) {
            List<String> missing = type.missingOn(flags);
            if (!missing.isEmpty()) {
                out.printf("core type:      %-15s skipped: this CPU lacks %s%n", type.openblasName(), String.join(", ", missing));
                out.flush();
                continue;
            }
            CoreType.ChildResult r = type.selfTest(scope, 600);
            String verdict = !r.forced() ? "NOT APPLIED (OpenBLAS used " + r.coreInUse() + ")"
                    : r.passed() ? "PASS" : "FAIL (" + r.failures().size() + " checks failed; first: "
                    + (r.failures().isEmpty() ? "exit status " + r.exitCode() : r.failures().get(0)) + ")";
            out.printf("core type:      %-15s %s%n", type.openblasName(), verdict);
            out.flush();
        }
    }

    static String bytes(long b) {
        if (b <= 0) {
            return "unlimited";
        }
        return String.format("%.1f GiB", b / (1024.0 * 1024 * 1024));
    }
}
