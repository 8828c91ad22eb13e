package org.sgdvi.experiments.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.sgdvi.core.train.ResumableDataSetIterator;
import org.sgdvi.datasets.sampling.MiniBatchSampler;
import org.sgdvi.datasets.sampling.SamplerState;
import org.sgdvi.core.io.Json;

/**
 * Lets the trainer (module core) checkpoint a sampler of module datasets: the two modules do not
 * know each other, so this adapter turns {@link SamplerState} into the JSON the trainer stores.
 */
public final class SamplerIterator implements ResumableDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final MiniBatchSampler sampler;

    /** Wraps a sampler. */
    public SamplerIterator(MiniBatchSampler sampler) {
        this.sampler = sampler;
    }

    /** The wrapped sampler. */
    public MiniBatchSampler sampler() {
        return sampler;
    }

    @Override
    public JsonNode state() {
        return Json.mapper().valueToTree(sampler.state());
    }

    @Override
    public void restore(JsonNode state) {
        try {
            sampler.restore(Json.mapper().treeToValue(state, SamplerState.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint: field iterator is not a sampler state ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    @Override
    public DataSet next(int num) {
        return sampler.next(num);
    }

    @Override
    public int inputColumns() {
        return sampler.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return sampler.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return sampler.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        sampler.reset();
    }

    @Override
    public int batch() {
        return sampler.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        sampler.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return sampler.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return sampler.getLabels();
    }

    @Override
    public boolean hasNext() {
        return sampler.hasNext();
    }

    @Override
    public DataSet next() {
        return sampler.next();
    }
}
