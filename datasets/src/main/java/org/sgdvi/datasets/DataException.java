package org.sgdvi.datasets;

/**
 * Base class of every failure of the data layer that is not a plain I/O error: a malformed
 * file, a missing data set, a checksum mismatch. Unchecked so that callers such as the CLI can
 * report the message as one sentence; the message always names the file or data set concerned.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming the file or data set and what went wrong */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message one sentence naming the file or data set and what went wrong
     * @param cause   the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
