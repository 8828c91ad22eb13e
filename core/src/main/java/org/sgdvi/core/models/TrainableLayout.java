package org.sgdvi.core.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The map from a network's parameters to its TRAINABLE weights x in R^d (the paper's x).
 *
 * <p>DL4J keeps BatchNorm's running mean and variance ({@code mean}, {@code var} or
 * {@code log10stdev}) inside {@code params()} and {@code gradient()}; they are statistics, not
 * weights, so they are not part of x. The layout lists the trainable parameters in a fixed order
 * (layers in order, each layer's parameters in its parameter-table order) and flattens each one
 * in row-major (C) order of its DL4J shape. Every gradient, diffusion matrix and trajectory in the
 * toolkit uses this order, so column {@code offset + k} of a per-example gradient matrix is
 * element {@code k} of parameter {@code (layer, param)} flattened in C order.
 */
public final class TrainableLayout {

    /** BatchNorm keys that hold running statistics, never trained by SGD. */
    public static final Set<String> RUNNING_STATISTICS = Set.of("mean", "var", "log10stdev");

    /**
     * One trainable parameter.
     *
     * @param layerIndex index of the layer in the network
     * @param layerName the layer's configured name, or {@code layer<i>}
     * @param param DL4J's parameter key (W, b, gamma, beta, ...)
     * @param shape the parameter's DL4J shape
     * @param offset first column of this parameter in the trainable vector
     * @param length number of elements
     */
    public record Entry(int layerIndex, String layerName, String param, long[] shape, long offset, long length) {
        /** The DL4J gradient/parameter-table key, {@code <layerIndex>_<param>}. */
        public String variable() {
            return layerIndex + "_" + param;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.layerIndex == layerIndex && e.layerName.equals(layerName)
                    && e.param.equals(param) && Arrays.equals(e.shape, shape) && e.offset == offset
                    && e.length == length;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * layerIndex + param.hashCode()) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return layerName + "." + param + Arrays.toString(shape) + "@" + offset;
        }
    }

    private final List<Entry> entries;
    private final long trainableCount;
    private final long totalParams;

    private TrainableLayout(List<Entry> entries, long trainableCount, long totalParams) {
        this.entries = Collections.unmodifiableList(entries);
        this.trainableCount = trainableCount;
        this.totalParams = totalParams;
    }

    /** Builds the layout of an initialized network. */
    public static TrainableLayout of(MultiLayerNetwork net) {
        List<Entry> list = new ArrayList<>();
        long offset = 0;
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            Layer layer = layers[i];
            String name = layer.conf() != null && layer.conf().getLayer() != null
                    && layer.conf().getLayer().getLayerName() != null
                    ? layer.conf().getLayer().getLayerName() : "layer" + i;
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                if (!isTrainable(p.getKey())) {
                    continue;
                }
                long len = p.getValue().length();
                list.add(new Entry(i, name, p.getKey(), p.getValue().shape().clone(), offset, len));
                offset += len;
            }
        }
        return new TrainableLayout(list, offset, net.numParams());
    }

    /** Whether a DL4J parameter key names a trainable weight (not a BatchNorm running statistic). */
    public static boolean isTrainable(String paramKey) {
        return !RUNNING_STATISTICS.contains(paramKey);
    }

    /** The trainable parameters in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** d, the number of trainable weights. */
    public long trainableCount() {
        return trainableCount;
    }

    /** All parameters DL4J stores, running statistics included. */
    public long totalParams() {
        return totalParams;
    }

    /** The trainable weights of {@code net} as a vector of length d in the given data type. */
    public INDArray gather(MultiLayerNetwork net, DataType dtype) {
        INDArray out = Nd4j.create(dtype, trainableCount);
        for (Entry e : entries) {
            INDArray p = net.getLayer(e.layerIndex()).getParam(e.param());
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(e.offset(), e.offset() + e.length()))
                    .assign(flattenC(p).castTo(dtype));
        }
        return out;
    }

    /**
     * The trainable part of a DL4J gradient (e.g. the mini-batch gradient in a listener), as a vector
     * of length d in the given data type.
     */
    public INDArray gather(Gradient gradient, DataType dtype) {
        INDArray out = Nd4j.create(dtype, trainableCount);
        Map<String, INDArray> byVar = gradient.gradientForVariable();
        for (Entry e : entries) {
            INDArray g = byVar.get(e.variable());
            if (g == null) {
                throw new IllegalArgumentException("gradient has no entry for " + e.variable()
                        + " (layer " + e.layerName() + "); expected every trainable parameter");
            }
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(e.offset(), e.offset() + e.length()))
                    .assign(flattenC(g).castTo(dtype));
        }
        return out;
    }

    /**
     * A row-major copy of {@code a} as a vector. (Beware {@code reshape('c', long)}: it resolves to
     * {@code reshape(long rows, long columns)} with 'c' = 99 rows.)
     */
    private static INDArray flattenC(INDArray a) {
        return a.dup('c').reshape('c', new long[] {a.length()});
    }

    /** Writes a trainable vector of length d back into {@code net}'s parameters. */
    public void scatter(INDArray vector, MultiLayerNetwork net) {
        if (vector.length() != trainableCount) {
            throw new IllegalArgumentException("trainable vector has length " + vector.length()
                    + ", expected d = " + trainableCount);
        }
        INDArray flat = vector.reshape(vector.length());
        for (Entry e : entries) {
            INDArray p = net.getLayer(e.layerIndex()).getParam(e.param());
            INDArray src = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(e.offset(), e.offset() + e.length()))
                    .dup('c').reshape('c', e.shape()).castTo(p.dataType());
            p.assign(src);
        }
    }
}
