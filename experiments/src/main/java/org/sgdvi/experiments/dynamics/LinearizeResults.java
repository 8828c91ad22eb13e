package org.sgdvi.experiments.dynamics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.check.GradientSpotCheck;
import org.sgdvi.core.dynamics.linear.DetailedBalance;
import org.sgdvi.core.dynamics.linear.EigenvalueSummary;
import org.sgdvi.core.dynamics.linear.LinearizationResult;
import org.sgdvi.core.dynamics.linear.NetworkLinearization;
import org.sgdvi.core.dynamics.linear.NetworkQuadratic;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.experiments.data.TrainingSubset;

/**
 * The results.json of {@code sgdvi linearize} (arXiv 1710.11029, Lemma 20: at a critical point,
 * F = (D + Q) U with Q antisymmetric; F S + S F^T = 2 D, U = S^-1, Q = F S - D; detailed balance
 * holds iff Q = 0): sizes, the quality of the finite-difference Hessian, eigenvalue summaries of F
 * and D (eq. 2), the residuals of Lemma 20's identities on the well-posed subspace, the ill-posed
 * directions, and the detailed-balance assessment with its baselines. Seconds for times, angles in
 * radians with degree copies.
 *
 * @param model            zoo name
 * @param data             data set
 * @param run              the training run folder
 * @param d                trainable weights
 * @param n                examples N
 * @param step             the relative finite-difference step
 * @param seed             seed of the random x and the random basis
 * @param fullGradientNorm ||grad f(x*)||
 * @param hessian          the finite-difference Hessian F
 * @param diffusion        the diffusion matrix D
 * @param decomposition    F = (D + Q) U on the well-posed subspace
 * @param detailedBalance  ||Q|| / ||D|| and its baselines
 * @param files            the arrays written, with their layout
 * @param wallSeconds      wall time
 * @param subset           the N examples
 * @param checks           the self-checks ({@link Checks}): valid, checks, failedChecks
 */
