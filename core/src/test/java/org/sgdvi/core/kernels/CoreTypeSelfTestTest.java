package org.sgdvi.core.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * CI beyond its own CPU: the full kernel self-check once for every OpenBLAS kernel set this CPU can
 * execute, each in a child JVM with {@code OPENBLAS_CORETYPE} forced, so that a kernel bug of one
 * CPU type (OpenBLAS 0.3.19's SkylakeX dsyev) cannot hide behind whichever CPU CI gets. Kernel sets
 * the CPU lacks instructions for are skipped with the missing flags as the reason.
 */
class CoreTypeSelfTestTest {

    private static final Set<String> FLAGS = CoreType.cpuFlags();

    @TestFactory
    Stream<DynamicTest> fullSelfCheckPassesOnEveryKernelSetThisCpuExecutes() {
        return Arrays.stream(CoreType.values()).map(type -> DynamicTest.dynamicTest(
                "OPENBLAS_CORETYPE=" + type.openblasName(), () -> {
                    List<String> missing = type.missingOn(FLAGS);
                    Assumptions.assumeTrue(!FLAGS.isEmpty(), "no /proc/cpuinfo flags on this machine");
                    Assumptions.assumeTrue(missing.isEmpty(), () -> "this CPU cannot execute the "
                            + type.openblasName() + " kernels: it lacks " + String.join(", ", missing));
                    CoreType.ChildResult r = type.selfTest(KernelSelfTest.Scope.FULL, 600);
                    assertThat(r.forced()).as("OpenBLAS used %s when asked for %s; output %s", r.coreInUse(),
                            type.openblasName(), r.output()).isTrue();
                    assertThat(r.failures()).as("failed checks").isEmpty();
                    assertThat(r.passed()).as("exit %d, output %s", r.exitCode(), r.output()).isTrue();
                }));
    }

    @Test
    void missingFlagsAreNamed() {
        assertThat(CoreType.SKYLAKEX.missingOn(Set.of("avx2", "fma", "avx512f")))
                .containsExactly("avx512cd", "avx512bw", "avx512dq", "avx512vl");
        assertThat(CoreType.HASWELL.missingOn(Set.of("avx2", "fma", "sse4_2"))).isEmpty();
    }
}
