package org.sgdvi.core.train;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Plain (heavy-ball, Polyak) momentum SGD as a DL4J updater, in the form of the authors' released
 * code (PyTorch {@code torch.optim.SGD} with momentum mu, dampening 0, no Nesterov):
 * <pre>
 *   u_{t+1} = mu u_t + g_t          (u_0 = 0, g_t the mini-batch gradient, L2 term included)
 *   x_{t+1} = x_t - eta_t u_{t+1}
 * </pre>
 * With a constant learning rate this is exactly the textbook heavy-ball step v_{t+1} = mu v_t -
 * eta g_t, x_{t+1} = x_t + v_{t+1} (v = -eta u). The two forms differ only when eta changes: here
 * the whole momentum buffer is rescaled by the new rate at once, as in PyTorch. DL4J has Nesterov
 * momentum ({@code Nesterovs}) but not this one (the paper's text says Nesterov, the authors'
 * released code uses plain momentum).
 *
 * <p>The learning rate may follow an {@link ISchedule}. The class is a Jackson bean for DL4J's
 * shaded mapper (the {@code @class} type id comes from {@link IUpdater}), so it round-trips
 * through the network's JSON configuration and {@code ModelSerializer}.
 */
public final class PlainMomentum implements IUpdater {

    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private double momentum;

    /**
     * @param learningRate eta when {@code learningRateSchedule} is null
     * @param learningRateSchedule eta_t as a DL4J schedule, or null for a constant rate
     * @param momentum mu in [0, 1)
     */
    @JsonCreator
    public PlainMomentum(@JsonProperty("learningRate") double learningRate,
                         @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                         @JsonProperty("momentum") double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("PlainMomentum: momentum = " + momentum + ", expected 0 <= mu < 1");
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    /** A constant learning rate. */
    public PlainMomentum(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    /** A scheduled learning rate. */
    public PlainMomentum(ISchedule learningRateSchedule, double momentum) {
        this(Objects.requireNonNull(learningRateSchedule, "learningRateSchedule").valueAt(0, 0), learningRateSchedule, momentum);
    }

    public double getLearningRate() {
        return learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public double getMomentum() {
        return momentum;
    }

    /** One momentum buffer u per parameter. */
    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<PlainMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        PlainMomentumUpdater u = new PlainMomentumUpdater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater<PlainMomentum> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        PlainMomentumUpdater u = new PlainMomentumUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public PlainMomentum clone() {
        return new PlainMomentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(),
                momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlainMomentum p
                && Double.compare(p.learningRate, learningRate) == 0
                && Double.compare(p.momentum, momentum) == 0
                && Objects.equals(p.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "PlainMomentum(learningRate=" + learningRate + ", learningRateSchedule=" + learningRateSchedule
                + ", momentum=" + momentum + ")";
    }
}
