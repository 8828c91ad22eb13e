package org.sgdvi.core.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** {@link EpochFitter#dl4j()}: one {@code MultiLayerNetwork.fit(DataSet)} per mini-batch. */
final class Dl4jEpochFitter implements EpochFitter {

    static final Dl4jEpochFitter INSTANCE = new Dl4jEpochFitter();

    private Dl4jEpochFitter() {
    }

    @Override
    public boolean fitEpoch(MultiLayerNetwork net, ResumableDataSetIterator data, int epoch,
                            IterationProgress onIteration) {
        int it = 0;
        long examples = 0;
        while (data.hasNext()) {
            DataSet ds = data.next();
            net.fit(ds);
            it++;
            examples += ds.numExamples();
            double score = net.score();
            if (onIteration != null) {
                onIteration.onIteration(epoch + 1, it, examples, score);
            }
            if (!Double.isFinite(score)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "dl4j";
    }
}
