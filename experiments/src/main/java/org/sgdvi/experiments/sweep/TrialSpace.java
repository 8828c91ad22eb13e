package org.sgdvi.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;

/**
 * The Arbiter parameter space of a sweep: five leaves (eta, b, sampling, seed, model) whose values
 * make a {@link TrialPoint}. Grid search walks the Cartesian product of the discrete leaves (eta
 * varying fastest); random search draws each leaf independently: a listed value uniformly, or eta and
 * b log-uniformly in a range (eta rounded to 4 significant digits, b to the nearest integer), so that
 * the stored point is exactly the one trained.
 *
 * <p>Arbiter 1.0.0-beta7 workaround: its {@code GridSearchCandidateGenerator.indexToValues} emits
 * values only for leaves with more than one value, while {@code BaseCandidateGenerator} numbers all
 * leaves, so a single-valued leaf shifts the indices of the leaves after it. Single-valued leaves are
 * therefore held as constants here: they get index 0 once (a one-value {@code DiscreteParameterSpace}
 * returns its value without reading the input) and are left out of {@link #collectLeaves()}.
 */
public final class TrialSpace extends AbstractParameterSpace<TrialPoint> {

    private final ParameterSpace<Double> learningRate;
    private final ParameterSpace<? extends Number> batchSize;
    private final ParameterSpace<String> sampling;
    private final ParameterSpace<Long> seed;
    private final ParameterSpace<String> model;

    private TrialSpace(ParameterSpace<Double> learningRate, ParameterSpace<? extends Number> batchSize,
                       ParameterSpace<String> sampling, ParameterSpace<Long> seed, ParameterSpace<String> model) {
        this.learningRate = learningRate;
        this.batchSize = batchSize;
        this.sampling = sampling;
        this.seed = seed;
        this.model = model;
        for (ParameterSpace<?> p : List.of(learningRate, batchSize, sampling, seed, model)) {
            if (isConstant(p)) {
                p.setIndices(0);
            }
        }
    }

    private static boolean isConstant(ParameterSpace<?> p) {
        return p instanceof DiscreteParameterSpace<?> d && d.numValues() == 1;
    }

    /** The grid of a definition: every listed value of every leaf. */
    public static TrialSpace grid(SweepDefinition d) {
        return new TrialSpace(new DiscreteParameterSpace<>(d.learningRates()),
                new DiscreteParameterSpace<>(d.batchSizes()), new DiscreteParameterSpace<>(d.samplings()),
                new DiscreteParameterSpace<>(d.seeds()), new DiscreteParameterSpace<>(d.models()));
    }

    /**
     * The random-search space of a definition with the seed held at {@code seedValue} (random search
     * replicates each drawn point over all seeds).
     */
    public static TrialSpace random(SweepDefinition d, long seedValue) {
        ParameterSpace<Double> lr = d.learningRateRange() != null
                ? new ContinuousParameterSpace(new LogUniformDistribution(d.learningRateRange().get(0),
                d.learningRateRange().get(1))) : new DiscreteParameterSpace<>(d.learningRates());
        ParameterSpace<? extends Number> b = d.batchSizeRange() != null
                ? new ContinuousParameterSpace(new LogUniformDistribution(d.batchSizeRange().get(0),
                d.batchSizeRange().get(1))) : new DiscreteParameterSpace<>(d.batchSizes());
        return new TrialSpace(lr, b, new DiscreteParameterSpace<>(d.samplings()),
                new DiscreteParameterSpace<>(List.of(seedValue)), new DiscreteParameterSpace<>(d.models()));
    }

    @Override
    public TrialPoint getValue(double[] parameterValues) {
        double lr = learningRate.getValue(parameterValues);
        if (learningRate instanceof ContinuousParameterSpace) {
            lr = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", lr));
        }
        int b = (int) Math.round(batchSize.getValue(parameterValues).doubleValue());
        return new TrialPoint(model.getValue(parameterValues), lr, b, sampling.getValue(parameterValues),
                seed.getValue(parameterValues));
    }

    @Override
    public int numParameters() {
        return collectLeaves().stream().mapToInt(ParameterSpace::numParameters).sum();
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> p : List.of(learningRate, batchSize, sampling, seed, model)) {
            if (!isConstant(p)) {
                leaves.addAll(p.collectLeaves());
            }
        }
        return leaves;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("TrialSpace is not a leaf; Arbiter indexes its leaves");
    }
}
