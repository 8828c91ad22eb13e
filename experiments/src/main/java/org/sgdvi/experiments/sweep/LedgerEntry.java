package org.sgdvi.experiments.sweep;

import org.sgdvi.core.train.EpochMetrics;

/**
 * One trial in the ledger: its point, its status and, once trained, its numbers.
 *
 * @param id {@link TrialPoint#id()}, also the run folder {@code trials/<id>/}
 * @param index the trial's position in the plan (decides its shard)
 * @param model zoo name
 * @param learningRate eta
 * @param batchSize b
 * @param sampling "with" or "without"
 * @param seed seed
 * @param status where the trial stands
 * @param attempts how many times it was started
 * @param started ISO-8601 time of the last start, or null
 * @param finished ISO-8601 time of the last end, or null
 * @param epochs completed epochs with finite losses, or null
 * @param metrics the metrics of the last epoch with finite losses (for a diverged trial: the last
 *     finite ones), or null
 * @param trainExamples N, the size of the training set, or null
 * @param wallSeconds training wall time over all attempts, or null
 * @param error the failure message of a failed trial, or null
 * @param spectrum statistics of D at the final weights ({@code --measure-spectrum}), or null
 */
public record LedgerEntry(String id, int index, String model, double learningRate, int batchSize, String sampling,
                          long seed, TrialStatus status, int attempts, String started, String finished, Integer epochs,
                          EpochMetrics metrics, Integer trainExamples, Double wallSeconds, String error,
                          SpectrumProbe.TrialSpectrum spectrum) {

    /** A pending entry for a planned trial. */
    public static LedgerEntry pending(TrialPoint p, int index) {
        return new LedgerEntry(p.id(), index, p.model(), p.learningRate(), p.batchSize(), p.sampling(), p.seed(),
                TrialStatus.PENDING, 0, null, null, null, null, null, null, null, null);
    }

    /** The trial's point. */
    public TrialPoint point() {
        return new TrialPoint(model, learningRate, batchSize, sampling, seed);
    }

    /** This entry marked running (one more attempt, started now). */
    public LedgerEntry running(String now) {
        return new LedgerEntry(id, index, model, learningRate, batchSize, sampling, seed, TrialStatus.RUNNING,
                attempts + 1, now, null, epochs, metrics, trainExamples, wallSeconds, null, spectrum);
    }

    /** This entry with a final or failed status and its numbers. */
    public LedgerEntry finished(TrialStatus s, String now, Integer epochsDone, EpochMetrics m, Integer n, Double wall,
                                String err, SpectrumProbe.TrialSpectrum spec) {
        return new LedgerEntry(id, index, model, learningRate, batchSize, sampling, seed, s, attempts, started, now,
                epochsDone, m, n, wall, err, spec);
    }

    /** The validation error of the last finite epoch, or NaN. */
    public double validationError() {
        return metrics == null ? Double.NaN : metrics.validationError();
    }
}
