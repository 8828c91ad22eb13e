package org.sgdvi.core.trajectory;

/**
 * Everything the trajectory experiment (the paper's Fig. 3) reports for one trajectory
 * and its {@link BrownianBaseline}.
 *
 * @param options         the settings used
 * @param snapshots       T after burn-in
 * @param dimension       d
 * @param trajectory      spectrum and auto-correlations of the trajectory (Fig. 3a, 3b)
 * @param baselineWeights indices of the weights the baseline imitates
 * @param baseline        the same statistics for the baseline
 * @param gradNorm        gradient norm after burn-in, or null
 * @param gradNormEwma    its EWMA (Fig. 3c), or null
 * @param verdict         the deciding numbers
 */
public record TrajectoryAnalysis(TrajectoryAnalysisOptions options, int snapshots, int dimension,
                                 TrajectoryStatistics trajectory, int[] baselineWeights,
                                 TrajectoryStatistics baseline, double[] gradNorm, double[] gradNormEwma,
                                 TrajectoryVerdict verdict) {

    /** True when a gradient norm was analysed. */
    public boolean hasGradNorm() {
        return gradNorm != null;
    }
}
