package org.sgdvi.core.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The learning rate eta as a function of the (0-based) epoch, eta_e. The paper trains with eta =
 * 0.1 and step annealing (its experimental setup) and fixes eta = 1e-3 after burn-in for the
 * trajectory experiment (its Fig. 3).
 *
 * <p>Each schedule converts to the equivalent DL4J {@link ISchedule} of type
 * {@link ScheduleType#EPOCH} ({@code null} for a constant rate), so the value DL4J uses during epoch
 * e is exactly {@link #valueAt(int) valueAt(e)}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LearningRateSchedule.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = LearningRateSchedule.Step.class, name = "step"),
    @JsonSubTypes.Type(value = LearningRateSchedule.Piecewise.class, name = "piecewise")})
public sealed interface LearningRateSchedule {

    /** eta_e, the learning rate used throughout 0-based epoch {@code epoch}. */
    double valueAt(int epoch);

    /** The equivalent DL4J schedule, or {@code null} when the rate is constant. */
    ISchedule toDl4j();

    /** eta_0. */
    default double initial() {
        return valueAt(0);
    }

    /** A constant rate. */
    static LearningRateSchedule constant(double learningRate) {
        return new Constant(learningRate);
    }

    /** eta_e = initial * gamma^floor(e / everyEpochs). */
    static LearningRateSchedule step(double initial, double gamma, int everyEpochs) {
        return new Step(initial, gamma, everyEpochs);
    }

    /** eta_e = values[max{k in keys : k <= e}]; the keys must include epoch 0. */
    static LearningRateSchedule piecewise(Map<Integer, Double> values) {
        return new Piecewise(values == null ? null : new TreeMap<>(values));
    }

    /** eta_e = learningRate for every e. */
    record Constant(double learningRate) implements LearningRateSchedule {
        public Constant {
            requirePositive("learningRate", learningRate);
        }

        @Override
        public double valueAt(int epoch) {
            return learningRate;
        }

        @Override
        public ISchedule toDl4j() {
            return null;
        }
    }

    /** Step annealing: eta_e = initial * gamma^floor(e / everyEpochs), DL4J's {@link StepSchedule}. */
    record Step(double initial, double gamma, int everyEpochs) implements LearningRateSchedule {
        public Step {
            requirePositive("initial", initial);
            requirePositive("gamma", gamma);
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("step schedule: everyEpochs = " + everyEpochs
                        + ", expected an integer >= 1");
            }
        }

        @Override
        public double valueAt(int epoch) {
            // the same expression as DL4J's StepSchedule, so both agree to the last bit
            return initial * Math.pow(gamma, Math.floor(epoch / (double) everyEpochs));
        }

        @Override
        public ISchedule toDl4j() {
            return new StepSchedule(ScheduleType.EPOCH, initial, gamma, everyEpochs);
        }
    }

    /** Piecewise constant: eta_e = values[largest key <= e], DL4J's {@link MapSchedule}. */
    record Piecewise(SortedMap<Integer, Double> values) implements LearningRateSchedule {
        public Piecewise {
            if (values == null || !values.containsKey(0)) {
                throw new IllegalArgumentException("piecewise schedule: values " + values
                        + " must contain epoch 0");
            }
            values.forEach((k, v) -> {
                if (k < 0) {
                    throw new IllegalArgumentException("piecewise schedule: epoch " + k + " is negative");
                }
                requirePositive("values[" + k + "]", v);
            });
            values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        }

        @Override
        public double valueAt(int epoch) {
            return values.headMap(epoch + 1).get(values.headMap(epoch + 1).lastKey());
        }

        @Override
        public ISchedule toDl4j() {
            return new MapSchedule(ScheduleType.EPOCH, new TreeMap<>(values));
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("learning-rate schedule: " + field + " = " + value
                    + ", expected a finite number > 0");
        }
    }
}
