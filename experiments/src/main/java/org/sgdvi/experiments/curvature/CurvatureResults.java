package org.sgdvi.experiments.curvature;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.SpectralDensity;
import org.sgdvi.core.curvature.TailIndex;
import org.sgdvi.experiments.data.TrainingSubset;

/**
 * results.json of {@code sgdvi curvature}: the joint measures of the Hessian H and the diffusion matrix D (eq. 2)
 * at one snapshot, each with its error bar ({@code *StandardError}: 0 where exact; NaN where not estimated), the
 * self-checks, and timings. {@code hessianDensity} is null when the density was not computed (d at most the dense
 * limit without {@code --density}), {@code layers} null without {@code --per-layer}.
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
                               double seconds, TrainingSubset.Description subset, HessianDensity hessianDensity,
                               NoiseTailIndex noiseTailIndex, List<CurvatureAnalysis.LayerBlock> layers,
                               @JsonUnwrapped Checks.Summary checks) {

    /** Eigenvalues with |lambda| at most this fraction of lambda_max(H) count as the bulk at zero. */
    public static final double BULK = 0.01;

    /**
     * The spectral density of H by stochastic Lanczos quadrature ({@link SpectralDensity}).
     *
     * @param traceOverDimension tr H / d from the quadratures, with its standard error
     * @param negativeFraction   the fraction of eigenvalues below -{@link #BULK} lambda_max(H), with its standard error
     *                           over the quadratures
     * @param bulkFraction       the fraction with |lambda| at most {@link #BULK} lambda_max(H)
     * @param grid               the points t of density.npy
     * @param density            the Gaussian-broadened density phi_sigma(t)
     */
    public record HessianDensity(int steps, int vectors, double sigma, double traceOverDimension,
                                 double traceOverDimensionStandardError, double negativeFraction,
                                 double negativeFractionStandardError, double bulkFraction, double bulkFractionStandardError,
                                 double[] grid, double[] density) {

        /** The record of a density, thresholds relative to lambda_max(H). */
        public static HessianDensity of(SpectralDensity.Result r, double lambdaMax) {
            double cut = BULK * Math.abs(lambdaMax);
            CurvatureAnalysis.Estimate negative = r.fraction(Double.NEGATIVE_INFINITY, -cut);
            CurvatureAnalysis.Estimate bulk = r.fraction(-cut, cut);
            return new HessianDensity(r.steps(), r.vectors(), r.sigma(), r.traceOverDimension().value(),
                    r.traceOverDimension().standardError(), negative.value(), negative.standardError(), bulk.value(),
                    bulk.standardError(), r.grid(), r.density());
        }
    }

    /**
     * The tail index of the per-example gradient noise along the top eigenvectors of D ({@link TailIndex}).
     *
     * @param hillOrderStatistics k of Hill's estimator
     * @param mohammadiBlockSize  K_1 of Mohammadi et al.'s estimator
     */
    public record NoiseTailIndex(long examples, int hillOrderStatistics, int mohammadiBlockSize,
                                 List<CurvatureAnalysis.TailDirection> directions) {

        /** The record of the analysis' directions over N examples. */
        public static NoiseTailIndex of(List<CurvatureAnalysis.TailDirection> directions, long examples) {
            return new NoiseTailIndex(examples, TailIndex.defaultOrderStatistics((int) examples),
                    TailIndex.defaultBlockSize((int) examples), directions);
        }
    }
}
