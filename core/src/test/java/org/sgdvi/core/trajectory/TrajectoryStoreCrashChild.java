package org.sgdvi.core.trajectory;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link TrajectoryStoreCrashTest}: opens (or creates) the store given as
 * first argument and appends the deterministic snapshots {@link TrajectoryTestData#snapshot}
 * from its resume point on, printing each index after its append returned, until the parent
 * kills it (or the limit in the fourth argument is reached).
 */
public final class TrajectoryStoreCrashChild {

    private TrajectoryStoreCrashChild() {
    }

    /** Arguments: folder, dimension, chunk size, limit. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int d = Integer.parseInt(args[1]);
        int chunk = Integer.parseInt(args[2]);
        int limit = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        try (TrajectoryStore store = TrajectoryStore.openOrCreate(folder,
                new StoreLayout(d, chunk, StoreLayout.DEFAULT_SCALAR_COLUMNS))) {
            for (int k = store.resumePoint(); k < limit; k++) {
                store.append(TrajectoryTestData.snapshot(k, d), TrajectoryTestData.scalars(k));
                out.println(k);
                out.flush();
            }
        }
    }
}
