package org.sgdvi.experiments.curvature;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.data.TrainingSubset;

/**
 * results.json of {@code sgdvi curvature}: the joint measures of the Hessian H and the diffusion matrix D (eq. 2)
 * at one snapshot, each with its error bar ({@code *StandardError}: 0 where exact; NaN where not estimated), the
 * self-checks, and timings. {@code sgdvi spectrum --curvature} writes the same record under {@code "curvature"} of
 * every snapshot of D during training.
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
                checks.summary());
    }

    /** The record as results.json or spectra.json holds it (a resumed spectrum run reads its earlier snapshots back). */
    public static CurvatureResults read(JsonNode node) throws IOException {
        return Json.readRecord(node, CurvatureResults.class);
    }
}