public record LinearizeResults(String model, String data, String run, long d, long n, double step, long seed,
                               double fullGradientNorm, Hessian hessian, Diffusion diffusion,
                               Decomposition decomposition, Balance detailedBalance, Map<String, String> files,
                               double wallSeconds, TrainingSubset.Description subset,
                               @JsonUnwrapped CheckSummary checks) {

    /**
     * The finite-difference Hessian F.
     *
     * @param method          how it was measured
     * @param asymmetry       ||F - F^T||_F / ||F||_F before symmetrizing
     * @param skewNorm        ||skew(F)||_2, the noise floor
     * @param gradientCalls   full-gradient evaluations
     * @param switchedColumns columns taken one-sided (stencil across a ReLU switch)
     * @param seconds         time
     * @param eigenvalues     summary of its eigenvalues mu
     */
    public record Hessian(String method, double asymmetry, double skewNorm, long gradientCalls, int switchedColumns,
                          double seconds, EigenvalueSummary eigenvalues) {
    }

    /**
     * The diffusion matrix D (eq. 2).
     *
     * @param sampling    its normalisation
     * @param seconds     time
     * @param trace       tr D, the sum of its eigenvalues
     * @param eigenvalues summary of its eigenvalues
     */
    public record Diffusion(String sampling, double seconds, double trace, EigenvalueSummary eigenvalues) {
    }

    /**
     * Lemma 20's decomposition on the well-posed subspace W = {mu > tolerance max|mu|}.
     *
     * @param tolerance             the relative eigenvalue tolerance
     * @param toleranceRule         how it was chosen
     * @param absoluteTolerance     tolerance max|mu|
     * @param wellPosedDimension    w = dim W
     * @param excludedDirections    d - w
     * @param illPosedPairs         pairs with mu_i + mu_j at most the tolerance
     * @param illPosedPairsStrict   pairs with mu_i + mu_j at most 0
     * @param totalPairs            all pairs i &lt;= j
     * @param rankS                 numerical rank of S
     * @param lyapunovResidual      of F S + S F^T = 2 D on W
     * @param antisymmetryResidual  ||Q + Q^T|| relative
     * @param factorizationResidual ||F - (D + Q) U|| relative
     * @param seconds               time
     */
    public record Decomposition(double tolerance, String toleranceRule, double absoluteTolerance, int wellPosedDimension,
                                int excludedDirections, int illPosedPairs, long illPosedPairsStrict, long totalPairs,
                                int rankS, double lyapunovResidual, double antisymmetryResidual,
                                double factorizationResidual, double seconds) {
    }

    /**
     * The detailed-balance assessment ({@link DetailedBalance}): r = ||Q||_F / ||D_W||_F with the
     * verdict its thresholds give (absent when a check failed).
     *
     * @param qOverD                 r
     * @param offDiagonalFraction    the off-diagonal share of D in F's eigenbasis, an upper bound of r
     * @param hessianDiffusionCosine cosine(F_W, D_W)
     * @param angles                 angles between F x and D U x
     * @param isotropicQOverD        r for the isotropic D of Lemma 6 (0 up to rounding)
     * @param isotropicUResidual     its U residual
     * @param randomBasisQOverD      r with D's eigenvalues in a random eigenbasis
     * @param qOverDAboveCutoff      r on the directions above relative cutoffs
     * @param verdict                the verdict's name, or null
     * @param verdictText            the verdict in words, or null
     * @param thresholds             the verdict's thresholds
     */
    public record Balance(double qOverD, double offDiagonalFraction, double hessianDiffusionCosine, Angles angles,
                          double isotropicQOverD, double isotropicUResidual, double randomBasisQOverD,
                          List<CutoffRatio> qOverDAboveCutoff,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String verdict,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String verdictText, Thresholds thresholds) {

        /** This assessment without its verdict (a check failed: no finding may be read off it). */
        Balance withoutVerdict() {
            return new Balance(qOverD, offDiagonalFraction, hessianDiffusionCosine, angles, isotropicQOverD,
                    isotropicUResidual, randomBasisQOverD, qOverDAboveCutoff, null, null, thresholds);
        }
    }

    /**
     * Statistics of the angle between the force F x and its gradient part D U x over random x in W.
     *
     * @param samples       random x
     * @param meanRadians   mean
     * @param stdRadians    standard deviation
     * @param minRadians    minimum
     * @param medianRadians median
     * @param maxRadians    maximum
     * @param meanDegrees   mean in degrees
     * @param stdDegrees    standard deviation in degrees
     */
    public record Angles(int samples, double meanRadians, double stdRadians, double minRadians, double medianRadians,
                         double maxRadians, double meanDegrees, double stdDegrees) {
    }

    /**
     * r restricted to the directions with mu above a fraction of max(mu).
     *
     * @param relativeCutoff the fraction
     * @param qOverD         r there
     */
    public record CutoffRatio(double relativeCutoff, double qOverD) {
    }

    /**
     * The limits of r for the verdicts HOLDS, NEAR and BROKEN (FAR above).
     *
     * @param holdsBelow  HOLDS below
     * @param nearBelow   NEAR below
     * @param brokenBelow BROKEN below
     */
    public record Thresholds(double holdsBelow, double nearBelow, double brokenBelow) {

        /** {@link DetailedBalance}'s thresholds. */
        public static final Thresholds CURRENT = new Thresholds(DetailedBalance.HOLDS_BELOW, DetailedBalance.NEAR_BELOW,
                DetailedBalance.BROKEN_BELOW);
    }

    /** The arrays linearize writes, with their dtype, shape and order. */
    public static final Map<String, String> FILES = describeFiles();

    private static Map<String, String> describeFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(LinearizeRunner.HESSIAN_FILE, "float64 [d, d], C order: the symmetrized finite-difference Hessian F, "
                + "rows and columns in TrainableLayout order");
        files.put(LinearizeRunner.DIFFUSION_FILE, "float64 [d, d], C order: D = (1/N) sum_k g_k g_k^T - grad f grad f^T "
                + "(eq. 2, with replacement), TrainableLayout order");
        files.put("eigenvalues-F.npy", "float64 [d]: eigenvalues of F, ascending");
        files.put("eigenvalues-D.npy", "float64 [d]: eigenvalues of D, ascending");
        files.put("angles.npy", "float64 [samples]: angles (radians) between F x and D U x for random x in W");
        return java.util.Collections.unmodifiableMap(files);
    }

    /**
     * The self-checks of a linearization ({@link Checks}): the per-example gradients that form D
     * spot-checked in double, the eigenvalue sums of F and D against their traces and Frobenius norms,
     * and the residuals of Lemma 20's identities.
     */
    public static Checks checks(NetworkQuadratic quad, double[] muF, double[] muD, LinearizationResult lin,
                                MultiLayerNetwork net, DataSet examples, long seed) {
        int[] spot = GradientSpotCheck.sample(examples.numExamples(), GradientSpotCheck.EXAMPLES, seed);
        DataSet few = examples.get(spot);
        MultiLayerNetwork net64 = NetworkLinearization.inDouble(net);
        INDArray rows = new InferenceGradientEngine(net64).compute(few.getFeatures().castTo(DataType.DOUBLE),
                few.getLabels().castTo(DataType.DOUBLE));
        return new Checks()
                .add(GradientSpotCheck.of("perExampleGradientMean", net64, few.getFeatures(), few.getLabels(), rows, seed))
                .addAll(Checks.eigenvalueSums("hessianEigenvalue", muF, quad.hessian().symmetric()))
                .addAll(Checks.eigenvalueSums("diffusionEigenvalue", muD, quad.diffusion().matrix()))
                .addAll(Checks.linearization(lin));
    }

    /**
     * The results of one linearization with its checks; when a check failed, without the
     * detailed-balance verdict, which must not be read off a result that failed its own check.
     */
    public static LinearizeResults of(LinearizeOptions o, String model, String data, NetworkQuadratic quad, double[] muF,
                                      double[] muD, double tolerance, LinearizationResult lin,
                                      DetailedBalance.Assessment balance, double decompositionSeconds, double wallSeconds,
                                      TrainingSubset.Description subset, Checks checks) {
        double noise = quad.hessian().skewNorm();
        Hessian h = new Hessian("central differences of the exact inference-mode full gradient, h_i = step * max(|x_i|, 1); "
                + "columns whose stencil straddles a ReLU switch (one-sided differences disagree) taken one-sided; "
                + "symmetrized (F + F^T) / 2", quad.hessian().asymmetry(), noise, quad.hessian().gradientCalls(),
                quad.hessian().switchedColumns().length, quad.hessianSeconds(), EigenvalueSummary.of(muF, noise));
        double trace = 0;
        for (double v : muD) {
            trace += v;
        }
        Diffusion dm = new Diffusion(quad.diffusion().sampling().name(), quad.diffusionSeconds(), trace,
                EigenvalueSummary.of(muD, 0.0));
        double maxAbs = Math.max(Math.abs(muF[0]), Math.abs(muF[muF.length - 1]));
        Decomposition dec = new Decomposition(tolerance, o.automaticTolerance() ? "auto: max(1e-12, skewNorm / max|mu|)" : "given",
                tolerance * maxAbs, lin.wellPosedIndices().length, lin.excludedDirections(), lin.illPosedPairs().size(),
                EigenvalueSummary.pairsWithSumAtMost(muF, 0.0), (long) muF.length * (muF.length + 1) / 2, lin.rankS(),
                lin.lyapunovResidual(), lin.antisymmetryResidual(), lin.factorizationResidual(), decompositionSeconds);
        List<CutoffRatio> sens = new ArrayList<>();
        for (int k = 0; k < balance.cutoffs().length; k++) {
            sens.add(new CutoffRatio(balance.cutoffs()[k], balance.qOverDAboveCutoff()[k]));
        }
        Angles a = new Angles(balance.anglesRadians().length, balance.angleMean(), balance.angleStd(), balance.angleMin(),
                balance.angleMedian(), balance.angleMax(), Math.toDegrees(balance.angleMean()),
                Math.toDegrees(balance.angleStd()));
        Balance b = new Balance(balance.qOverD(), balance.offDiagonalFraction(), balance.hessianDiffusionCosine(), a,
                balance.isotropicQOverD(), balance.isotropicUResidual(), balance.randomBasisQOverD(), sens,
                balance.verdict().name(), balance.verdict().description(), Thresholds.CURRENT);
        return new LinearizeResults(model, data, o.run().toString(), quad.dimension(), quad.examples(), o.step(), o.seed(),
                quad.fullGradient().norm2Number().doubleValue(), h, dm, dec, checks.valid() ? b : b.withoutVerdict(), FILES,
                wallSeconds, subset, CheckSummary.of(checks));
    }
}
