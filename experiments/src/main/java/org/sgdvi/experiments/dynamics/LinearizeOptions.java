package org.sgdvi.experiments.dynamics;

import java.nio.file.Path;
import org.sgdvi.datasets.sampling.SubsetSampler;

/**
 * Settings of {@code sgdvi linearize} (Lemma 20 on a trained network).
 *
 * @param run           the finished training run folder (config.json and model.zip)
 * @param examples      N, the number of training examples, drawn from the training split by {@code subset}
 *                      ({@link org.sgdvi.experiments.data.TrainingSubset}: a default N above the split's size
 *                      is clamped to it, a given one is refused)
 * @param step          relative finite-difference step h of the Hessian
 * @param seed          seed of the random x for the force angles and of the random-basis baseline
 * @param angleSamples  number of random x
 * @param tolerance     relative eigenvalue tolerance of the well-posed subspace W = {mu_i &gt; tol max|mu|},
 *                      or NaN for automatic: the finite-difference noise floor skewNorm / max|mu|,
 *                      at least 1e-12
 * @param chunk         examples per gradient-engine call
 * @param subset        how the N examples are drawn
 * @param subsetSeed    seed of that draw
 * @param examplesGiven whether N was given on the command line
 */
public record LinearizeOptions(Path run, int examples, double step, long seed, int angleSamples, double tolerance,
                               int chunk, SubsetSampler.Rule subset, long subsetSeed, boolean examplesGiven) {

    /** Default N. */
    public static final int DEFAULT_EXAMPLES = 2000;
    /** Smallest relative tolerance (the solver's own default). */
    public static final double MIN_TOLERANCE = 1e-12;

    public LinearizeOptions {
        if (examples < 2) {
            throw new IllegalArgumentException("--examples is " + examples + "; expected at least 2");
        }
        if (!(step > 0) || step > 0.1) {
            throw new IllegalArgumentException("--step is " + step + "; expected 0 < h <= 0.1");
        }
        if (angleSamples < 1) {
            throw new IllegalArgumentException("--angles is " + angleSamples + "; expected at least 1");
        }
        if (!Double.isNaN(tolerance) && (!(tolerance > 0) || tolerance >= 1)) {
            throw new IllegalArgumentException("--tolerance is " + tolerance + "; expected 'auto' or a number in (0, 1)");
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("--chunk is " + chunk + "; expected at least 1");
        }
    }

    /** Whether the tolerance is chosen from the finite-difference noise. */
    public boolean automaticTolerance() {
        return Double.isNaN(tolerance);
    }
}
