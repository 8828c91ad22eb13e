package org.sgdvi.core.train;

import java.util.Collections;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and step of {@link PlainMomentum}: keeps the momentum buffer u (a view into DL4J's
 * updater state array) and turns the gradient g into the update DL4J subtracts from the weights:
 * u &lt;- mu u + g, update = eta u (so x &lt;- x - eta u). All operations are in place.
 */
public final class PlainMomentumUpdater implements GradientUpdater<PlainMomentum> {

    /** Key of the momentum buffer in {@link #getState()}. */
    public static final String BUFFER_STATE = "U";

    private final PlainMomentum config;
    private INDArray buffer;

    public PlainMomentumUpdater(PlainMomentum config) {
        this.config = config;
    }

    @Override
    public PlainMomentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        INDArray u = stateMap == null ? null : stateMap.get(BUFFER_STATE);
        if (u == null || stateMap.size() != 1) {
            throw new IllegalStateException("PlainMomentum state: expected exactly the key " + BUFFER_STATE
                    + ", got " + (stateMap == null ? null : stateMap.keySet()));
        }
        buffer = u;
        if (initialize) {
            buffer.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Collections.singletonMap(BUFFER_STATE, buffer);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVectorOrScalar()) {
            throw new IllegalArgumentException("PlainMomentum state: invalid view array, expected a row vector, got "
                    + java.util.Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        buffer = viewArray.reshape(gradientOrder, gradientShape);
    }

    /**
     * Replaces {@code gradient} (g) by the update eta_t u_{t+1}, where u_{t+1} = mu u_t + g.
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (buffer == null) {
            throw new IllegalStateException("PlainMomentum: updater state was not set");
        }
        double lr = config.getLearningRate(iteration, epoch);
        buffer.muli(config.getMomentum()).addi(gradient);
        gradient.assign(buffer).muli(lr);
    }
}
