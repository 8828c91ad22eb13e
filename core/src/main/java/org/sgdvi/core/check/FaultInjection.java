package org.sgdvi.core.check;

import java.util.Arrays;

/**
 * Deliberate corruption of a computed result, for the tests that prove each self-check of
 * {@link Checks} catches a wrong result end to end (command exit code, results.json, printed output).
 * Off unless the JVM system property {@value #PROPERTY} lists the fault's name (comma-separated);
 * nothing in the toolkit sets it.
 */
public final class FaultInjection {

    /** The system property naming the active faults. */
    public static final String PROPERTY = "sgdvi.faultInjection";

    private FaultInjection() {
    }

    /** Whether the fault {@code name} is switched on. */
    public static boolean active(String name) {
        String v = System.getProperty(PROPERTY);
        return v != null && Arrays.asList(v.split(",")).contains(name);
    }
}
