package org.sgdvi.experiments.trajectory;

import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.sgdvi.core.trajectory.TrajectoryAnalysis;
import org.sgdvi.experiments.run.RunFolder;

/**
 * Writes a trajectory analysis into a run folder: {@code results.json} (see
 * {@link TrajectoryResults}), {@code fft.png}, {@code autocorrelation.png},
 * {@code increment-autocorrelation.png}, {@code grad-norm.png} and {@code grad-norm-ewma.npy}
 * (float64, when a gradient norm was given), and {@code report.html}.
 */
public final class TrajectoryOutputs {

    /** File names written by {@link #write}. */
    public static final String RESULTS = RunFolder.RESULTS;
    /** The HTML report. */
    public static final String REPORT = RunFolder.REPORT;
    /** The training run's loss per epoch (trajectory runs only). */
    public static final String LOSS_PNG = "loss.png";

    private TrajectoryOutputs() {
    }

    /** Writes all outputs of {@code analysis} into {@code run}. */
    public static void write(RunFolder run, TrajectoryAnalysis analysis, TrajectoryInput input) {
        write(run, analysis, input, null);
    }

    /**
     * Writes all outputs of {@code analysis} into {@code run}, with the numbers of the training run
     * that produced the trajectory (or null) under {@code training} in results.json and the report.
     */
    public static void write(RunFolder run, TrajectoryAnalysis analysis, TrajectoryInput input,
                             TrajectoryTraining training) {
        write(run, analysis, input, training, null);
    }

    /**
     * As {@link #write(RunFolder, TrajectoryAnalysis, TrajectoryInput, TrajectoryTraining)}, with the training run's
     * loss curve ({@code loss}, or null) written as {@value #LOSS_PNG} and shown first in the report.
     */
    public static void write(RunFolder run, TrajectoryAnalysis analysis, TrajectoryInput input,
                             TrajectoryTraining training, XYChart loss) {
        run.writeJson(RESULTS, TrajectoryResults.of(analysis, input, training));
        Map<String, XYChart> charts = new LinkedHashMap<>();
        if (loss != null) {
            charts.put(LOSS_PNG, loss);
        }
        charts.put("fft.png", TrajectoryCharts.spectrum(analysis));
        charts.put("autocorrelation.png", TrajectoryCharts.autocorrelation(analysis));
        charts.put("increment-autocorrelation.png", TrajectoryCharts.incrementAutocorrelation(analysis));
        XYChart grad = TrajectoryCharts.gradNorm(analysis);
        if (grad != null) {
            charts.put("grad-norm.png", grad);
            run.writeNpy("grad-norm-ewma.npy", analysis.gradNormEwma());
        }
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        for (Map.Entry<String, XYChart> e : charts.entrySet()) {
            byte[] png = RunFolder.png(e.getValue());
            run.writeBytes(e.getKey(), png);
            pngs.put(e.getValue().getTitle(), png);
        }
        run.writeText(REPORT, TrajectoryReport.html(analysis, input, pngs, training));
    }
}
