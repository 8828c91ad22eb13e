package org.sgdvi.experiments.sweep;

/**
 * A finished trial as the analysis sees it.
 *
 * @param id trial id
 * @param model model entry
 * @param learningRate eta
 * @param batchSize b
 * @param sampling "with" or "without"
 * @param seed seed
 * @param validationError validation error of the last epoch
 * @param trainExamples N
 * @param lambdaMeanFinal mean eigenvalue of D at the final weights, or NaN when not measured
 * @param scoreInitial Remark 16 score rank/d + var(lambda) of D at initialization, or NaN
 */
public record Observation(String id, String model, double learningRate, int batchSize, String sampling, long seed,
                          double validationError, int trainExamples, double lambdaMeanFinal, double scoreInitial) {

    /** eta / b. */
    public double ratio() {
        return learningRate / batchSize;
    }

    /** Remark 15: (eta / b) * mean(lambda(D)) at the final weights (NaN when D was not measured). */
    public double normalizedTemperature() {
        return ratio() * lambdaMeanFinal;
    }

    /** From a done ledger entry. */
    static Observation of(LedgerEntry e) {
        SpectrumProbe.TrialSpectrum s = e.spectrum();
        double mean = s == null || s.atFinal() == null ? Double.NaN : s.atFinal().lambdaMean();
        double score = s == null || s.initial() == null ? Double.NaN : s.initial().architectureScore();
        return new Observation(e.id(), e.model(), e.learningRate(), e.batchSize(), e.sampling(), e.seed(),
                e.validationError(), e.trainExamples() == null ? 0 : e.trainExamples(), mean, score);
    }
}
