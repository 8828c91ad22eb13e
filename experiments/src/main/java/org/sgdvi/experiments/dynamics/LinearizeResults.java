package org.sgdvi.experiments.dynamics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.check.GradientSpotCheck;
import org.sgdvi.core.dynamics.linear.NetworkLinearization;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.dynamics.linear.DetailedBalance;
import org.sgdvi.core.dynamics.linear.EigenvalueSummary;
import org.sgdvi.core.dynamics.linear.LinearizationResult;
import org.sgdvi.core.dynamics.linear.NetworkQuadratic;
import org.sgdvi.experiments.train.TrainRequest;

/**
 * The results.json of {@code sgdvi linearize} (camelCase keys, seconds for times, angles in radians
 * with degree copies): sizes, the quality of the finite-difference Hessian, eigenvalue summaries of F
 * and D, the residuals of Lemma 20's identities on the well-posed subspace, the ill-posed directions,
 * and the detailed-balance assessment with its baselines.
 */
public final class LinearizeResults {

    private LinearizeResults() {
    }

    /**
     * The self-checks of a linearization ({@link Checks}): the eigenvalue sums of F and D against their
     * traces and Frobenius norms, and the residuals of Lemma 20's identities. Puts {@code "valid"} and
     * {@code "checks"} into {@code results}; when a check failed, also drops the detailed-balance verdict,
     * which must not be read off a result that failed its own check.
     */
    public static Checks checks(Map<String, Object> results, NetworkQuadratic quad, double[] muF, double[] muD,
                                LinearizationResult lin, MultiLayerNetwork net, DataSet examples, long seed) {
        // the per-example gradients that form D, spot-checked on a few seeded examples in double
        int[] spot = GradientSpotCheck.sample(examples.numExamples(), GradientSpotCheck.EXAMPLES, seed);
        DataSet few = examples.get(spot);
        MultiLayerNetwork net64 = NetworkLinearization.inDouble(net);
        INDArray rows = new InferenceGradientEngine(net64).compute(few.getFeatures().castTo(DataType.DOUBLE),
                few.getLabels().castTo(DataType.DOUBLE));
        Checks checks = new Checks()
                .add(GradientSpotCheck.of("perExampleGradientMean", net64, few.getFeatures(), few.getLabels(), rows, seed))
                .addAll(Checks.eigenvalueSums("hessianEigenvalue", muF, quad.hessian().symmetric()))
                .addAll(Checks.eigenvalueSums("diffusionEigenvalue", muD, quad.diffusion().matrix()))
                .addAll(Checks.linearization(lin));
        checks.putInto(results);
        if (!checks.valid() && results.get("detailedBalance") instanceof Map<?, ?> b) {
            b.remove("verdict");
            b.remove("verdictText");
        }
        return checks;
    }

