/**
 * Glue between module datasets and the CLI/trainer: shared data options and the sampler adapter.
 */
package org.sgdvi.experiments.data;
