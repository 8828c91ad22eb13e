package org.sgdvi.core.diffusion;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A training iterator that records a copy of the features of every batch it delivers. */
final class RecordingIterator implements DataSetIterator {

    private final DataSetIterator delegate;
    private final List<INDArray> delivered = new ArrayList<>();

    RecordingIterator(DataSetIterator delegate) {
        this.delegate = delegate;
    }

    List<INDArray> delivered() {
        return delivered;
    }

    @Override
    public DataSet next(int num) {
        DataSet ds = delegate.next(num);
        delivered.add(ds.getFeatures().dup());
        return ds;
    }

    @Override
    public DataSet next() {
        DataSet ds = delegate.next();
        delivered.add(ds.getFeatures().dup());
        return ds;
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public int inputColumns() {
        return delegate.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return delegate.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return delegate.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public int batch() {
        return delegate.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        delegate.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return delegate.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return delegate.getLabels();
    }
}
