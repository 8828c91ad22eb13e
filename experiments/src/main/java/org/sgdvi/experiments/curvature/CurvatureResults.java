package org.sgdvi.experiments.curvature;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.SpectralDensity;
import org.sgdvi.core.curvature.TailIndex;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.data.TrainingSubset;

/**
 * results.json of {@code sgdvi curvature}: the joint measures of the Hessian H and the diffusion matrix D (eq. 2)
 * at one snapshot, each with its error bar ({@code *StandardError}: 0 where exact; NaN where not estimated), the
 * self-checks, and timings. {@code hessianDensity} is null when the density was not computed (d at most the dense
 * limit without {@code --density}), {@code layers} null without {@code --per-layer}. {@code sgdvi spectrum --curvature}
 * writes the same record under {@code "curvature"} of every snapshot of D during training.
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

    /**
     * The record of one analysis.
     *
     * @param model   the network's zoo name
     * @param data    the data set's name
     * @param o       the options it ran with
     * @param r       its measures
     * @param subset  the training examples it was measured over
     */
    public static CurvatureResults of(String model, String data, CurvatureAnalysis.Options o, CurvatureAnalysis.Result r,
                                      TrainingSubset.Description subset) {
        Checks checks = new Checks().addAll(r.checks());
        return new CurvatureResults(model, data, r.dimension(), r.examples(), Replacement.of(o.sampling()).name()
                .toLowerCase(Locale.ROOT), r.exact(), r.exact() ? "exact (dense H and D)"
                        : "estimated (block Lanczos, projected Hutchinson with " + o.probes() + " probes)",
                r.hessianTopEigenvalues(), r.hessianBottomEigenvalues(), r.diffusionTopEigenvalues(), r.hessianTrace().value(),
                r.hessianTrace().standardError(), r.diffusionTrace(), r.traceHD().value(), r.traceHD().standardError(),
                r.isotropicTraceHD(), r.traceHD().value() / r.isotropicTraceHD(), r.diffusionAlongHessianEigenvectors(),
                r.hessianAlongDiffusionEigenvectors(), r.principalAnglesDegrees(), r.commutator(), r.commutatorScope(),
                r.gradientNormSquared(), r.gradientCurvature(), r.noiseScaleSimple(), r.noiseScaleSimpleInterval(),
                r.noiseScaleBNoise(), r.noiseScaleBNoiseInterval(), r.hessianProducts(), r.seconds(), subset,
                r.hessianDensity() == null ? null : HessianDensity.of(r.hessianDensity(), r.hessianTopEigenvalues()[0]),
                NoiseTailIndex.of(r.noiseTailIndex(), r.examples()), r.layers().isEmpty() ? null : r.layers(),
                checks.summary());
    }

    /** The record as results.json or spectra.json holds it (a resumed spectrum run reads its earlier snapshots back). */
    public static CurvatureResults read(JsonNode node) throws IOException {
        return Json.readRecord(node, CurvatureResults.class);
    }

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
