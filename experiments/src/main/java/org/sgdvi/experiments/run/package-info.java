/**
 * The run folder: the one interchange format of the CLI, the reports and the notebooks
 * (config.json, metrics.csv, results.json, .npy arrays, PNG plots, report.html), written atomically.
 */
package org.sgdvi.experiments.run;
