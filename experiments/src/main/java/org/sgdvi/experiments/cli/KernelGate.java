package org.sgdvi.experiments.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sgdvi.core.kernels.KernelReport;
import org.sgdvi.core.kernels.KernelSelfTest;
import org.sgdvi.core.kernels.LinearAlgebraKernels;

/**
 * The quick kernel self-check every command runs before its work ({@link KernelSelfTest.Scope#QUICK}),
 * once per process and kernel implementation: a command refuses to start when the BLAS/LAPACK
 * routines under it give wrong numbers on this machine.
 */
final class KernelGate {

    private static final Map<LinearAlgebraKernels, KernelReport> DONE = new ConcurrentHashMap<>();

    private final LinearAlgebraKernels kernels;

    KernelGate(LinearAlgebraKernels kernels) {
        this.kernels = kernels;
    }

    /** The routines the toolkit really calls. */
    static KernelGate standard() {
        return new KernelGate(LinearAlgebraKernels.nd4j());
    }

    /** The kernels this gate checks. */
    LinearAlgebraKernels kernels() {
        return kernels;
    }

    /** The quick self-check's report, computed on first use in this process. */
    KernelReport quickReport() {
        return DONE.computeIfAbsent(kernels, k -> KernelSelfTest.run(k, KernelSelfTest.Scope.QUICK));
    }

    /** The report of the last quick self-check of the real routines in this process, or null. */
    static KernelReport lastStandardReport() {
        return DONE.get(LinearAlgebraKernels.nd4j());
    }
}
