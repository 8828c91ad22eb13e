/**
 * Plots (XChart) and self-contained HTML reports for run folders.
 */
package org.sgdvi.experiments.report;
