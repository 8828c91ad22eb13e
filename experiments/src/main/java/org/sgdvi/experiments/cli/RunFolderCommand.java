package org.sgdvi.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sgdvi.experiments.run.RunFolder;

/**
 * A command that writes a run folder: {@link #openRunFolder} creates and locks it, and it is released
 * (and removed again if the command created it and left it empty) when the command ends, however it
 * ends, so a failed or refused command leaves neither a lock held nor an empty folder.
 */
abstract class RunFolderCommand implements Callable<Integer> {

    private RunFolder outFolder;

    @Override
    public final Integer call() throws Exception {
        try {
            return work();
        } finally {
            if (outFolder != null) {
                outFolder.close();
                outFolder = null;
            }
        }
    }

    /** The command's work; it opens its folder with {@link #openRunFolder}. */
    protected abstract Integer work() throws Exception;

    /** Creates (if needed) and locks the run folder {@code dir} for the rest of the command. */
    protected RunFolder openRunFolder(Path dir) {
        outFolder = RunFolder.create(dir);
        return outFolder;
    }
}
