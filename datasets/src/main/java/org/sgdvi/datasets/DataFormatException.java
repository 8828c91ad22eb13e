package org.sgdvi.datasets;

/**
 * A data file does not have the layout its format requires (truncated, wrong magic number,
 * inconsistent counts or dimensions, out-of-range labels). The message names the file, the
 * field and what was expected; the reader that throws it has not returned any partial data.
 */
public class DataFormatException extends DataException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;

    /**
     * @param file     the file (or archive entry) being read
     * @param field    the field of the format that is wrong, e.g. "magic number"
     * @param expected what the format requires
     * @param found    what the file holds
     */
    public DataFormatException(String file, String field, String expected, String found) {
        super(file + ": " + field + ": expected " + expected + ", found " + found);
        this.file = file;
        this.field = field;
    }

    /** @return the file (or archive entry) that is malformed */
    public String file() {
        return file;
    }

    /** @return the format field that is wrong */
    public String field() {
        return field;
    }
}
