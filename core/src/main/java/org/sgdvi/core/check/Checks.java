package org.sgdvi.core.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdvi.core.dynamics.linear.LinearizationResult;
import org.sgdvi.core.spectrum.DenseLanczosSolver;
import org.sgdvi.core.spectrum.DenseSymmetricSolver;
import org.sgdvi.core.spectrum.GramSolver;
import org.sgdvi.core.spectrum.SpectrumResult;

/**
 * The self-checks of every numerical result, and the one place their tolerances are defined. A
 * result carries its checks; when one fails the command exits 1, its results.json holds
 * {@code "valid": false} with the failed checks, and no finding is printed from it.
 *
 * <p>Every check compares a discrepancy that is zero in exact arithmetic (or the excess over an
 * exact bound) with what rounding explains: a tolerance {@code C * n * eps * scale}, with
 * eps the machine epsilon of the data type the result was computed in ({@link #epsilon}),
 * n the problem size, {@link #C} = 10 a safety factor, and the scale written out per check:
 * <ul>
 * <li><b>Eigenvalue sums</b> of a symmetric d x d matrix D (diffusion matrix, eq. 2; Hessian F):
 * a backward-stable solver returns the eigenvalues of D + E with ||E|| &lt;= p(n) eps ||D||
 * (p(n) at most n in practice), so by Weyl and Hoffman-Wielandt
 * {@code traceSum} = |sum lambda - tr D| / max(sum |lambda|, |tr D|) &lt;= C n eps and
 * {@code squareSum} = |sum lambda^2 - ||D||_F^2| / ||D||_F^2 &lt;= C n eps, n the order of the
 * matrix the solver worked on (d, or N for the Gram matrix, which has the same nonzero spectrum).
 * When only the top k are computed (a Krylov solver), sum_k lambda &lt;= tr D and
 * sum_k lambda^2 &lt;= ||D||_F^2 hold exactly (Ritz values lie below the eigenvalues they approximate)
 * and the checks measure the excess over the bound, with n = max(d, N). An iterative solver's
 * eigenvalue error is at most its residual r_i (Bauer-Fike for symmetric matrices), so its
 * tolerance adds sum r_i / sum |lambda| (and 2 sum lambda_i r_i / ||D||_F^2).
 * tr D and ||D||_F come from the input, not from the eigenvalues: tr D = (1/c) sum_k ||g_k - gbar||^2
 * from the gradient rows, ||D||_F from the formed D or from the Gram matrix of centred rows
 * (||Gc^T Gc||_F = ||Gc Gc^T||_F).</li>
 * <li><b>Ritz residuals</b> of the matrix-free solver, recomputed explicitly with one more pass,
 * ||D x_i - theta_i x_i|| / theta_1, for the top pairs not below the rank threshold: at most the
 * solver's own target plus C sqrt(d + N) eps, the rounding of the d- and N-term dot products in D x.
 * A result whose mean and std come from tr D and ||D||_F (the dense-Lanczos route: the top k Ritz pairs of the
 * formed D, k past numpy's rank threshold t = theta_1 d eps) also checks the orthogonality of its Ritz
 * vectors, max |X^T X - I| &lt;= C sqrt(d) eps (the rounding of d-term dot products), and that the remainders
 * are what d - k eigenvalues of magnitude at most t can hold: |tr D - sum theta| &lt;= (d - k) t + sum r_i
 * + C d eps tr D and |||D||_F^2 - sum theta^2| &lt;= (d - k) t^2 + 2 sum theta_i r_i + C d eps ||D||_F^2.</li>
 * <li><b>Stochastic Lanczos quadrature</b> ({@code SpectralDensity}; the recursion is kept in double):
 * each quadrature's weights sum to 1 and its mean equals alpha_1 = q^T A q to C m eps64 (the eigenvectors of
 * an m x m tridiagonal are orthonormal to that); the Lanczos vectors are orthonormal to C sqrt(d) m eps64
 * (full reorthogonalization); the nodes lie in [lambda_min, lambda_max] up to those bounds' own uncertainty;
 * the broadened density integrates to 1 within 1e-5; its trace agrees with tr H within 4 combined standard
 * errors (a statistical check). The tail-index projections' second moment equals lambda_i(D) to
 * C sqrt(d + N) eps.</li>
 * <li><b>Lemma 20 residuals</b> (F = (D + Q) U, F S + S F^T = 2 D on W; n = d, double): the
 * eigenvectors of F enter with a backward error of order n eps ||F||, which the solution S carries,
 * so {@code lyapunovResidual} and {@code antisymmetryResidual} are allowed
 * C n eps ||F||_F ||S||_F / ||D_W||_F and {@code factorizationResidual}
 * C n eps ||F||_F ||S||_F ||U||_F / ||F P_S||_F (U = pinv(S) amplifies by the condition number
 * of S). These grow with the conditioning the tolerance of the well-posed subspace admits, so they
 * are capped at {@link #MAX_RELATIVE_RESIDUAL}: an identity that holds to fewer digits than that
 * cannot carry a finding.</li>
 * <li><b>Critical points</b> of a planar field (Example 19, Fig. 4): |grad Phi(x*)| recomputed at the
 * reported point is at most C eps (1 + |x*|) max(1, ||J(x*)||_F), the field change when x* is
 * rounded to the nearest double plus the rounding of the field's O(1) terms.</li>
 * <li><b>Fokker-Planck mass</b>: the cell masses sum to 1 at the end and never drift:
 * max(|sum m(T) - 1|, max_t |sum m(t) - sum m(0)|) &lt;= C (S + n) eps, S the number of explicit steps
 * (each step moves every face flow with one rounding per cell, at most a few eps of the unit mass)
 * and n the number of cells (the final sum).</li>
 * <li><b>Per-example gradients</b> (spot check): the mean of m rows g_k, projected on a seeded random
 * unit direction v, against the central difference of the inference-mode mean loss along v,
 * computed by DL4J's forward pass in double: |gbar.v - (L(x + h v) - L(x - h v)) / 2h| /
 * mean ||g_k|| &lt;= C (sqrt(d) eps_dtype + eps64 (1 + |L|) / (h mean ||g_k||) + |D_h - D_2h| / mean ||g_k||),
 * the rounding of the rows (d-term sums in the rows' data type), the cancellation in the difference,
 * and its truncation estimated from the estimates at steps h and 2h (Richardson); h = 1e-5
 * ({@link GradientSpotCheck}).</li>
 * <li><b>ZCA whitening</b> (computed in the datasets module, which cannot depend on this one;
 * see {@code ZcaWhitening}): along 8 seeded unit probes z the whitened training covariance equals
 * z^T C (C + epsilon I)^{-1} z (the identity only where lambda &gt;&gt; epsilon; 0 along directions
 * without variance) to 10 (d + sqrt(N)) eps64 (lambda_max + epsilon) / (lambda_min+ + epsilon).</li>
 * </ul>
 *
 * <p>A failed check is injected in tests through {@link FaultInjection}.</p>
 */
