package org.sgdvi.core.gradients;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.models.TrainableLayout;

/**
 * How the d columns of the per-example gradients g_k (the paper's eq. (2)) split into columns stored
 * as they are and blocks stored as the two factors of an outer product. A dense weight W [p, q] of
 * y = sigma(a W + b) has the per-example gradient dL_k/dW = a_k^T delta_k: rank one, so p + q numbers
 * (a_k and delta_k) hold all p q of them, and its contribution to a Gram entry is
 * g_k . g_l = (a_k . a_l)(delta_k . delta_l) (see {@link FactoredGradients}).
 *
 * @param dimension d
 * @param explicit the runs of columns stored as they are, in layout order, packed into the explicit row
 * @param blocks the blocks stored as factors, in layout order
 */
public record FactoredLayout(long dimension, List<Segment> explicit, List<Block> blocks) {

    /**
     * Columns offset .. offset + length - 1 of g_k, stored at explicitOffset .. of the explicit row.
     *
     * @param offset first column in layout order
     * @param length number of columns
     * @param explicitOffset first column in the explicit row
     */
    public record Segment(long offset, long length, long explicitOffset) {
    }

    /**
     * Columns offset .. offset + rows columns - 1 of g_k hold the C-order flattening of the [rows, columns]
     * outer product left_k^T right_k.
     *
     * @param variable the parameter (DL4J key, {@code <layer>_<param>})
     * @param offset first column in layout order
     * @param rows p, the length of the left factor (the layer's input)
     * @param columns q, the length of the right factor (the layer's pre-activation error)
     */
    public record Block(String variable, long offset, long rows, long columns) {
        /** p q, the columns of g_k the block stands for. */
        public long length() {
            return rows * columns;
        }
    }

    public FactoredLayout {
        explicit = List.copyOf(explicit);
        blocks = List.copyOf(blocks);
        long covered = 0;
        for (Segment s : explicit) {
            covered += s.length();
        }
        for (Block b : blocks) {
            covered += b.length();
        }
        if (covered != dimension) {
            throw new IllegalArgumentException("the segments and blocks cover " + covered + " columns; expected d = " + dimension);
        }
    }

    /** Every column stored as it is (no factors). */
    public static FactoredLayout none(long dimension) {
        return new FactoredLayout(dimension, List.of(new Segment(0, dimension, 0)), List.of());
    }

    /**
     * The layout that stores the parameters named in {@code factored} (each two-dimensional) as factors
     * and all others as they are.
     */
    public static FactoredLayout of(TrainableLayout layout, Set<String> factored) {
        List<Segment> segments = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        long explicitWidth = 0;
        long runStart = -1;
        long runLength = 0;
        for (TrainableLayout.Entry e : layout.entries()) {
            if (factored.contains(e.variable())) {
                if (e.shape().length != 2) {
                    throw new IllegalArgumentException("parameter " + e + " has shape " + java.util.Arrays.toString(e.shape())
                            + "; only a two-dimensional weight can be stored as an outer product");
                }
                if (runLength > 0) {
                    segments.add(new Segment(runStart, runLength, explicitWidth));
                    explicitWidth += runLength;
                    runLength = 0;
                }
                blocks.add(new Block(e.variable(), e.offset(), e.shape()[0], e.shape()[1]));
            } else {
                if (runLength == 0) {
                    runStart = e.offset();
                }
                runLength += e.length();
            }
        }
        if (runLength > 0) {
            segments.add(new Segment(runStart, runLength, explicitWidth));
        }
        return new FactoredLayout(layout.trainableCount(), segments, blocks);
    }

    /** The width of the explicit row, d minus the blocks' columns. */
    public long explicitWidth() {
        long w = 0;
        for (Segment s : explicit) {
            w += s.length();
        }
        return w;
    }

    /** Numbers stored per example: the explicit width plus p + q per block. */
    public long storedWidth() {
        long w = explicitWidth();
        for (Block b : blocks) {
            w += b.rows() + b.columns();
        }
        return w;
    }

    /** Whether any block is stored as factors. */
    public boolean factored() {
        return !blocks.isEmpty();
    }

    /** The explicit columns of a weight-space vector v [d] (a copy, [explicit width], v's data type). */
    public INDArray explicitPart(INDArray v) {
        INDArray flat = v.reshape(v.length());
        INDArray out = Nd4j.create(v.dataType(), explicitWidth());
        for (Segment s : explicit) {
            out.get(NDArrayIndex.interval(s.explicitOffset(), s.explicitOffset() + s.length()))
                    .assign(flat.get(NDArrayIndex.interval(s.offset(), s.offset() + s.length())));
        }
        return out;
    }

    /** Block {@code b} of a weight-space vector v [d], as a [p, q] copy in v's data type. */
    public INDArray blockPart(INDArray v, int b) {
        Block k = blocks.get(b);
        return v.reshape(v.length()).get(NDArrayIndex.interval(k.offset(), k.offset() + k.length())).dup('c')
                .reshape('c', k.rows(), k.columns());
    }

    /**
     * The [m, d] rows of a factored chunk: explicit columns copied, block columns the outer products
     * left_k^T right_k.
     */
    public INDArray expand(FactoredGradients g) {
        long m = g.rows();
        INDArray out = Nd4j.create(g.explicit().dataType(), m, dimension);
        for (Segment s : explicit) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(s.offset(), s.offset() + s.length()))
                    .assign(g.explicit().get(NDArrayIndex.all(),
                            NDArrayIndex.interval(s.explicitOffset(), s.explicitOffset() + s.length())));
        }
        for (int b = 0; b < blocks.size(); b++) {
            Block k = blocks.get(b);
            INDArray left = g.left().get(b);
            INDArray right = g.right().get(b);
            INDArray product = Nd4j.create(out.dataType(), m, k.rows(), k.columns());
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(
                    left.dup('c').reshape('c', m, k.rows(), 1), right.dup('c').reshape('c', m, 1, k.columns()), product));
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(k.offset(), k.offset() + k.length()))
                    .assign(product.reshape('c', m, k.length()));
            product.close();
        }
        return out;
    }
}
