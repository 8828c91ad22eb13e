package org.sgdvi.core.trajectory;

import java.io.PrintStream;
import java.nio.file.Path;
import org.sgdvi.core.train.EpochFitter;

/**
 * Child process of {@link TrajectoryRecorderTest}: trains (or resumes) the {@link RecordingRun} in
 * the folder given as first argument up to the epoch count in the second, printing each epoch's
 * number after it was recorded and before its checkpoint is written, until the parent kills it.
 */
public final class TrajectoryRecorderCrashChild {

    private TrajectoryRecorderCrashChild() {
    }

    /** Arguments: run folder, epochs. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        RecordingRun.train(Path.of(args[0]), Integer.parseInt(args[1]), 1, EpochFitter.dl4j(), m -> {
            out.println(m.epoch());
            out.flush();
        });
    }
}
