package org.sgdvi.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A mini-batch iterator whose position can be saved and restored, so a checkpointed run draws the
 * same batches after a restart. One epoch is: iterate until {@code hasNext()} is false, then
 * {@code reset()} (which starts the next epoch, e.g. with a new permutation).
 *
 * <p>Contract: after {@code restore(s)} the iterator yields exactly the batches it would have
 * yielded after the call to {@code state()} that returned s, in the same process or another.
 */
public interface ResumableDataSetIterator extends DataSetIterator {

    /** The iterator's complete position (e.g. epoch, cursor, generator state) as JSON. */
    JsonNode state();

    /** Returns to a position saved by {@link #state()}; bad input names the field that is wrong. */
    void restore(JsonNode state);
}
