package org.sgdvi.core.diffusion;

/** Thrown before an allocation that a {@link MemoryEstimate} shows cannot fit. */
public final class InsufficientMemoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message what would not fit, how much was free, and what to do instead */
    public InsufficientMemoryException(String message) {
        super(message);
    }
}
