package org.sgdvi.experiments.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.sgdvi.experiments.report.Finding;
import org.sgdvi.experiments.report.HtmlReport;

/**
 * The claims of Example 19 and Fig. 4 of arXiv 1710.11029 checked on a double-well run, each as a
 * {@link Finding} with the numbers behind it. Phi(x) = (x1^2 - 1)^2/4 + x2^2/2, grad f = grad Phi - j with
 * j = lambda exp(Phi) J_ss, dx = -grad f dt + sqrt(2/beta) dW (Theorem 22: the critical points of Phi
 * are not those of f):
 * <ul>
 *   <li>lambda = 0: the critical points of f and of Phi coincide, minima at (+-1, 0) and a saddle at 0;</li>
 *   <li>0 &lt; lambda &lt; lambda* = e^{-1/4}: the zeros of grad f move away from (+-1, 0);</li>
 *   <li>lambda &gt; lambda*: the dynamics runs in limit cycles around the origin, the force's only zero;</li>
 *   <li>every lambda: the stationary density stays exp(-beta Phi) / Z (div(j p_ss) = 0);</li>
 *   <li>Theorem 5: the free energy beta^{-1} KL(p_t || p_ss) never increases.</li>
 * </ul>
 */
public final class DoubleWellFindings {

    /** Zeros of grad f this close to (1, 0) are the minimum of Phi (Newton's round-off is far below it). */
    public static final double SAME_POINT = 1e-9;
    /** The particle density is at exp(-beta Phi) when its TV is at most this multiple of the sampling floor. */
    public static final double TV_FLOOR_FACTOR = 2;
    /** The circulation is resolved when the winding angular velocity exceeds this many standard errors. */
    public static final double WINDING_STANDARD_ERRORS = 2;

    private DoubleWellFindings() {
    }

    /** Adds the findings to {@code html}. */
    public static void addTo(HtmlReport html, DoubleWellResults r) {
        html.findings(findings(r));
    }

    /** One finding per claim and lambda, in the order of the list above. */
    public static List<Finding> findings(DoubleWellResults r) {
        List<Finding> out = new ArrayList<>();
        double star = r.bifurcationLambda();
        for (WellShift s : r.wellShifts()) {
            double l = s.lambda();
            String numbers = "zeros of grad f in [-2, 2]^2: " + s.zerosOfGradF() + " (" + r.criticalPoints().stream()
                    .filter(c -> c.lambda() == l && "f".equals(c.field())).map(CriticalPointEntry::type)
                    .collect(Collectors.joining(", ")) + "); the nearest to the minimum (1, 0) of Phi at distance "
                    + fmt(s.shiftFromWell()) + ".";
            if (l == 0) {
                boolean same = s.zerosOfGradF() == 3 && s.shiftFromWell() <= SAME_POINT;
                out.add(new Finding("lambda = 0: the critical points of f are those of Phi", Finding.Status.of(same),
                        same ? "they coincide, as in the paper" : "they do not coincide, unlike the paper", numbers));
            } else if (l < star) {
                boolean moved = s.shiftFromWell() > SAME_POINT;
                out.add(new Finding("lambda = " + fmt(l) + ": the zeros of grad f leave the minima (+-1, 0) of Phi",
                        Finding.Status.of(moved), moved ? "they moved, as in the paper" : "they did not move, unlike the paper",
                        numbers));
            } else {
                SamplerResult sr = r.sampler().stream().filter(x -> x.lambda() == l).findFirst().orElseThrow();
                double se = 2 * Math.PI * sr.windingRateStandardError();
                boolean single = s.zerosOfGradF() == 1;
                boolean circulates = sr.angularVelocityFromWinding() * sr.angularVelocityExact() > 0
                        && Math.abs(sr.angularVelocityFromWinding()) > WINDING_STANDARD_ERRORS * se;
                out.add(new Finding("lambda = " + fmt(l) + " > lambda* = " + fmt(star) + ": limit cycles around the origin",
                        Finding.Status.of(single && circulates), single && circulates ? "the origin is the force's only zero and the particles circulate around it, "
                                + "as in the paper" : "not seen in this run" + (single ? " (the particles' circulation is not "
                                + "resolved)" : " (grad f has other zeros)"),
                        numbers + " Angular velocity from the particles' winding " + fmt(sr.angularVelocityFromWinding())
                                + " +- " + fmt(se) + " rad per unit time; the exact stationary value is "
                                + fmt(sr.angularVelocityExact()) + "."));
            }
        }
        for (SamplerResult s : r.sampler()) {
            double tv = s.tv()[s.tv().length - 1];
            boolean reached = tv <= TV_FLOOR_FACTOR * s.tvSamplingFloor();
            out.add(new Finding("lambda = " + fmt(s.lambda()) + ": the stationary density is exp(-beta Phi) / Z",
                    Finding.Status.of(reached), reached ? "the particles reached it, as the paper states"
                            : "the particles are farther from it than " + fmt(TV_FLOOR_FACTOR)
                            + " times the sampling floor (step-size bias or too short a run: see TV by dt)",
                    "final TV " + fmt(tv) + " against the sampling floor " + fmt(s.tvSamplingFloor()) + " of "
                            + s.particles() + " exact draws, at dt = " + fmt(s.dt()) + "."));
        }
        List<FokkerPlanckResult> fp = r.fokkerPlanck();
        for (FokkerPlanckResult f : fp) {
            out.add(new Finding("lambda = " + fmt(f.lambda()) + ": the free energy never increases (Theorem 5)",
                    Finding.Status.of(f.monotone()), f.monotone() ? "it did not increase" : "it increased",
                    "F(0) = " + fmt(f.freeEnergy()[0]) + ", F(end) = " + fmt(f.finalFreeEnergy()) + ", largest step increase "
                            + fmt(f.largestIncrease()) + "."));
        }
        return out;
    }

    private static String fmt(double v) {
        return HtmlReport.format(v);
    }
}
