package org.sgdvi.core.device;

/**
 * The shape of a pass of block products (V and Y are d x b), shared by both algebras.
 *
 * @param d the rows of V and Y
 * @param b the block's columns
 */
record BlockShape(int d, int b) {

    BlockShape {
        if (d < 1 || b < 1) {
            throw new IllegalArgumentException("block of d = " + d + ", b = " + b + "; expected both at least 1");
        }
    }

    /** {@code shape}, or an error when no pass of block products was begun. */
    static BlockShape require(BlockShape shape) {
        if (shape == null) {
            throw new IllegalStateException("no block pass; expected beginBlock(V, d, b) first");
        }
        return shape;
    }
}
