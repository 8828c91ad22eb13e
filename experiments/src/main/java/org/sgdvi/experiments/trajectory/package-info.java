/**
 * From a trajectory analysis ({@link org.sgdvi.core.trajectory.TrajectoryAnalysis}) to run-folder
 * output: loading a trajectory from a .npy file or a trajectory store, the results map
 * ({@code results.json}), the plots of the three panels of the paper's Fig. 3 (increment FFT,
 * auto-correlation with 95/99% bands, EWMA of the gradient norm) each with the Brownian
 * baseline, and the HTML report. Shared by {@code sgdvi trajectory-analyze} and the training
 * command that records trajectories.
 */
package org.sgdvi.experiments.trajectory;
