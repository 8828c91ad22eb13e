/**
 * The machine a run uses: ND4J backend, BLAS, threads, memory limits, GPUs, versions.
 */
package org.sgdvi.experiments.env;
