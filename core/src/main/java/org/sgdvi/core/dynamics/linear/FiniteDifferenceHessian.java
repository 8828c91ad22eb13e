package org.sgdvi.core.dynamics.linear;

import java.util.function.IntConsumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Hessian F = d(grad f)/dx of a function at x by central differences of its EXACT gradient
 * (the matrix F of Lemma 20):
 * <pre>
 *   F_{:, i} = (grad f(x + h_i e_i) - grad f(x - h_i e_i)) / (2 h_i),   h_i = h max(|x_i|, 1),
 * </pre>
 * with h_i rounded so that x_i +- h_i is exact in double. The error of a column is
 * O(h_i^2 |d^3 f|) (truncation) plus O(eps |grad f| / h_i) (rounding, eps = 2.2e-16), which for
 * smooth f is smallest near h ~ eps^(1/3) ~ 6e-6; h = 1e-4 keeps truncation near 1e-8 relative and
 * rounding near 1e-12. For a ReLU network the gradient jumps where a unit switches; a column whose
 * stencil straddles a switch of some example picks up a jump / (2 h N) term, which the asymmetry
 * ||F - F^T|| / ||F|| reveals. The result is symmetrized, F = (raw + raw^T) / 2.
 */
public final class FiniteDifferenceHessian {

    /** Default relative step. */
    public static final double DEFAULT_STEP = 1e-4;

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
    public HessianEstimate estimate(GradientMap map, INDArray x) {
        return estimate(map, x, i -> { });
    }

    /**
     * Estimates the Hessian of {@code map} at {@code x} (a vector of length d; not modified).
     *
     * @param progress called with the number of columns done after each column
     */
    public HessianEstimate estimate(GradientMap map, INDArray x, IntConsumer progress) {
        long dl = map.dimension();
        if (x.length() != dl) {
            throw new IllegalArgumentException("point x has length " + x.length() + "; expected the gradient map's d = " + dl);
        }
        if (dl > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("d = " + dl + " is too large for a dense Hessian");
        }
        int d = (int) dl;
        INDArray x0 = x.castTo(DataType.DOUBLE).reshape(d).dup();
        double[] steps = new double[d];
        INDArray raw = Nd4j.create(DataType.DOUBLE, d, d);
        for (int i = 0; i < d; i++) {
            double xi = x0.getDouble(i);
            double hi = step * Math.max(Math.abs(xi), 1.0);
            hi = (xi + hi) - xi;
            steps[i] = hi;
            INDArray probe = x0.dup();
            probe.putScalar(i, xi + hi);
            INDArray plus = map.gradient(probe);
            probe.putScalar(i, xi - hi);
            INDArray minus = map.gradient(probe);
            check(plus, d);
            check(minus, d);
            raw.putColumn(i, plus.reshape(d).sub(minus.reshape(d)).divi(2 * hi).reshape(d, 1));
            progress.accept(i + 1);
        }
        INDArray transposed = raw.transpose();
        INDArray skew = raw.sub(transposed).muli(0.5);
        INDArray symmetric = raw.add(transposed).muli(0.5);
        double rawNorm = raw.norm2Number().doubleValue();
        double asymmetry = rawNorm > 0 ? 2 * skew.norm2Number().doubleValue() / rawNorm : 0.0;
        double skewNorm = spectralNormOfSkew(skew);
        for (double v : symmetric.data().asDouble()) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("finite-difference Hessian has a non-finite entry " + v
                        + "; the gradient is not finite near x");
            }
        }
        return new HessianEstimate(raw, symmetric, steps, asymmetry, skewNorm, 2L * d);
    }

    private static void check(INDArray g, int d) {
        if (g.length() != d) {
            throw new IllegalStateException("gradient map returned a vector of length " + g.length() + "; expected " + d);
        }
    }

    /** ||A||_2 of an antisymmetric A: sqrt(lambda_max(A^T A)), A^T A symmetric PSD. */
    private static double spectralNormOfSkew(INDArray a) {
        INDArray ata = a.transpose().mmul(a);
        ata = ata.add(ata.transpose()).muli(0.5);
        double max = 0;
        for (double v : Eigen.symmetricGeneralizedEigenvalues(ata, false).toDoubleVector()) {
            max = Math.max(max, v);
        }
        return Math.sqrt(max);
    }
}
