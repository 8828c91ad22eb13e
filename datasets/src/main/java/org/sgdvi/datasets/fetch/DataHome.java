package org.sgdvi.datasets.fetch;

import java.nio.file.Path;
import java.util.Map;

/**
 * The folder where data sets live: the {@code --data-dir} value if given, else the
 * environment variable {@code SGDVI_DATA}, else {@code ~/.sgdvi/data}.
 */
public final class DataHome {
    /** Environment variable naming the data home. */
    public static final String ENV = "SGDVI_DATA";

    private DataHome() {
    }

    /**
     * @param dataDir the {@code --data-dir} option, or null
     * @return the data home for this process's environment and user
     */
    public static Path resolve(Path dataDir) {
        return resolve(dataDir, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param dataDir  the {@code --data-dir} option, or null
     * @param env      environment variables
     * @param userHome the user's home folder
     * @return the data home (absolute)
     */
    public static Path resolve(Path dataDir, Map<String, String> env, Path userHome) {
        if (dataDir != null) {
            return dataDir.toAbsolutePath();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        return userHome.resolve(".sgdvi").resolve("data").toAbsolutePath();
    }
}
