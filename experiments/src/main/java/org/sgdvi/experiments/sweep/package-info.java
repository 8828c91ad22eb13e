/**
 * Hyper-parameter sweeps that test the eta/b scaling rule (the paper's Remarks 11, 12, 15, 16).
 *
 * <p>Running: a {@link org.sgdvi.experiments.sweep.SweepDefinition} (JSON/YAML file and flags) is
 * turned into an ordered plan of trials by Arbiter's grid or random candidate generator over a
 * {@link org.sgdvi.experiments.sweep.TrialSpace}; each shard's unfinished trials are executed by
 * Arbiter's {@code LocalOptimizationRunner}, one run folder per trial through the trainer, and their
 * statuses kept in an atomically rewritten ledger, so a sweep resumes and shards merge.
 *
 * <p>Analysis: how much of the variance of the validation error a smoothing fit in log(eta/b)
 * explains against log(eta) or log(b) alone, rank correlations, with- vs without-replacement
 * differences, plots and a report.
 */
package org.sgdvi.experiments.sweep;
