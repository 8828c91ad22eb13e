package org.sgdvi.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In-memory {@link ResumableDataSetIterator} for tests: each epoch e visits the examples in a
 * permutation drawn from SplittableRandom(seed + e) (Fisher-Yates), in batches of {@code batch}
 * (the last one may be smaller). State: {"epoch": e, "cursor": c}.
 */
public final class ShuffledDataSetIterator implements ResumableDataSetIterator {

    private final DataSet data;
    private final int batch;
    private final long seed;
    private int epoch;
    private int cursor;
    private int[] order;
    private DataSetPreProcessor preProcessor;

    public ShuffledDataSetIterator(DataSet data, int batch, long seed) {
        this.data = data;
        this.batch = batch;
        this.seed = seed;
        startEpoch(0);
    }

    private void startEpoch(int e) {
        epoch = e;
        cursor = 0;
        int n = data.numExamples();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed + e);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** 0-based epoch this iterator is in. */
    public int epoch() {
        return epoch;
    }

    @Override
    public JsonNode state() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("epoch", epoch);
        s.put("cursor", cursor);
        return s;
    }

    @Override
    public void restore(JsonNode state) {
        if (state == null || !state.has("epoch") || !state.has("cursor")) {
            throw new IllegalArgumentException("iterator state " + state + ": expected fields epoch and cursor");
        }
        startEpoch(state.get("epoch").asInt());
        cursor = state.get("cursor").asInt();
    }

    @Override
    public DataSet next(int num) {
        int end = Math.min(cursor + num, order.length);
        int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        DataSet ds = new DataSet(Nd4j.pullRows(data.getFeatures(), 1, rows), Nd4j.pullRows(data.getLabels(), 1, rows));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next() {
        return next(batch);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public int inputColumns() {
        return (int) data.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor p) {
        this.preProcessor = p;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
