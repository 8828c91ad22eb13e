package org.sgdvi.core.dynamics;

/**
 * A uniform square grid of {@code cells x cells} cells on [min, max]^2. Cell (i1, i2) covers
 * [edge(i1), edge(i1 + 1)] x [edge(i2), edge(i2 + 1)] and has flat index {@code i1 * cells + i2}
 * (x1 is the slow index).
 */
public record Grid2D(double min, double max, int cells) {

    public Grid2D {
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("Grid2D: expected finite min < max, got [" + min + ", " + max + "]");
        }
        if (cells < 1) {
            throw new IllegalArgumentException("Grid2D: cells must be >= 1, got " + cells);
        }
    }

    /** Cell width h = (max - min) / cells. */
    public double width() {
        return (max - min) / cells;
    }

    /** Left edge of cell i (i = cells gives max). */
    public double edge(int i) {
        return i == cells ? max : min + i * width();
    }

    /** Centre of cell i. */
    public double center(int i) {
        return min + (i + 0.5) * width();
    }

    /** Total number of cells, cells^2. */
    public int size() {
        return cells * cells;
    }

    /** Flat index of cell (i1, i2). */
    public int index(int i1, int i2) {
        return i1 * cells + i2;
    }

    /** Cell index (0..cells-1) of coordinate v along one axis, or -1 when v is outside [min, max). */
    public int cellOf(double v) {
        if (!(v >= min) || !(v < max)) {
            return -1;
        }
        int i = (int) ((v - min) / width());
        return Math.min(i, cells - 1);
    }
}
