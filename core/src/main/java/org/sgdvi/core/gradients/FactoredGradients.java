package org.sgdvi.core.gradients;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A chunk of m per-example gradients g_k (the paper's eq. (2)) stored as {@link FactoredLayout} says:
 * the explicit columns as rows, and for each outer-product block b the factors left_b [m, p] and
 * right_b [m, q], so that block b of g_k is the C-order flattening of left_b[k]^T right_b[k]. For two
 * examples k, l the Gram entry is then
 * g_k . g_l = e_k . e_l + sum_b (left_b[k] . left_b[l]) (right_b[k] . right_b[l]),
 * which needs no d-long row: the outer product's entries are never formed.
 *
 * @param layout the split of the columns
 * @param explicit [m, explicit width]
 * @param left one [m, p] factor per block, in the layout's block order
 * @param right one [m, q] factor per block
 */
public record FactoredGradients(FactoredLayout layout, INDArray explicit, List<INDArray> left, List<INDArray> right)
        implements AutoCloseable {

    public FactoredGradients {
        left = List.copyOf(left);
        right = List.copyOf(right);
        long m = explicit.size(0);
        if (explicit.rank() != 2 || explicit.size(1) != layout.explicitWidth()) {
            throw new IllegalArgumentException("explicit rows have shape " + java.util.Arrays.toString(explicit.shape())
                    + "; expected [m, " + layout.explicitWidth() + "]");
        }
        if (left.size() != layout.blocks().size() || right.size() != layout.blocks().size()) {
            throw new IllegalArgumentException(left.size() + " left and " + right.size() + " right factors; expected "
                    + layout.blocks().size() + " of each, one per block");
        }
        for (int b = 0; b < left.size(); b++) {
            FactoredLayout.Block k = layout.blocks().get(b);
            if (left.get(b).rank() != 2 || left.get(b).size(0) != m || left.get(b).size(1) != k.rows()
                    || right.get(b).rank() != 2 || right.get(b).size(0) != m || right.get(b).size(1) != k.columns()) {
                throw new IllegalArgumentException("factors of " + k.variable() + " have shapes "
                        + java.util.Arrays.toString(left.get(b).shape()) + " and " + java.util.Arrays.toString(right.get(b).shape())
                        + "; expected [" + m + ", " + k.rows() + "] and [" + m + ", " + k.columns() + "]");
            }
        }
    }

    /** Explicit rows of a source without factors. */
    public static FactoredGradients explicitOnly(INDArray rows) {
        return new FactoredGradients(FactoredLayout.none(rows.size(1)), rows, List.of(), List.of());
    }

    /** m, the examples of the chunk. */
    public long rows() {
        return explicit.size(0);
    }

    /** The [m, d] rows themselves (the outer products formed): for checks and small chunks. */
    public INDArray expand() {
        return layout.expand(this);
    }

    @Override
    public void close() {
        explicit.close();
        left.forEach(INDArray::close);
        right.forEach(INDArray::close);
    }
}
