/**
 * Training runs from the command line: the request, the runner that writes the run folder, metrics.csv,
 * progress, and plots.
 */
package org.sgdvi.experiments.train;
