package org.sgdvi.core.dynamics.linear;

import java.util.function.IntConsumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.FullGradient;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * The Hessian F = d(grad f)/dx of a function at x by finite differences of its EXACT gradient
 * ({@link FullGradient}; the matrix F of Lemma 20, grad f(x) ~ F (x - x*)), robust to the gradient jumps of a piecewise-smooth (ReLU) loss:
 * <pre>
 *   F+_{:, i} = (grad f(x + h_i e_i) - grad f(x)) / h_i,   F-_{:, i} = (grad f(x) - grad f(x - h_i e_i)) / h_i,
 *   F_{:, i}  = (F+_{:, i} + F-_{:, i}) / 2 = (grad f(x + h_i e_i) - grad f(x - h_i e_i)) / (2 h_i),
 * </pre>
 * with h_i = h max(|x_i|, 1) rounded so that x_i +- h_i is exact in double (2 d + 1 gradients).
 * For smooth f the central column has error O(h_i^2 |d^3 f|) (truncation) plus O(eps |grad f_k| / h_i)
 * (rounding, eps = 2.2e-16), and the one-sided columns differ by O(h_i |d^3 f|).
 *
 * <p>For a ReLU network the gradient of f = (1/N) sum_k f_k jumps where a unit of some example
 * switches; a stencil that straddles a switch picks up jump / (h_i N), which grows as h shrinks while
 * the chance of a straddle shrinks like h. Such a column shows as one-sided columns that disagree,
 * ||F+ - F-|| &gt; {@value #SWITCH_RELATIVE} max(||F+||, ||F-||) (and above {@value #SWITCH_ABSOLUTE}
 * times the largest central column norm, to ignore rounding in near-zero columns); it is then taken
 * from the one-sided column of smaller norm, the side without the switch (the jump adds a vector
 * larger than the column itself), so F is the Hessian of the smooth piece that contains x. What
 * remains shows in the asymmetry ||raw - raw^T|| / ||raw||, since the exact Jacobian of a gradient is
 * symmetric. The result is symmetrized, F = (raw + raw^T) / 2.
 */
public final class FiniteDifferenceHessian {

    /**
     * Default relative step h = 1e-7. On a trained tiny-fc (d = 917, N = 2000, ReLU) the asymmetry
     * after the switch handling was 5.5e-3, 1.3e-6, 1.3e-7, 1.1e-8 and 3.9e-8 for h = 1e-4 ... 1e-8:
     * straddled switches (53, 12, 9, 1, 0 columns) and the O(h) error of one-sided columns dominate
     * above 1e-7, rounding below.
     */
    public static final double DEFAULT_STEP = 1e-7;
    /** Relative disagreement of the one-sided columns that marks a switch inside the stencil. */
    public static final double SWITCH_RELATIVE = 1e-2;
    /** Disagreement, relative to the largest central column norm, below which a column is never marked. */
    public static final double SWITCH_ABSOLUTE = 1e-8;

    private final double step;

    /** Relative step {@link #DEFAULT_STEP}. */
    public FiniteDifferenceHessian() {
        this(DEFAULT_STEP);
    }

    /**
     * @param step the relative step h in (0, 0.1]; h_i = h max(|x_i|, 1)
     */
    public FiniteDifferenceHessian(double step) {
        if (!(step > 0) || step > 0.1) {
            throw new IllegalArgumentException("finite-difference step h = " + step + "; expected 0 < h <= 0.1");
        }
        this.step = step;
    }

    /** The relative step h. */
    public double step() {
        return step;
    }

    /** Estimates the Hessian of {@code map} at {@code x}. */
    public HessianEstimate estimate(FullGradient map, INDArray x) {
        return estimate(map, x, i -> { });
    }

    /**
     * Estimates the Hessian of {@code map} at {@code x} (a vector of length d; not modified).
     *
     * @param progress called with the number of columns done after each column
     */
    public HessianEstimate estimate(FullGradient map, INDArray x, IntConsumer progress) {
        long dl = map.dimension();
        if (x.length() != dl) {
            throw new IllegalArgumentException("point x has length " + x.length() + "; expected the full gradient's d = " + dl);
        }
        if (dl > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("d = " + dl + " is too large for a dense Hessian");
        }
        int d = (int) dl;
        INDArray x0 = x.castTo(DataType.DOUBLE).reshape(d).dup();
        double[] steps = new double[d];
        INDArray g0 = map.gradient(x0);
        INDArray forward = Nd4j.create(DataType.DOUBLE, d, d);
        INDArray backward = Nd4j.create(DataType.DOUBLE, d, d);
        for (int i = 0; i < d; i++) {
            double xi = x0.getDouble(i);
            double hi = step * Math.max(Math.abs(xi), 1.0);
            hi = (xi + hi) - xi;
            steps[i] = hi;
            INDArray probe = x0.dup();
            probe.putScalar(i, xi + hi);
            INDArray plus = map.gradient(probe);
            forward.putColumn(i, plus.reshape(d).sub(g0).divi(hi).reshape(d, 1));
            probe.putScalar(i, xi - hi);
            INDArray minus = map.gradient(probe);
            backward.putColumn(i, g0.sub(minus.reshape(d)).divi(hi).reshape(d, 1));
            progress.accept(i + 1);
        }
        INDArray raw = forward.add(backward).muli(0.5);
        double[] centralNorms = raw.norm2(0).toDoubleVector();
        double[] forwardNorms = forward.norm2(0).toDoubleVector();
        double[] backwardNorms = backward.norm2(0).toDoubleVector();
        double[] gaps = forward.sub(backward).norm2(0).toDoubleVector();
        double scale = 0;
        for (double v : centralNorms) {
            scale = Math.max(scale, v);
        }
        java.util.List<Integer> switched = new java.util.ArrayList<>();
        for (int i = 0; i < d; i++) {
            if (gaps[i] > SWITCH_RELATIVE * Math.max(forwardNorms[i], backwardNorms[i]) && gaps[i] > SWITCH_ABSOLUTE * scale) {
                switched.add(i);
                raw.putColumn(i, (forwardNorms[i] <= backwardNorms[i] ? forward : backward).getColumn(i).reshape(d, 1));
            }
        }
        INDArray transposed = raw.transpose();
        INDArray skew = raw.sub(transposed).muli(0.5);
        INDArray symmetric = SymmetricEigen.symmetrize(raw);
        double rawNorm = raw.norm2Number().doubleValue();
        double asymmetry = rawNorm > 0 ? 2 * skew.norm2Number().doubleValue() / rawNorm : 0.0;
        double skewNorm = spectralNormOfSkew(skew);
        for (double v : symmetric.data().asDouble()) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("finite-difference Hessian has a non-finite entry " + v
                        + "; the gradient is not finite near x");
            }
        }
        return new HessianEstimate(raw, symmetric, steps, asymmetry, skewNorm, 2L * d + 1,
                switched.stream().mapToInt(Integer::intValue).toArray());
    }

    /** ||A||_2 of an antisymmetric A: sqrt(lambda_max(A^T A)), A^T A symmetric PSD. */
    private static double spectralNormOfSkew(INDArray a) {
        INDArray ata = SymmetricEigen.symmetrize(a.transpose().mmul(a));
        double max = 0;
        for (double v : SymmetricEigen.eigenvalues(ata, true, SymmetricEigen.Order.ASCENDING)) {
            max = Math.max(max, v);
        }
        return Math.sqrt(max);
    }
}
