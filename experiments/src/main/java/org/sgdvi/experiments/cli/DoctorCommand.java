package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.env.BackendInfo;
import org.sgdvi.experiments.env.GpuInfo;
import org.sgdvi.experiments.env.GpuSupport;
import org.sgdvi.experiments.env.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sgdvi doctor}: the backend in use, BLAS, threads, memory limits and GPUs, with a plain
 * sentence when a GPU is present that ND4J's CUDA 11.6 build cannot use.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Print the ND4J backend, BLAS, threads, memory limits and GPU support.")
public final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
        List<GpuInfo> driverGpus = info.cuda() ? info.devices() : GpuSupport.probeDriver();
        if (driverGpus.isEmpty() && !info.cuda()) {
            out.println("GPU:            none found; the CPU backend is used.");
        }
        for (String line : GpuSupport.explain(driverGpus, info.cuda())) {
            out.println("note:           " + line);
        }
        out.flush();
        return 0;
    }

    static String bytes(long b) {
        if (b <= 0) {
            return "unlimited";
        }
        return String.format("%.1f GiB", b / (1024.0 * 1024 * 1024));
    }
}
