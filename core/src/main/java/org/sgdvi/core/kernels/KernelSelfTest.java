package org.sgdvi.core.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A numerical self-test of every BLAS/LAPACK routine the toolkit calls ({@link LinearAlgebraKernels}),
 * in float and double, against measures that do not use the routine under test.
 *
 * <p>For a symmetric A with computed eigenpairs (Λ, V) from syev 'V': the residual
 * max_j ||A v_j - λ_j v_j|| / ||A||_F, the orthogonality max |V^T V - I| (both exactly for n &le; 160,
 * else on random probes x: ||A V x - V Λ x|| / (||A||_F ||x||) and ||V^T V x - x|| / ||x||), the
 * invariants |Σλ - tr A| / ||A||_F and |(Σλ²)^½ - ||A||_F| / ||A||_F, and for n &le; 64 the eigenvalues
 * of a pure-Java Jacobi solver ({@link JacobiEigenvalues}) to within max|λ|. syev 'N' gets the invariants and the
 * reference. syev 'V' is checked on both routes the toolkit takes: uplo 'U' on the transposed
 * Fortran view ({@code SymmetricEigen}) and uplo 'L' through ND4J's {@code Eigen} (ZCA whitening). gemm C = AB is checked by Freivalds probes ||Cx - A(Bx)|| / (||A||_F ||B||_F ||x||),
 * syrk M = Z^T Z the same way on its upper triangle (and its lower triangle must stay untouched),
 * geqrf A = QR by ||Q(Rx) - Ax|| / (||A||_F ||x||), ||Q^T Q x - x|| / ||x|| and an upper-triangular R.
 * Every product on the reference side is computed in Java in double.
 *
 * <p>Tolerance: {@value #SAFETY} · n · u, with u the unit roundoff of the data type (2^-24 for float,
 * 2^-53 for double), the backward-error bound of these algorithms with a wide margin. The failure
 * this guards against is not subtle: OpenBLAS 0.3.19's SkylakeX dsyev gave residuals of order 10
 * where the bound is 10^-13.
 *
 * <p>{@link Scope#QUICK} runs in well under a second (sizes 7, 130 and 131: that failure starts at
 * 130); {@link Scope#FULL} adds sizes up to 1,500. Matrices come from a fixed seed.
 */
public final class KernelSelfTest {

    /** How much to test. */
    public enum Scope {
        /** Sizes 7, 130 and 131: the check every command runs before its work. */
        QUICK,
        /** Sizes 7 to 1,500, including 127-131: {@code sgdvi doctor}. */
        FULL
    }

    /** The factor on n · u in every tolerance. */
    public static final double SAFETY = 16;

    /** Largest n for which exact residuals and orthogonality are computed (else random probes). */
    static final int EXACT_MAX = 160;

    /** Largest n for which the pure-Java reference eigensolver runs. */
    static final int REFERENCE_MAX = 64;

    private static final long SEED = 20171031L;

    private KernelSelfTest() {
    }

    /** Runs the self-test on the toolkit's own routines. */
    public static KernelReport run(Scope scope) {
        return run(LinearAlgebraKernels.nd4j(), scope);
    }

    /** Runs the self-test on {@code kernels}. */
    public static KernelReport run(LinearAlgebraKernels kernels, Scope scope) {
        // library loading and ND4J's start-up are paid by every command anyway: not part of the check's time
        OpenBlasBuild build = OpenBlasBuild.current();
        Nd4j.scalar(0.0).close();
        long t0 = System.nanoTime();
        List<KernelCheck> checks = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(SEED);
        int[] eigenSizes = scope == Scope.QUICK ? new int[] {7, 130, 131}
                : new int[] {7, 16, 33, 64, 100, 127, 128, 129, 130, 131, 192, 256, 500, 1500};
        int[] otherSizes = scope == Scope.QUICK ? new int[] {7, 130} : new int[] {7, 64, 130, 257, 1000, 1500};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : eigenSizes) {
                // symmetric Gaussian matrices, and rank-deficient Gram matrices like D (eq. 2)
                boolean gram = n % 2 == 1;
                double[][] a = gram ? gram(n, rng) : symmetricGaussian(n, rng);
                syev(kernels, type, roundTo(type, a), checks);
            }
            for (int n : otherSizes) {
                gemm(kernels, type, n, rng, checks);
                syrk(kernels, type, n, rng, checks);
                geqrf(kernels, type, n, rng, checks);
            }
        }
        return new KernelReport(build, scope, checks, (System.nanoTime() - t0) / 1e9);
    }

    /** Prints the report of a self-test of {@code args[0]} (QUICK or FULL, default FULL); exit status 1 when it fails. */
    public static void main(String[] args) {
        Scope scope = args.length > 0 ? Scope.valueOf(args[0].toUpperCase()) : Scope.FULL;
        KernelReport report = run(scope);
        System.out.println(KernelReport.CORE_PREFIX + report.build().coreName());
        System.out.println(KernelReport.VERSION_PREFIX + report.build().version());
        for (KernelCheck c : report.failures()) {
            System.out.println(KernelReport.FAILURE_PREFIX + c);
        }
        System.out.printf("checks: %d, failed: %d, worst value/tolerance %.3g, %.2f s%n", report.checks().size(),
                report.failures().size(), report.worstRatio(), report.seconds());
        System.out.println(KernelReport.VERDICT_PREFIX + (report.passed() ? "PASS" : "FAIL"));
        System.out.flush();
        System.exit(report.passed() ? 0 : 1);
    }

    /** n · u · {@link #SAFETY} for the data type. */
    static double tolerance(DataType type, int n) {
        return SAFETY * Math.max(n, 1) * unitRoundoff(type);
    }

    static double unitRoundoff(DataType type) {
        return type == DataType.FLOAT ? Math.scalb(1.0, -24) : Math.scalb(1.0, -53);
    }

    private static String prefix(DataType type) {
        return type == DataType.FLOAT ? "s" : "d";
    }

    private static void syev(LinearAlgebraKernels k, DataType type, double[][] a, List<KernelCheck> out) {
        int n = a.length;
        double tol = tolerance(type, n);
        double normF = frobenius(a);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
        }
        double[] reference = n <= REFERENCE_MAX ? referenceEigenvalues(a) : null;
        INDArray input = Nd4j.createFromArray(a).castTo(type);

        String routineN = prefix(type) + "syev('N')";
        double[] valuesOnly = ascendingOrNull(k.syevValues(input));
        invariants(routineN, n, valuesOnly, trace, normF, reference, tol, out);

        eigenpairs(prefix(type) + "syev('V')", a, k.syevVectors(input), trace, normF, reference, tol, out);
        eigenpairs(prefix(type) + "syev('V','L')", a, k.syevVectorsLower(input), trace, normF, reference, tol, out);
    }

    /** The invariants, residual and orthogonality of computed eigenpairs of {@code a}. */
    private static void eigenpairs(String routineV, double[][] a, LinearAlgebraKernels.Eigenpairs eig, double trace,
                                   double normF, double[] reference, double tol, List<KernelCheck> out) {
        int n = a.length;
        double[] lambda = ascendingOrNull(eig.values());
        invariants(routineV, n, lambda, trace, normF, reference, tol, out);
        if (lambda == null) {
            return;
        }
        double[][] v = rows(eig.vectors());
        if (n <= EXACT_MAX) {
            double worstResidual = 0;
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double av = 0;
                    for (int l = 0; l < n; l++) {
                        av += a[i][l] * v[l][j];
                    }
                    double r = av - lambda[j] * v[i][j];
                    s += r * r;
                }
                worstResidual = Math.max(worstResidual, Math.sqrt(s));
            }
            out.add(new KernelCheck(routineV, n, "residual max_j ||A v_j - l_j v_j|| / ||A||_F",
                    worstResidual / normF, tol));
            double worstOrth = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int l = 0; l < n; l++) {
                        s += v[l][i] * v[l][j];
                    }
                    worstOrth = Math.max(worstOrth, Math.abs(s - (i == j ? 1 : 0)));
                }
            }
            out.add(new KernelCheck(routineV, n, "orthogonality max |V^T V - I|", worstOrth, tol));
        } else {
            SplittableRandom probe = new SplittableRandom(SEED + n);
            double worstResidual = 0;
            double worstOrth = 0;
            for (int p = 0; p < 2; p++) {
                double[] x = gaussian(n, probe);
                double[] lx = new double[n];
                for (int i = 0; i < n; i++) {
                    lx[i] = lambda[i] * x[i];
                }
                double[] avx = multiply(a, multiply(v, x));
                double[] vlx = multiply(v, lx);
                worstResidual = Math.max(worstResidual, distance(avx, vlx) / (normF * norm(x)));
                double[] vtvx = multiplyTransposed(v, multiply(v, x));
                worstOrth = Math.max(worstOrth, distance(vtvx, x) / norm(x));
            }
            out.add(new KernelCheck(routineV, n, "probe residual ||A V x - V L x|| / (||A||_F ||x||)", worstResidual, tol));
            out.add(new KernelCheck(routineV, n, "probe orthogonality ||V^T V x - x|| / ||x||", worstOrth, tol));
        }
    }

    private static void invariants(String routine, int n, double[] lambda, double trace, double normF, double[] reference,
                                   double tol, List<KernelCheck> out) {
        if (lambda == null) {
            out.add(new KernelCheck(routine, n, "eigenvalues finite and ascending", Double.POSITIVE_INFINITY, 0));
            return;
        }
        double sum = 0;
        double squares = 0;
        for (double l : lambda) {
            sum += l;
            squares += l * l;
        }
        out.add(new KernelCheck(routine, n, "trace |sum l - tr A| / ||A||_F", Math.abs(sum - trace) / normF, tol));
        out.add(new KernelCheck(routine, n, "Frobenius |(sum l^2)^1/2 - ||A||_F| / ||A||_F",
                Math.abs(Math.sqrt(squares) - normF) / normF, tol));
        if (reference != null) {
            double scale = Math.max(Math.abs(reference[0]), Math.abs(reference[n - 1]));
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(lambda[i] - reference[i]));
            }
            out.add(new KernelCheck(routine, n, "against a pure-Java eigensolver max |l - l_ref| / max |l_ref|",
                    worst / scale, tol));
        }
    }

    private static void gemm(LinearAlgebraKernels k, DataType type, int n, SplittableRandom rng, List<KernelCheck> out) {
        int inner = n / 2 + 1;
        double[][] a = roundTo(type, gaussian(n, inner, rng));
        double[][] b = roundTo(type, gaussian(inner, n, rng));
        double[][] c = rows(k.gemm(Nd4j.createFromArray(a).castTo(type), Nd4j.createFromArray(b).castTo(type)));
                ;
        double scale = frobenius(a) * frobenius(b);
        double worst = 0;
        SplittableRandom probe = new SplittableRandom(SEED - n);
        for (int p = 0; p < 2; p++) {
            double[] x = gaussian(n, probe);
            worst = Math.max(worst, distance(multiply(c, x), multiply(a, multiply(b, x))) / (scale * norm(x)));
        }
        String routine = prefix(type) + "gemm";
        out.add(new KernelCheck(routine, n, "probe ||C x - A (B x)|| / (||A||_F ||B||_F ||x||)", worst, tolerance(type, n)));
    }

    private static void syrk(LinearAlgebraKernels k, DataType type, int n, SplittableRandom rng, List<KernelCheck> out) {
        int rows = n / 2 + 1;
        double[][] z = roundTo(type, gaussian(rows, n, rng));
        INDArray m = Nd4j.zeros(type, n, n);
        k.syrkUpper(Nd4j.createFromArray(z).castTo(type), m);
        double[][] s = rows(m);
        String routine = prefix(type) + "syrk";
        double below = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                below = Math.max(below, Math.abs(s[i][j]));
                s[i][j] = s[j][i];
            }
        }
        out.add(new KernelCheck(routine, n, "max |entry below the diagonal| (must stay 0)", below, 0));
        double zf = frobenius(z);
        double worst = 0;
        SplittableRandom probe = new SplittableRandom(SEED + 7 * n);
        for (int p = 0; p < 2; p++) {
            double[] x = gaussian(n, probe);
            worst = Math.max(worst, distance(multiply(s, x), multiplyTransposed(z, multiply(z, x))) / (zf * zf * norm(x)));
        }
        out.add(new KernelCheck(routine, n, "probe ||M x - Z^T (Z x)|| / (||Z||_F^2 ||x||)", worst, tolerance(type, n)));
    }

    private static void geqrf(LinearAlgebraKernels k, DataType type, int n, SplittableRandom rng, List<KernelCheck> out) {
        int cols = Math.max(1, Math.min(n, n / 3 + 1));
        double[][] a = roundTo(type, gaussian(n, cols, rng));
        INDArray q = Nd4j.createFromArray(a).castTo(type);
        INDArray r = Nd4j.create(type, cols, cols);
        k.geqrf(q, r);
        double[][] qd = rows(q);
        double[][] rd = rows(r);
        String routine = prefix(type) + "geqrf";
        double below = 0;
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < i; j++) {
                below = Math.max(below, Math.abs(rd[i][j]));
            }
        }
        double tol = tolerance(type, n);
        out.add(new KernelCheck(routine, n, "max |R below the diagonal| (must be 0)", below, 0));
        double af = frobenius(a);
        double worstRecon = 0;
        double worstOrth = 0;
        SplittableRandom probe = new SplittableRandom(SEED + 11 * n);
        for (int p = 0; p < 2; p++) {
            double[] x = gaussian(cols, probe);
            worstRecon = Math.max(worstRecon, distance(multiply(qd, multiply(rd, x)), multiply(a, x)) / (af * norm(x)));
            worstOrth = Math.max(worstOrth, distance(multiplyTransposed(qd, multiply(qd, x)), x) / norm(x));
        }
        out.add(new KernelCheck(routine, n, "probe ||Q (R x) - A x|| / (||A||_F ||x||)", worstRecon, tol));
        out.add(new KernelCheck(routine, n, "probe ||Q^T Q x - x|| / ||x||", worstOrth, tol));
    }

    /** The rows of a matrix as Java doubles (one bulk copy rather than element reads). */
    private static double[][] rows(INDArray m) {
        int r = Math.toIntExact(m.rows());
        int c = Math.toIntExact(m.columns());
        double[] flat = m.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[r][];
        for (int i = 0; i < r; i++) {
            out[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        }
        return out;
    }

    /** Eigenvalues as doubles, or null when any is not finite or they are not ascending. */
    private static double[] ascendingOrNull(INDArray values) {
        double[] l = values.castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < l.length; i++) {
            if (!Double.isFinite(l[i]) || (i > 0 && l[i] < l[i - 1])) {
                return null;
            }
        }
        return l;
    }

    static double[] referenceEigenvalues(double[][] a) {
        double[] l = JacobiEigenvalues.of(a);
        Arrays.sort(l);
        return l;
    }

    static double[][] symmetricGaussian(int n, SplittableRandom rng) {
        double[][] a = gaussian(n, n, rng);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = (a[i][j] + a[j][i]) / 2;
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    /** G^T G / m for an [m, n] Gaussian G with m = n / 2 + 1: positive semi-definite of rank m, like D. */
    static double[][] gram(int n, SplittableRandom rng) {
        int m = n / 2 + 1;
        double[][] g = gaussian(m, n, rng);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += g[r][i] * g[r][j];
                }
                a[i][j] = s / m;
                a[j][i] = s / m;
            }
        }
        return a;
    }

    private static double[][] gaussian(int rows, int cols, SplittableRandom rng) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = gaussianValue(rng);
            }
        }
        return a;
    }

    private static double[] gaussian(int n, SplittableRandom rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = gaussianValue(rng);
        }
        return x;
    }

    private static double gaussianValue(SplittableRandom rng) {
        // Box-Muller on two uniforms in (0, 1]
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The values the routine actually sees: rounded to float for FLOAT. */
    private static double[][] roundTo(DataType type, double[][] a) {
        if (type == DataType.FLOAT) {
            for (double[] row : a) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) row[j];
                }
            }
        }
        return a;
    }

    private static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            double[] row = a[i];
            for (int j = 0; j < row.length; j++) {
                s += row[j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    private static double[] multiplyTransposed(double[][] a, double[] x) {
        double[] y = new double[a[0].length];
        for (int i = 0; i < a.length; i++) {
            double xi = x[i];
            double[] row = a[i];
            for (int j = 0; j < row.length; j++) {
                y[j] += row[j] * xi;
            }
        }
        return y;
    }

    private static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double distance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
