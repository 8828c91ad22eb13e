package org.sgdvi.experiments.run;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --out RUN_DIR} and {@code --resume}: the run folder a training command writes, and whether to continue the
 * run already in it from its last checkpoint ({@code spectrum}, {@code trajectory}). A command whose resume takes more
 * from the folder says so in its resource bundle (picocli {@code descriptionKey}: resume).
 */
public final class ResumableRunArgs {

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder.")
    public Path out;

    @Option(names = "--resume", descriptionKey = "resume", description = "Continue the run in --out from its last checkpoint.")
    public boolean resume;
}
