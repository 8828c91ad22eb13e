package org.sgdvi.core.train;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The outcome of {@link Trainer#train} or {@link Trainer#resume}.
 *
 * @param network the trained network (after a resume, the one loaded from the checkpoint)
 * @param history the metrics of every completed epoch, first to last (across resumes)
 * @param diverged whether training stopped because a loss became NaN or infinite
 * @param epochsDone completed epochs with finite losses
 * @param wallSeconds total wall time across all sessions of the run
 * @param iterations total mini-batch steps taken (DL4J's iteration count)
 */
public record TrainResult(MultiLayerNetwork network, List<EpochMetrics> history, boolean diverged,
                          int epochsDone, double wallSeconds, long iterations) {

    public TrainResult {
        history = List.copyOf(history);
    }

    /** The metrics of the last completed epoch with finite losses, or null when there is none. */
    public EpochMetrics finalMetrics() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
