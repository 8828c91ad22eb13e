package org.sgdvi.core.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Loss and error of a classifier in inference mode ({@code net.output(x, false)}: BatchNorm running
 * statistics, dropout off).
 *
 * <p>loss = -(1/N) sum_k log p_k[y_k], the mean softmax cross-entropy f(x) of the paper, without
 * any weight-decay term, with probabilities clipped below at 1e-10 as DL4J's {@code LossMCXENT}
 * does; error = (1/N) #{k : argmax p_k != argmax y_k}.
 */
public final class InferenceEvaluator {

    /** Probabilities below this are clipped before the logarithm (DL4J's softmax clip epsilon). */
    public static final double CLIP = 1e-10;

    /**
     * @param loss mean cross-entropy
     * @param error misclassified fraction
     * @param examples N, the number of examples scored
     */
    public record LossAndError(double loss, double error, long examples) {
        /** NaN metrics for data that was not given. */
        public static final LossAndError NONE = new LossAndError(Double.NaN, Double.NaN, 0);
    }

    private InferenceEvaluator() {
    }

    /**
     * Scores the first {@code maxExamples} examples of {@code data} (all when 0). The iterator is
     * reset before and after.
     */
    public static LossAndError evaluate(MultiLayerNetwork net, DataSetIterator data, long maxExamples) {
        if (data.resetSupported()) {
            data.reset();
        }
        double lossSum = 0;
        long wrong = 0;
        long n = 0;
        while (data.hasNext() && (maxExamples == 0 || n < maxExamples)) {
            DataSet ds = data.next();
            INDArray x = ds.getFeatures();
            INDArray y = ds.getLabels();
            long rows = x.size(0);
            if (maxExamples > 0 && n + rows > maxExamples) {
                rows = maxExamples - n;
                x = firstRows(x, rows);
                y = firstRows(y, rows);
            }
            INDArray p = net.output(x, false);
            lossSum += crossEntropySum(p, y);
            wrong += mismatches(p, y);
            n += rows;
        }
        if (data.resetSupported()) {
            data.reset();
        }
        if (n == 0) {
            throw new IllegalArgumentException("evaluation data is empty, expected at least one example");
        }
        return new LossAndError(lossSum / n, wrong / (double) n, n);
    }

    /** -sum_k log max(p_k[y_k], CLIP) for one-hot labels y (rows = examples). */
    static double crossEntropySum(INDArray probabilities, INDArray labels) {
        INDArray logP = Transforms.log(Transforms.max(probabilities, CLIP, true), false);
        return -logP.muli(labels.castTo(logP.dataType())).sumNumber().doubleValue();
    }

    /** #{k : argmax p_k != argmax y_k}. */
    static long mismatches(INDArray probabilities, INDArray labels) {
        INDArray predicted = Nd4j.argMax(probabilities, 1);
        INDArray truth = Nd4j.argMax(labels, 1);
        return predicted.neq(truth).castTo(DataType.INT64).sumNumber().longValue();
    }

    private static INDArray firstRows(INDArray a, long rows) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(0, rows);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx);
    }
}
