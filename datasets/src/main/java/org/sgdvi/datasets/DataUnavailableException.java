package org.sgdvi.datasets;

/**
 * A data set cannot be found locally and cannot (or may not) be fetched. The message says
 * where the toolkit looked and how the user can provide the data.
 */
public class DataUnavailableException extends DataException {
    private static final long serialVersionUID = 1L;

    /** @param message where the data was looked for and how to obtain it */
    public DataUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message where the data was looked for and how to obtain it
     * @param cause   the underlying failure (network, process, ...)
     */
    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
