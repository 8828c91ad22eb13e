package org.sgdvi.datasets.fetch;

import org.sgdvi.datasets.DataException;

/**
 * A file's digest differs from the published value. The file was not used; if the toolkit
 * downloaded it, the download was discarded; files the user placed were left untouched.
 */
public class ChecksumMismatchException extends DataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file     the file or URL checked
     * @param digest   the expected digest
     * @param actual   the digest found
     * @param action   what happened to the file, e.g. "the download was discarded"
     */
    public ChecksumMismatchException(String file, ExpectedDigest digest, byte[] actual, String action) {
        super(file + ": " + digest.algorithm() + " checksum: expected " + digest.display() + ", found "
                + digest.format(actual) + "; " + action);
    }
}