public final class Checks {

    /** The safety factor C of every tolerance. */
    public static final double C = 10;

    /** A relative residual above this never passes, whatever the conditioning. */
    public static final double MAX_RELATIVE_RESIDUAL = 1e-3;

    private final List<Check> checks = new ArrayList<>();

    /** Adds one check. */
    public Checks add(Check c) {
        checks.add(c);
        return this;
    }

    /** Adds checks. */
    public Checks addAll(Collection<Check> c) {
        checks.addAll(c);
        return this;
    }

    /** All checks in order. */
    public List<Check> all() {
        return List.copyOf(checks);
    }

    /** The checks that failed. */
    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** Whether every check passed (true when there are none). */
    public boolean valid() {
        return checks.stream().allMatch(Check::passed);
    }

    /**
     * The checks as results.json records them: {@code "valid"}, {@code "checks"} and, when one
     * failed, {@code "failedChecks"} (their names). Unwrap it into a results record with
     * {@code @JsonUnwrapped}.
     *
     * @param valid        whether every check passed
     * @param checks       every check in order
     * @param failedChecks names of the failed checks, or null (absent from the JSON) when none failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(boolean valid, List<Check> checks, List<String> failedChecks) {
    }

    /** {@code "valid"}, {@code "checks"} and {@code "failedChecks"} as a record. */
    public Summary summary() {
        return new Summary(valid(), all(), valid() ? null : failed().stream().map(Check::name).toList());
    }

