package org.sgdvi.core.kernels;

import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * The OpenBLAS library loaded in this process, read from the library itself
 * ({@code openblas_get_config}, {@code openblas_get_corename}).
 *
 * @param version the version number, e.g. {@code 0.3.31}, or {@code unknown}
 * @param coreName the kernel set in use, e.g. {@code Haswell} or {@code SkylakeX}
 * @param config the library's own configuration line
 */
public record OpenBlasBuild(String version, String coreName, String config) {

    private static final Pattern VERSION = Pattern.compile("OpenBLAS\\s+(\\d+\\.\\d+\\.\\d+)");

    /** JavaCPP's OpenBLAS classes that have carried the two functions (1.5.13: openblas_full; 1.5.7: openblas_nolapack). */
    private static final String[] HOLDERS = {
        "org.bytedeco.openblas.global.openblas_full",
        "org.bytedeco.openblas.global.openblas_nolapack",
        "org.bytedeco.openblas.global.openblas"
    };

    /** Reads the loaded library (loads it if needed). */
    public static OpenBlasBuild current() {
        for (String holder : HOLDERS) {
            try {
                Class<?> c = Class.forName(holder);
                Method config = c.getMethod("openblas_get_config");
                Method core = c.getMethod("openblas_get_corename");
                Loader.load(c);
                String cfg = string(config.invoke(null));
                Matcher m = VERSION.matcher(cfg);
                return new OpenBlasBuild(m.find() ? m.group(1) : "unknown", string(core.invoke(null)), cfg);
            } catch (ReflectiveOperationException | LinkageError e) {
                // not in this JavaCPP version: try the next class
            }
        }
        // older JavaCPP builds expose only the version the bindings were compiled for
        for (String holder : HOLDERS) {
            try {
                Class<?> c = Class.forName(holder);
                Loader.load(c);
                String compiled = String.valueOf(c.getField("OPENBLAS_VERSION").get(null)).trim();
                Matcher m = VERSION.matcher(compiled);
                return new OpenBlasBuild(m.find() ? m.group(1) : "unknown", "unknown", compiled
                        + " (this JavaCPP build has no openblas_get_config)");
            } catch (ReflectiveOperationException | LinkageError e) {
                // try the next class
            }
        }
        throw new IllegalStateException("OpenBLAS is not on the class path (none of " + String.join(", ", HOLDERS)
                + " loads)");
    }

    /** Whether the version is at least {@code major.minor.patch}. */
    public boolean atLeast(int major, int minor, int patch) {
        String[] p = version.split("\\.");
        if (p.length != 3) {
            return false;
        }
        int[] v = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
        int[] w = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            if (v[i] != w[i]) {
                return v[i] > w[i];
            }
        }
        return true;
    }

    private static String string(Object p) {
        return p instanceof BytePointer b && !b.isNull() ? b.getString().trim() : "unknown";
    }
}
