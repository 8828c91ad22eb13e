package org.sgdvi.core.kernels;

import java.util.List;

/**
 * The outcome of a {@link KernelSelfTest}: the library and kernel set it ran on, every check, and
 * what to do when one failed.
 *
 * @param build the OpenBLAS library in use
 * @param scope how much was tested
 * @param checks every check made
 * @param seconds wall time of the checks themselves (after OpenBLAS and ND4J have loaded)
 */
public record KernelReport(OpenBlasBuild build, KernelSelfTest.Scope scope, List<KernelCheck> checks, double seconds) {

    static final String CORE_PREFIX = "openblas core: ";
    static final String VERSION_PREFIX = "openblas version: ";
    static final String FAILURE_PREFIX = "failed: ";
    static final String VERDICT_PREFIX = "verdict: ";

    public KernelReport {
        checks = List.copyOf(checks);
    }

    /** Whether every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(KernelCheck::passed);
    }

    /** The checks that failed, in the order they ran. */
    public List<KernelCheck> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The largest value / tolerance over the checks with a nonzero tolerance (below 1 when all pass). */
    public double worstRatio() {
        double worst = 0;
        for (KernelCheck c : checks) {
            if (c.tolerance() > 0) {
                worst = Math.max(worst, Double.isFinite(c.value()) ? c.value() / c.tolerance() : Double.POSITIVE_INFINITY);
            }
        }
        return worst;
    }

    /** Routines that failed, e.g. {@code [dsyev('V')]}. */
    public List<String> failedRoutines() {
        return failures().stream().map(KernelCheck::routine).distinct().toList();
    }

    /**
     * One sentence for a failed self-test: which routine failed, by how much, and what to do. The
     * advice names a kernel set to force with {@code OPENBLAS_CORETYPE}: Haswell on an AVX2 CPU whose
     * own choice failed, else an older set.
     */
    public String refusal() {
        KernelCheck first = failures().isEmpty() ? null : failures().get(0);
        String what = first == null ? "no check failed" : first.toString();
        String core = build.coreName();
        String instead = "haswell".equalsIgnoreCase(core) ? "Sandybridge" : "Haswell";
        String kernels = "unknown".equals(core) ? "the kernels it chose for this CPU" : "its " + core + " kernels";
        return "OpenBLAS " + build.version() + " with " + kernels + " failed the numerical self-check ("
                + failures().size() + " of " + checks.size() + " checks, routines " + String.join(", ", failedRoutines())
                + "; first: " + what + "), so results computed here would be wrong; rerun with OPENBLAS_CORETYPE="
                + instead + " (or another kernel set that `sgdvi doctor --core-types` shows passing) and check again with "
                + "`sgdvi doctor`.";
    }
}