    /** Builds the ordered map written as results.json. */
    public static Map<String, Object> build(LinearizeOptions o, TrainRequest request, String data, NetworkQuadratic quad,
                                            double[] muF, double[] muD, double tolerance, LinearizationResult lin,
                                            DetailedBalance.Assessment balance, double decompositionSeconds,
                                            double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", request.model());
        m.put("data", data);
        m.put("run", o.run().toString());
        m.put("d", quad.dimension());
        m.put("n", quad.examples());
        m.put("step", o.step());
        m.put("seed", o.seed());
        m.put("fullGradientNorm", quad.fullGradient().norm2Number().doubleValue());

        double noise = quad.hessian().skewNorm();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("method", "central differences of the exact inference-mode full gradient, h_i = step * max(|x_i|, 1); "
                + "columns whose stencil straddles a ReLU switch (one-sided differences disagree) taken one-sided; "
                + "symmetrized (F + F^T) / 2");
        h.put("asymmetry", quad.hessian().asymmetry());
        h.put("skewNorm", noise);
        h.put("gradientCalls", quad.hessian().gradientCalls());
        h.put("switchedColumns", quad.hessian().switchedColumns().length);
        h.put("seconds", quad.hessianSeconds());
        h.put("eigenvalues", EigenvalueSummary.of(muF, noise));
        m.put("hessian", h);

        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("sampling", quad.diffusion().sampling().name());
        dm.put("seconds", quad.diffusionSeconds());
        double trace = 0;
        for (double v : muD) {
            trace += v;
        }
        dm.put("trace", trace);
        dm.put("eigenvalues", EigenvalueSummary.of(muD, 0.0));
        m.put("diffusion", dm);

        double maxAbs = Math.max(Math.abs(muF[0]), Math.abs(muF[muF.length - 1]));
        Map<String, Object> dec = new LinkedHashMap<>();
        dec.put("tolerance", tolerance);
        dec.put("toleranceRule", o.automaticTolerance() ? "auto: max(1e-12, skewNorm / max|mu|)" : "given");
        dec.put("absoluteTolerance", tolerance * maxAbs);
        dec.put("wellPosedDimension", lin.wellPosedIndices().length);
        dec.put("excludedDirections", lin.excludedDirections());
        dec.put("illPosedPairs", lin.illPosedPairs().size());
        dec.put("illPosedPairsStrict", EigenvalueSummary.pairsWithSumAtMost(muF, 0.0));
        dec.put("totalPairs", (long) muF.length * (muF.length + 1) / 2);
        dec.put("rankS", lin.rankS());
        dec.put("lyapunovResidual", lin.lyapunovResidual());
        dec.put("antisymmetryResidual", lin.antisymmetryResidual());
        dec.put("factorizationResidual", lin.factorizationResidual());
        dec.put("seconds", decompositionSeconds);
        m.put("decomposition", dec);

        Map<String, Object> b = new LinkedHashMap<>();
        b.put("qOverD", balance.qOverD());
        b.put("offDiagonalFraction", balance.offDiagonalFraction());
        b.put("hessianDiffusionCosine", balance.hessianDiffusionCosine());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("samples", balance.anglesRadians().length);
        a.put("meanRadians", balance.angleMean());
        a.put("stdRadians", balance.angleStd());
        a.put("minRadians", balance.angleMin());
        a.put("medianRadians", balance.angleMedian());
        a.put("maxRadians", balance.angleMax());
        a.put("meanDegrees", Math.toDegrees(balance.angleMean()));
        a.put("stdDegrees", Math.toDegrees(balance.angleStd()));
        b.put("angles", a);
        b.put("isotropicQOverD", balance.isotropicQOverD());
        b.put("isotropicUResidual", balance.isotropicUResidual());
        b.put("randomBasisQOverD", balance.randomBasisQOverD());
        java.util.List<Map<String, Object>> sens = new java.util.ArrayList<>();
        for (int k = 0; k < balance.cutoffs().length; k++) {
            sens.add(Map.of("relativeCutoff", balance.cutoffs()[k], "qOverD", balance.qOverDAboveCutoff()[k]));
        }
        b.put("qOverDAboveCutoff", sens);
        b.put("verdict", balance.verdict().name());
        b.put("verdictText", balance.verdict().description());
        b.put("thresholds", Map.of("holdsBelow", DetailedBalance.HOLDS_BELOW, "nearBelow", DetailedBalance.NEAR_BELOW,
                "brokenBelow", DetailedBalance.BROKEN_BELOW));
        m.put("detailedBalance", b);

        Map<String, Object> files = new LinkedHashMap<>();
        files.put(LinearizeRunner.HESSIAN_FILE, "float64 [d, d], C order: the symmetrized finite-difference Hessian F, "
                + "rows and columns in TrainableLayout order");
        files.put(LinearizeRunner.DIFFUSION_FILE, "float64 [d, d], C order: D = (1/N) sum_k g_k g_k^T - grad f grad f^T "
                + "(eq. 2, with replacement), TrainableLayout order");
        files.put("eigenvalues-F.npy", "float64 [d]: eigenvalues of F, ascending");
        files.put("eigenvalues-D.npy", "float64 [d]: eigenvalues of D, ascending");
        files.put("angles.npy", "float64 [samples]: angles (radians) between F x and D U x for random x in W");
        m.put("files", files);
        m.put("wallSeconds", wallSeconds);
        return m;
    }
}
