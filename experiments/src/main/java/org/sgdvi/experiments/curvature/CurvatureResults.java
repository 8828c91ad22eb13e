package org.sgdvi.experiments.curvature;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.experiments.data.TrainingSubset;

/**
 * results.json of {@code sgdvi curvature}: the joint measures of the Hessian H and the diffusion matrix D (eq. 2)
 * at one snapshot, each with its error bar ({@code *StandardError}: 0 where exact; NaN where not estimated), the
 * self-checks, and timings.
 */
public record CurvatureResults(String model, String data, long dimension, long examples, String sampling, boolean exact,
                               String mode, double[] hessianTopEigenvalues, double[] hessianBottomEigenvalues,
                               double[] diffusionTopEigenvalues, double hessianTrace, double hessianTraceStandardError,
                               double diffusionTrace, double traceHD, double traceHDStandardError, double isotropicTraceHD,
                               double alignmentRatio, double[] diffusionAlongHessianEigenvectors,
                               double[] hessianAlongDiffusionEigenvectors, double[] principalAnglesDegrees,
                               double commutator, String commutatorScope, double gradientNormSquared,
                               double gradientCurvature, double noiseScaleSimple, CurvatureAnalysis.Interval noiseScaleSimpleInterval,
                               double noiseScaleBNoise, CurvatureAnalysis.Interval noiseScaleBNoiseInterval, int hessianProducts,
                               double seconds, TrainingSubset.Description subset,
                               @JsonUnwrapped Checks.Summary checks) {
}
