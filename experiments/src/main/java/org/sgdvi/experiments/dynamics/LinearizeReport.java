package org.sgdvi.experiments.dynamics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sgdvi.core.dynamics.linear.EigenvalueSummary;
import org.sgdvi.experiments.report.HtmlReport;

/** The report.html of {@code sgdvi linearize}, rendered from its results.json map and its two plots. */
public final class LinearizeReport {

    private LinearizeReport() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    /** The whole page. */
    public static String render(Map<String, Object> r, byte[] spectraPng, byte[] anglesPng) {
        Map<String, Object> h = section(r, "hessian");
        Map<String, Object> dm = section(r, "diffusion");
        Map<String, Object> dec = section(r, "decomposition");
        Map<String, Object> b = section(r, "detailedBalance");
        Map<String, Object> a = section(b, "angles");
        EigenvalueSummary ef = (EigenvalueSummary) h.get("eigenvalues");
        EigenvalueSummary ed = (EigenvalueSummary) dm.get("eigenvalues");
        HtmlReport report = new HtmlReport("Lemma 20 on " + r.get("model") + " (" + r.get("data") + ")");
        report.paragraph("At the trained weights x*, the linearized SGD dynamics dx = -F (x - x*) dt + sqrt(2 D) dW "
                + "(Lemma 20) has F the Hessian of the training loss and D the diffusion matrix (eq. 2), both over the "
                + "N training examples (a seeded sample of the training split, subset.npy) in inference mode and double precision. Its stationary covariance S "
                + "solves F S + S F^T = 2 D; then U = S^-1, Q = F S - D is antisymmetric and F = (D + Q) U. "
                + "Detailed balance holds iff Q = 0; with isotropic D (Lemma 6) Q = 0 always.");
        report.heading("Verdict");
        report.paragraph(String.format("||Q||_F / ||D_W||_F = %s: %s. This ratio is at most 1 (in F's eigenbasis "
                        + "Q'_ij = D'_ij (mu_i - mu_j) / (mu_i + mu_j)) and at most the off-diagonal fraction of D in F's "
                        + "eigenbasis, here %s. Baselines: the isotropic D = (tr D / d) I of Lemma 6 gives %s (0 up to rounding amplified by "
                        + "the condition number of S on W); D's own "
                        + "eigenvalues in a random eigenbasis give %s. The force F x and its gradient part D U x differ by "
                        + "%s +- %s degrees on average over %s random x in the well-posed subspace.",
                HtmlReport.format(b.get("qOverD")), b.get("verdictText"), HtmlReport.format(b.get("offDiagonalFraction")),
                HtmlReport.format(b.get("isotropicQOverD")), HtmlReport.format(b.get("randomBasisQOverD")),
                HtmlReport.format(a.get("meanDegrees")), HtmlReport.format(a.get("stdDegrees")), a.get("samples")));
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("d (trainable weights)", r.get("d"));
        main.put("N (examples)", r.get("n"));
        main.put("finite-difference step h (relative)", r.get("step"));
        main.put("||grad f(x*)||", r.get("fullGradientNorm"));
        main.put("asymmetry ||F - F^T||_F / ||F||_F before symmetrizing", h.get("asymmetry"));
        main.put("noise floor ||skew(F)||_2", h.get("skewNorm"));
        main.put("columns straddling a ReLU switch (taken one-sided)", h.get("switchedColumns"));
        main.put("well-posed dimension w (mu > tolerance)", dec.get("wellPosedDimension"));
        main.put("relative eigenvalue tolerance (" + dec.get("toleranceRule") + ")", dec.get("tolerance"));
        main.put("ill-posed pairs mu_i + mu_j <= tolerance", dec.get("illPosedPairs"));
        main.put("ill-posed pairs mu_i + mu_j <= 0", dec.get("illPosedPairsStrict"));
        main.put("all pairs i <= j", dec.get("totalPairs"));
        main.put("Lyapunov residual on W", dec.get("lyapunovResidual"));
        main.put("antisymmetry residual ||Q + Q^T||", dec.get("antisymmetryResidual"));
        main.put("factorization residual ||F - (D + Q) U||", dec.get("factorizationResidual"));
        main.put("cosine(F_W, D_W)", b.get("hessianDiffusionCosine"));
        for (Object o : (List<?>) b.get("qOverDAboveCutoff")) {
            Map<?, ?> e = (Map<?, ?>) o;
            main.put("||Q||/||D|| on directions with mu > " + HtmlReport.format(e.get("relativeCutoff")) + " max(mu)",
                    e.get("qOverD"));
        }
        main.put("wall time (s)", r.get("wallSeconds"));
        report.keyValues(main);
        report.heading("Spectra");
        report.table(List.of("matrix", "min", "max", "mean", "std", "positive", "negative", "|lambda| <= floor",
                        "rank (float32 rule)"),
                List.of(List.of("F (Hessian)", ef.min(), ef.max(), ef.mean(), ef.std(), ef.positive(), ef.negative(),
                                ef.unresolved(), ef.rank()),
                        List.of("D (diffusion)", ed.min(), ed.max(), ed.mean(), ed.std(), ed.positive(), ed.negative(),
                                ed.unresolved(), ed.rank())));
        report.paragraph("Most negative eigenvalues of F: " + java.util.Arrays.toString(ef.smallest())
                + ". Eigenvalues of F with |mu| below the noise floor are not resolved by the finite differences.");
        report.image("Eigenvalues of F (positive, and negative by magnitude) and of D by rank, log scale", spectraPng);
        report.image("Histogram of the angle between F x and D U x", anglesPng);
        report.heading("Files");
        Map<String, Object> files = section(r, "files");
        report.keyValues(files);
        return report.render();
    }
}
