package org.sgdvi.experiments.dynamics;

import java.util.ArrayList;
import java.util.List;

import org.sgdvi.core.dynamics.linear.EigenvalueSummary;
import org.sgdvi.experiments.report.Finding;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The report.html of {@code sgdvi linearize}, rendered from its results ({@link LinearizeResults}) and
 * its two plots: Lemma 20 of arXiv 1710.11029 (F = (D + Q) U; detailed balance iff Q = 0) checked on a
 * trained network, with the verdict on r = ||Q||_F / ||D_W||_F and the numbers behind it.
 */
public final class LinearizeReport {

    private LinearizeReport() {
    }

    /** The whole page. */
    public static String render(LinearizeResults r, byte[] spectraPng, byte[] anglesPng) {
        LinearizeResults.Hessian h = r.hessian();
        LinearizeResults.Decomposition dec = r.decomposition();
        LinearizeResults.Balance b = r.detailedBalance();
        LinearizeResults.Angles a = b.angles();
        HtmlReport report = new HtmlReport("Lemma 20 on " + r.model() + " (" + r.data() + ")");
        report.paragraph("At the trained weights x*, the linearized SGD dynamics dx = -F (x - x*) dt + sqrt(2 D) dW "
                + "(Lemma 20) has F the Hessian of the training loss and D the diffusion matrix (eq. 2), both over the "
                + "N training examples (a seeded sample of the training split, subset.npy) in inference mode and double precision. Its stationary covariance S "
                + "solves F S + S F^T = 2 D; then U = S^-1, Q = F S - D is antisymmetric and F = (D + Q) U. "
                + "Detailed balance holds iff Q = 0; with isotropic D (Lemma 6) Q = 0 always.");
        report.heading("Verdict");
        report.findings(List.of(new Finding("Lemma 20: Q != 0 means detailed balance is broken",
                paperStatus(b.verdict()), b.verdictText() + "; " + paperComparison(b.verdict()), String.format("||Q||_F / ||D_W||_F = %s; the verdict's thresholds are %s (holds below), %s (near below) "
                                + "and %s (broken below; far at or above). The paper argues that the diffusion matrix of a "
                                + "deep network is far from isotropic, so that Q != 0 and SGD does not satisfy detailed "
                                + "balance (arXiv 1710.11029: D has a rank of a few percent of d in Figs. 1-2; Lemma 20).", HtmlReport.format(b.qOverD()),
                        HtmlReport.format(b.thresholds().holdsBelow()), HtmlReport.format(b.thresholds().nearBelow()),
                        HtmlReport.format(b.thresholds().brokenBelow())))));
        report.paragraph(String.format("||Q||_F / ||D_W||_F = %s: %s. This ratio is at most 1 (in F's eigenbasis "
                        + "Q'_ij = D'_ij (mu_i - mu_j) / (mu_i + mu_j)) and at most the off-diagonal fraction of D in F's "
                        + "eigenbasis, here %s. Baselines: the isotropic D = (tr D / d) I of Lemma 6 gives %s (0 up to rounding amplified by "
                        + "the condition number of S on W); D's own "
                        + "eigenvalues in a random eigenbasis give %s. The force F x and its gradient part D U x differ by "
                        + "%s +- %s degrees on average over %s random x in the well-posed subspace.",
                HtmlReport.format(b.qOverD()), b.verdictText(), HtmlReport.format(b.offDiagonalFraction()),
                HtmlReport.format(b.isotropicQOverD()), HtmlReport.format(b.randomBasisQOverD()),
                HtmlReport.format(a.meanDegrees()), HtmlReport.format(a.stdDegrees()), a.samples()));
        report.heading("Configuration");
        report.keyValueRows(HtmlReport.pairs("model", r.model(), "data", r.data(), "training run", r.run(), "examples N", r.n(),
                "subset", r.subset().rule() + ", seed " + r.subset().seed(), "finite-difference step h (relative)", r.step(),
                "seed", r.seed(), "random x for the angles", a.samples(), "eigenvalue tolerance rule", dec.toleranceRule()));
        List<List<Object>> main = new ArrayList<>(HtmlReport.pairs("d (trainable weights)", r.d(), "N (examples)", r.n(),
                "finite-difference step h (relative)", r.step(), "||grad f(x*)||", r.fullGradientNorm(),
                "asymmetry ||F - F^T||_F / ||F||_F before symmetrizing", h.asymmetry(),
                "noise floor ||skew(F)||_2", h.skewNorm(),
                "columns straddling a ReLU switch (taken one-sided)", h.switchedColumns(),
                "well-posed dimension w (mu > tolerance)", dec.wellPosedDimension(),
                "relative eigenvalue tolerance (" + dec.toleranceRule() + ")", dec.tolerance(),
                "ill-posed pairs mu_i + mu_j <= tolerance", dec.illPosedPairs(),
                "ill-posed pairs mu_i + mu_j <= 0", dec.illPosedPairsStrict(), "all pairs i <= j", dec.totalPairs(),
                "Lyapunov residual on W", dec.lyapunovResidual(),
                "antisymmetry residual ||Q + Q^T||", dec.antisymmetryResidual(),
                "factorization residual ||F - (D + Q) U||", dec.factorizationResidual(),
                "cosine(F_W, D_W)", b.hessianDiffusionCosine()));
        for (LinearizeResults.CutoffRatio e : b.qOverDAboveCutoff()) {
            main.add(List.of("||Q||/||D|| on directions with mu > " + HtmlReport.format(e.relativeCutoff()) + " max(mu)",
                    e.qOverD()));
        }
        main.add(List.of("wall time (s)", r.wallSeconds()));
        report.heading("Numbers").keyValueRows(main);
        report.heading("Spectra");
        EigenvalueSummary ef = h.eigenvalues();
        report.table(List.of("matrix", "min", "max", "mean", "std", "positive", "negative", "|lambda| <= floor",
                        "rank (float32 rule)"), List.of(spectrumRow("F (Hessian)", ef),
                        spectrumRow("D (diffusion)", r.diffusion().eigenvalues())));
        report.paragraph("Most negative eigenvalues of F: " + java.util.Arrays.toString(ef.smallest())
                + ". Eigenvalues of F with |mu| below the noise floor are not resolved by the finite differences.");
        report.image("Eigenvalues of F (positive, and negative by magnitude) and of D by rank, log scale", spectraPng);
        report.image("Histogram of the angle between F x and D U x", anglesPng);
        report.heading("Files");
        report.keyValues(r.files());
        return report.render();
    }

    /** What the verdict says about the paper's expectation that Q != 0 for a deep network. */
    /** Broken or far: the paper's expectation holds; holds: it does not; near (weakly) or undefined: undecided. */
    static Finding.Status paperStatus(String verdict) {
        return switch (verdict) {
            case "BROKEN", "FAR" -> Finding.Status.CONFIRMED;
            case "HOLDS" -> Finding.Status.NOT_CONFIRMED;
            default -> Finding.Status.UNDETERMINED;
        };
    }

    static String paperComparison(String verdict) {
        return switch (verdict) {
            case "BROKEN", "FAR" -> "as the paper expects";
            case "NEAR" -> "Q is small but not negligible: the paper's expectation holds only weakly here";
            case "HOLDS" -> "unlike the paper's expectation for deep networks";
            default -> "no comparison with the paper is possible";
        };
    }

    private static List<Object> spectrumRow(String name, EigenvalueSummary e) {
        return List.of(name, e.min(), e.max(), e.mean(), e.std(), e.positive(), e.negative(), e.unresolved(), e.rank());
    }
}
