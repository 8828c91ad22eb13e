package org.sgdvi.core.trajectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Crash safety for real: a child JVM appends snapshots in a loop and is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at seeded random moments (after it acknowledged a random
 * number of appends, while it keeps appending); each reopening must yield exactly the
 * deterministic prefix, including every acknowledged snapshot, and resuming must neither
 * duplicate nor skip a row.
 */
class TrajectoryStoreCrashTest {

    private static final int D = 1000;
    private static final int K = 7;
    private static final int LIMIT = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesAnExactPrefixAndResumesWithoutGapsOrDuplicates() throws Exception {
        Path folder = dir.resolve("store");
        SplittableRandom random = new SplittableRandom(20180117L);
        int stored = 0;
        for (int round = 0; round < 3; round++) {
            int acknowledged = runChildUntilKilled(folder, stored + 2 + random.nextInt(3 * K), round);
            try (TrajectoryStore store = TrajectoryStore.openForAppend(folder)) {
                assertThat(store.size()).as("round %d: every acknowledged append survives", round)
                        .isGreaterThanOrEqualTo(acknowledged + 1);
                assertExactPrefix(store);
                if (round == 1) {
                    store.truncateTo(store.size() - 1 - random.nextInt(Math.min(store.size(), 2 * K)));
                    assertExactPrefix(store);
                }
                stored = store.size();
            }
        }
        try (TrajectoryStore store = TrajectoryStore.openForAppend(folder)) {
            int start = store.resumePoint();
            for (int k = start; k < start + 2 * K + 3; k++) {
                store.append(TrajectoryTestData.snapshot(k, D), TrajectoryTestData.scalars(k));
            }
            assertExactPrefix(store);
        }
        try (TrajectoryStore store = TrajectoryStore.openReadOnly(folder)) {
            assertExactPrefix(store);
            assertThat(store.size()).isGreaterThan(stored);
        }
    }

    /** Starts the child, waits until it acknowledged snapshot {@code target}, kills it; returns the last acknowledged index. */
    private int runChildUntilKilled(Path folder, int target, int round) throws IOException, InterruptedException {
        return KilledChild.runUntil(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                TrajectoryStoreCrashChild.class, List.of(folder.toString(), Integer.toString(D), Integer.toString(K),
                        Integer.toString(LIMIT)), target, dir.resolve("child-" + round + ".err"), "snapshot");
    }

    private static void assertExactPrefix(TrajectoryStore store) throws IOException {
        int n = store.size();
        store.forEach(0, n, (index, weights, scalars) -> {
            if (!Arrays.equals(weights, TrajectoryTestData.snapshot(index, D))
                    || !Arrays.equals(scalars, TrajectoryTestData.scalars(index))) {
                fail("row " + index + " of " + n + " holds " + weights[0] + ", " + Arrays.toString(scalars)
                        + " instead of snapshot " + index + " (torn row, gap or duplicate)");
            }
        });
    }
}
