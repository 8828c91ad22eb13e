package org.sgdvi.core.check;

import java.util.List;

/**
 * A numerical result failed its own self-check (see {@link Checks}). Not an
 * {@link IllegalArgumentException}: the command line maps it to exit code 1. The message is one
 * sentence naming the result and the failed checks with their values and tolerances.
 */
public final class CheckFailedException extends RuntimeException {

    private final transient List<Check> failed;

    /**
     * @param what   the result that failed, e.g. "the linearization"
     * @param failed the failed checks (at least one)
     * @param where  where the record of the failure was written (e.g. a results.json path), or null
     */
    public CheckFailedException(String what, List<Check> failed, String where) {
        super(message(what, failed, where));
        this.failed = List.copyOf(failed);
    }

    /** The failed checks. */
    public List<Check> failed() {
        return failed;
    }

    private static String message(String what, List<Check> failed, String where) {
        StringBuilder s = new StringBuilder(what).append(" failed its self-check (");
        for (int i = 0; i < failed.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(failed.get(i));
        }
        s.append("), so it is not reported");
        if (where != null) {
            s.append("; ").append(where).append(" records \"valid\": false");
        }
        return s.toString();
    }
}
