package org.sgdvi.experiments.spectrum;

import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.diffusion.Sampling;

/**
 * How D(x) and its spectrum are measured.
 *
 * @param dtype accumulation type (FLOAT as in the paper, or DOUBLE)
 * @param sampling WITH_REPLACEMENT gives eq. 2; WITHOUT_REPLACEMENT multiplies it by N/(N-1)
 * @param solver "dense", "gram", "matrix-free", or null for the automatic choice
 * @param examples training examples D is measured over (0 = the whole training set)
 * @param fractions fractions of training at which D is measured (Remark 13: 0.2, 0.4, 1.0)
 * @param bins histogram bins
 * @param seed seed of the matrix-free solver's start block
 */
public record SpectrumOptions(DataType dtype, Sampling sampling, String solver, int examples, double[] fractions,
                              int bins, long seed) {
}