    /**
     * Throws when a check failed.
     *
     * @param what  the result, e.g. "the linearization"
     * @param where where the failure was recorded, e.g. a results.json path, or null
     * @throws CheckFailedException naming the failed checks
     */
    public void requireValid(String what, String where) {
        if (!valid()) {
            throw new CheckFailedException(what, failed(), where);
        }
    }

    /** Machine epsilon of FLOAT, DOUBLE or HALF (the gap between 1 and the next number). */
    public static double epsilon(DataType dtype) {
        return switch (dtype) {
            case FLOAT -> Math.ulp(1.0f);
            case DOUBLE -> Math.ulp(1.0);
            case HALF -> 9.765625e-4;
            default -> throw new IllegalArgumentException("data type " + dtype + " has no machine epsilon; expected FLOAT or DOUBLE");
        };
    }

    // ---------------------------------------------------------------- eigenvalue sums

    /**
     * The eigenvalue-sum checks of a spectrum whose input trace and squared Frobenius norm are known
     * (checks whose reference is NaN are left out). {@code full}: all nonzero eigenvalues were
     * computed (equality); else the computed ones are the top k (bound). {@code residuals}: the
     * residual of each eigenpair for an iterative solver, else empty.
     */
    public static List<Check> eigenvalueSums(String prefix, double[] eigenvalues, double trace, double frobeniusSquared,
                                             boolean full, double[] residuals, long n, double eps) {
        List<Check> out = new ArrayList<>();
        double sum = 0;
        double abs = 0;
        double squares = 0;
        double rSum = 0;
        double lrSum = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            double l = eigenvalues[i];
            sum += l;
            abs += Math.abs(l);
            squares += l * l;
            double r = i < residuals.length ? residuals[i] : 0;
            rSum += r;
            lrSum += Math.abs(l) * r;
        }
        double base = C * n * eps;
        if (!Double.isNaN(trace)) {
            double scale = Math.max(Math.max(abs, Math.abs(trace)), Double.MIN_NORMAL);
            double value = (full ? Math.abs(sum - trace) : Math.max(0, sum - trace)) / scale;
            out.add(Check.atMost(prefix + "TraceSum", value, base + rSum / scale,
                    full ? "|sum lambda - tr D| / sum|lambda| <= C n eps (+ sum r_i / sum|lambda|), n = " + n
                            : "max(0, sum_k lambda - tr D) / tr D <= C n eps (+ sum r_i / tr D), n = " + n));
        }
        if (!Double.isNaN(frobeniusSquared)) {
            double scale = Math.max(frobeniusSquared, Double.MIN_NORMAL);
            double value = (full ? Math.abs(squares - frobeniusSquared) : Math.max(0, squares - frobeniusSquared)) / scale;
            out.add(Check.atMost(prefix + "SquareSum", value, base + 2 * lrSum / scale,
                    full ? "|sum lambda^2 - ||D||_F^2| / ||D||_F^2 <= C n eps (+ 2 sum lambda_i r_i / ||D||_F^2), n = " + n
                            : "max(0, sum_k lambda^2 - ||D||_F^2) / ||D||_F^2 <= C n eps (+ 2 sum lambda_i r_i / ||D||_F^2), n = " + n));
        }
        return out;
    }

    /** The eigenvalue-sum checks of all eigenvalues {@code mu} of the dense symmetric {@code matrix} (its trace and norm read here). */
    public static List<Check> eigenvalueSums(String prefix, double[] mu, INDArray matrix) {
        long n = matrix.rows();
        double trace = 0;
        for (long i = 0; i < n; i++) {
            trace += matrix.getDouble(i, i);
        }
        double f = matrix.norm2Number().doubleValue();
        return eigenvalueSums(prefix, mu, trace, f * f, true, new double[0], n, epsilon(matrix.dataType()));
    }

    /** The checks of a diffusion-matrix spectrum (see the class comment). */
    public static List<Check> spectrum(SpectrumResult r) {
        double eps = epsilon(r.dataType());
        boolean full = r.tail() == SpectrumResult.Tail.NONE || r.tail() == SpectrumResult.Tail.ZERO;
        long n = r.solver().equals(GramSolver.NAME) ? Math.min(r.exampleCount(), r.dimension())
                : r.solver().equals(DenseSymmetricSolver.NAME) || r.solver().equals(DenseLanczosSolver.NAME) ? r.dimension()
                : Math.max(r.dimension(), r.exampleCount());
        List<Check> out = new ArrayList<>(eigenvalueSums("eigenvalue", r.eigenvalues(), r.trace(), r.frobeniusSquared(),
                full, r.residuals(), n, eps));
        double[] explicit = r.checkedResiduals();
        if (explicit.length > 0) {
            double theta1 = Math.abs(r.eigenvalues()[0]);
            double threshold = theta1 * r.dimension() * eps;
            double worst = 0;
            for (int i = 0; i < explicit.length; i++) {
                if (r.eigenvalues()[i] + explicit[i] > threshold || Double.isNaN(explicit[i])) {
                    worst = Math.max(worst, theta1 > 0 ? explicit[i] / theta1 : explicit[i]);
                    if (Double.isNaN(explicit[i])) {
                        worst = Double.NaN;
                        break;
                    }
                }
            }
            double tol = r.residualTarget() + C * Math.sqrt((double) r.dimension() + r.exampleCount()) * eps;
            out.add(Check.atMost("ritzResiduals", worst, tol, "max ||D x_i - theta_i x_i|| / theta_1 over the top "
                    + explicit.length + " Ritz pairs above the rank threshold <= target + C sqrt(d + N) eps"));
        }
        if (r.reference().momentsFromNorms()) {
            out.addAll(belowThreshold(r, eps));
        }
        return out;
    }

    /**
     * The checks of a result whose mean and std come from tr D and ||D||_F^2 while only the top k eigenvalues
     * theta_i were computed (see the class comment): the Ritz vectors' orthogonality, and the remainders
     * tr D - sum theta_i and ||D||_F^2 - sum theta_i^2 against what d - k eigenvalues of magnitude at most
     * the rank threshold t = theta_1 d eps can hold.
     */
    private static List<Check> belowThreshold(SpectrumResult r, double eps) {
        long d = r.dimension();
        double[] theta = r.eigenvalues();
        long rest = d - theta.length;
        double t = theta.length == 0 ? 0 : Math.abs(theta[0]) * d * eps;
        double sum = 0;
        double squares = 0;
        double rSum = 0;
        double lrSum = 0;
        for (int i = 0; i < theta.length; i++) {
            double ri = i < r.residuals().length ? r.residuals()[i] : 0;
            sum += theta[i];
            squares += theta[i] * theta[i];
            rSum += ri;
            lrSum += Math.abs(theta[i]) * ri;
        }
        double base = C * d * eps;
        List<Check> out = new ArrayList<>();
        out.add(Check.atMost("ritzOrthogonality", r.reference().orthogonality(), C * Math.sqrt((double) d) * eps,
                "max |X^T X - I| of the " + theta.length + " Ritz vectors <= C sqrt(d) eps"));
        out.add(Check.atMost("tailTrace", Math.abs(r.trace() - sum),
                rest * t + rSum + base * Math.max(Math.abs(r.trace()), sum),
                "|tr D - sum_k theta| <= (d - k) t + sum r_i + C d eps tr D, t = theta_1 d eps, d - k = " + rest));
        out.add(Check.atMost("tailSquareSum", Math.abs(r.frobeniusSquared() - squares),
                rest * t * t + 2 * lrSum + base * r.frobeniusSquared(),
                "|||D||_F^2 - sum_k theta^2| <= (d - k) t^2 + 2 sum theta_i r_i + C d eps ||D||_F^2, d - k = " + rest));
        return out;
    }

    // ---------------------------------------------------------------- Lemma 20

    /** The residual checks of a Lemma 20 decomposition (see the class comment). */
    public static List<Check> linearization(LinearizationResult lin) {
        long n = lin.f().rows();
        double eps = epsilon(DataType.DOUBLE);
        double fNorm = lin.f().norm2Number().doubleValue();
        double sNorm = lin.s().norm2Number().doubleValue();
        double uNorm = lin.u().norm2Number().doubleValue();
        double dNorm = lin.dRestricted().norm2Number().doubleValue();
        double base = C * n * eps;
        double lyap = Math.min(MAX_RELATIVE_RESIDUAL, base * fNorm * sNorm / Math.max(dNorm, Double.MIN_NORMAL));
        double anti = Math.min(MAX_RELATIVE_RESIDUAL, base * fNorm * sNorm / Math.max(dNorm + lin.fsNorm(), Double.MIN_NORMAL));
        double fact = Math.min(MAX_RELATIVE_RESIDUAL, base * fNorm * sNorm * uNorm / Math.max(lin.fpNorm(), Double.MIN_NORMAL));
        if (lin.wellPosedIndices().length == 0) {
            lyap = anti = fact = base;
        }
        return List.of(
                Check.atMost("lyapunovResidual", lin.lyapunovResidual(), lyap,
                        "min(1e-3, C n eps ||F||_F ||S||_F / ||D_W||_F), n = " + n),
                Check.atMost("antisymmetryResidual", lin.antisymmetryResidual(), anti,
                        "min(1e-3, C n eps ||F||_F ||S||_F / (||D_W||_F + ||F S||_F)), n = " + n),
                Check.atMost("factorizationResidual", lin.factorizationResidual(), fact,
                        "min(1e-3, C n eps ||F||_F ||S||_F ||U||_F / ||F P_S||_F), n = " + n));
    }

    // ---------------------------------------------------------------- planar dynamics

    /**
     * |grad(x*)| recomputed at a reported critical point x* with Jacobian {@code jacobian} (row-major
     * 2 x 2), against C eps (1 + |x*|) max(1, ||J||_F).
     */
    public static Check criticalPoint(String name, double[] x, double[] gradient, double[] jacobian) {
        double g = Math.hypot(gradient[0], gradient[1]);
        double j = Math.sqrt(jacobian[0] * jacobian[0] + jacobian[1] * jacobian[1] + jacobian[2] * jacobian[2]
                + jacobian[3] * jacobian[3]);
        double tol = C * epsilon(DataType.DOUBLE) * (1 + Math.hypot(x[0], x[1])) * Math.max(1, j);
        return Check.atMost(name, g, tol, "|grad(x*)| <= C eps (1 + |x*|) max(1, ||J(x*)||_F)");
    }

    /**
     * The mass of a density on {@code cells} cells after {@code steps} explicit steps:
     * max(|total - 1|, drift) against C (steps + cells) eps.
     */
    public static Check mass(String name, double total, double drift, long cells, long steps) {
        double value = Math.max(Math.abs(total - 1), drift);
        if (Double.isNaN(total) || Double.isNaN(drift)) {
            value = Double.NaN;
        }
        return Check.atMost(name, value, C * (steps + cells) * epsilon(DataType.DOUBLE),
                "max(|sum m(T) - 1|, max_t |sum m(t) - sum m(0)|) <= C (steps + cells) eps, steps = " + steps
                        + ", cells = " + cells);
    }
}
