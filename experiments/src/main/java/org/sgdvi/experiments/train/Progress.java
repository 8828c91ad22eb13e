package org.sgdvi.experiments.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.core.train.IterationProgress;

/**
 * Training progress: a progress bar over all iterations on a terminal, one plain line per epoch
 * otherwise (CI, logs).
 */
public final class Progress implements IterationProgress, AutoCloseable {

    private final PrintStream log;
    private final ProgressBar bar;
    private final int batchesPerEpoch;

    /**
     * @param task the bar's label
     * @param batchesPerEpoch iterations per epoch
     * @param epochsDone epochs finished before (resume)
     * @param epochs total epochs
     * @param log where epoch lines go
     */
    public Progress(String task, int batchesPerEpoch, int epochsDone, int epochs, PrintStream log) {
        this.log = log;
        this.batchesPerEpoch = batchesPerEpoch;
        boolean terminal = System.console() != null && !"true".equals(System.getenv("CI"));
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) batchesPerEpoch * epochs)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().build();
            bar.stepTo((long) batchesPerEpoch * epochsDone);
        } else {
            bar = null;
        }
    }

    @Override
    public void onIteration(int epoch, int iterationInEpoch, long examplesInEpoch, double minibatchLoss) {
        if (bar != null) {
            bar.stepTo((long) (epoch - 1) * batchesPerEpoch + iterationInEpoch);
            bar.setExtraMessage(String.format(" loss %.4f", minibatchLoss));
        }
    }

    /** Reports a finished epoch. */
    public void epoch(EpochMetrics m) {
        String line = String.format("epoch %d: lr %.4g, train loss %.4f error %.2f%%, validation loss %.4f error %.2f%% (%.1f s)",
                m.epoch(), m.learningRate(), m.trainLoss(), 100 * m.trainError(), m.validationLoss(),
                100 * m.validationError(), m.seconds());
        if (bar == null) {
            log.println(line);
        } else {
            bar.setExtraMessage(" " + line);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
