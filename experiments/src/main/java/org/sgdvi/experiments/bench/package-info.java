/**
 * Benchmarks (not tests): timings of the toolkit's numerical kernels on this machine.
 */
package org.sgdvi.experiments.bench;
