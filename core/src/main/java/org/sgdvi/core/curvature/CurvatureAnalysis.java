package org.sgdvi.core.curvature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.diffusion.GradientChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.HessianVectorProducts;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.linalg.SymmetricEigen;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.spectrum.MatrixFreeSolver;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SymmetricOperator;

/**
 * The Hessian H of the training loss f = (1/N) sum_k f_k and the diffusion matrix D of eq. (2) (with or
 * without replacement, appendix A2) of arXiv 1710.11029 at one snapshot, side by side:
 * <ul>
 *   <li>the top k eigenvalues of H (largest and most negative) and of D, with eigenvectors U and V;</li>
 *   <li>tr H, tr D, tr(HD) and the isotropic baseline tr H tr D / d (what tr(HD) would be if D were
 *   (tr D / d) I): tr(HD) above it means noise aligned with curvature;</li>
 *   <li>u_i^T D u_i along the top Hessian eigenvectors and v_i^T H v_i along the top D eigenvectors;
 *   the principal angles between span U and span V (arccos of the singular values of U^T V);</li>
 *   <li>the relative commutator ||HD - DH||_F / (||H||_F ||D||_F) (Lemma 20: detailed balance iff it is
 *   0);</li>
 *   <li>the noise scales B_simple = tr D / ||grad f||^2 and B_noise = tr(HD) / (grad f^T H grad f) with
 *   percentile bootstrap intervals over examples.</li>
 * </ul>
 * <b>Exact</b> for d at most {@link Options#denseLimit}: H is formed from d exact Hessian-vector products
 * (and its asymmetry checked), D from the streamed gradients, and everything follows densely.
 * <b>Estimated</b> above it: block Lanczos ({@link MatrixFreeSolver#topEigenpairs}) on H, -H and D; with Q an
 * orthonormal basis of their top eigenvectors (3k columns) and P = I - Q Q^T, exactly
 * tr H = tr(Q^T H Q) + tr(P H P) and tr(HD) = tr(M_H M_D) + 2 tr(Q^T H P D Q) + tr(P H P D) (M_X = Q^T X Q);
 * the last terms are Hutchinson estimates over m seeded Rademacher probes projected by P (standard error
 * std/sqrt(m)); the commutator is that of M_H and M_D (restricted to span Q), and the bootstrap uses H
 * compressed to Q H Q^T. Bootstrap replicates resample a seeded subset S of s examples (all N when s = N).
 *
 * <p>Beyond these ({@link Measures}): the spectral density of H ({@link SpectralDensity}; its trace checked against
 * tr H): above the dense limit always, as the block Gauss quadrature of the block Lanczos run that finds both ends
 * of H (no Hessian product of its own); below it on request, by stochastic Lanczos quadrature with its nodes checked
 * against [lambda_min, lambda_max]; the tail index of the per-example gradient noise
 * (g_k - gbar)^T v_i along the top eigenvectors v_i of D ({@link TailIndex}: Hill and Mohammadi et al.), which
 * tests the Gaussian noise of Lemma 2 (the projections' second moment must equal lambda_i(D), a check); and, on
 * request, per layer l the diagonal blocks H_ll and D_ll ({@link LayerBlock}): exact (sliced from the dense H and
 * D, or formed from block products {@link BlockOperator}) when the block has at most {@link Options#denseLimit}
 * weights, else estimated by the same route as the whole; tr D_ll is always exact (from diag D, one extra pass
 * over the gradients that also yields the projections).
 */
public final class CurvatureAnalysis {

    /**
     * @param k eigenpairs of H (each end) and of D
     * @param probes Hutchinson probes m (estimated mode)
     * @param bootstrap bootstrap replicates
     * @param sampleSize s, the examples the bootstrap resamples (at most N)
     * @param seed seeds probes, Lanczos starts, the subset S and the bootstrap
     * @param sampling the normalisation of D
     * @param chunk examples per engine call
     * @param denseLimit the largest d handled exactly
     */
    public record Options(int k, int probes, int bootstrap, int sampleSize, long seed, Sampling sampling, int chunk,
                          int denseLimit) {
    }

    /**
     * The measures added by issue 14, beyond those of {@link #analyze(MultiLayerNetwork, INDArray, INDArray, Options,
     * Consumer)}.
     *
     * @param density        the Hessian's spectral density also when d is at most the dense limit (always above)
     * @param densityOptions steps, vectors, grid and broadening of the density
     * @param tailDirections the top eigenvectors of D the noise is projected on for the tail index (0: none, and
     *                       the result's {@code noiseProjections} is null)
     * @param perLayer       the diagonal blocks H_ll and D_ll of every trainable layer
     */
    public record Measures(boolean density, SpectralDensity.Options densityOptions, int tailDirections, boolean perLayer) {

        /** The density only above the dense limit, the tail index along 5 directions, no per-layer blocks. */
        public static Measures defaults(long seed) {
            return new Measures(false, SpectralDensity.Options.defaults(seed), 5, false);
        }
    }

    /**
     * The tail index of the gradient noise along one top eigenvector v_i of D.
     *
     * @param index               i (0 = the top one)
     * @param diffusionEigenvalue lambda_i(D), the projections' second moment
     * @param hill                Hill's estimator on the k = floor(sqrt(N)) largest |(g_k - gbar)^T v_i|
     * @param mohammadi           Mohammadi et al.'s estimator with blocks of K_1 = floor(sqrt(N)) examples
     */
    public record TailDirection(int index, double diffusionEigenvalue, TailIndex.Estimate hill,
                                TailIndex.Estimate mohammadi) {
    }

    /**
     * The diagonal blocks H_ll and D_ll of one trainable layer (weights [offset, offset + size) of the layout).
     *
     * @param exact                   whether the blocks were formed densely
     * @param hessianTrace            tr H_ll (with a standard error when estimated)
     * @param diffusionTrace          tr D_ll (exact)
     * @param hessianTopEigenvalue    lambda_max(H_ll)
     * @param diffusionTopEigenvalue  lambda_max(D_ll)
     * @param commutator              ||H_ll D_ll - D_ll H_ll||_F / (||H_ll||_F ||D_ll||_F)
     * @param commutatorScope         "full" or the subspace it is restricted to
     */
    public record LayerBlock(int layerIndex, String layerName, long offset, long size, boolean exact,
                             Estimate hessianTrace, double diffusionTrace, double hessianTopEigenvalue,
                             double diffusionTopEigenvalue, double commutator, String commutatorScope) {
    }

    /** A value with its standard error (0 where the value is exact up to rounding). */
    public record Estimate(double value, double standardError) {
    }

    /** A percentile bootstrap interval. */
    public record Interval(double low, double high, double level, int replicates, int examples) {
    }

    /**
     * The measures (see the class comment for each).
     *
     * @param exact whether H and D were formed densely
     * @param commutatorScope "full" or a sentence saying to which subspace it is restricted
     */
    public record Result(long dimension, long examples, boolean exact, double[] hessianTopEigenvalues,
                         double[] hessianBottomEigenvalues, double[] diffusionTopEigenvalues, Estimate hessianTrace,
                         double diffusionTrace, Estimate traceHD, double isotropicTraceHD,
                         double[] diffusionAlongHessianEigenvectors, double[] hessianAlongDiffusionEigenvectors,
                         double[] principalAnglesDegrees, double commutator, String commutatorScope,
                         double gradientNormSquared, double gradientCurvature, double noiseScaleSimple,
                         Interval noiseScaleSimpleInterval, double noiseScaleBNoise, Interval noiseScaleBNoiseInterval,
                         int hessianProducts, List<Check> checks, double seconds,
                         SpectralDensity.Result hessianDensity, List<TailDirection> noiseTailIndex,
                         INDArray noiseProjections, List<LayerBlock> layers) {
    }

    private CurvatureAnalysis() {
    }

    /**
     * Measures H and D of {@code net} over the N examples given, in the network's data type (sums in double).
     *
     * @param log progress lines
     */
    public static Result analyze(MultiLayerNetwork net, INDArray features, INDArray labels, Options o, Consumer<String> log) {
        return analyze(net, features, labels, o, Measures.defaults(o.seed()), log);
    }

    /**
     * {@link #analyze(MultiLayerNetwork, INDArray, INDArray, Options, Consumer)} with the measures {@code m}: the
     * result's {@code hessianDensity} is null when not computed, {@code layers} empty unless requested.
     */
    public static Result analyze(MultiLayerNetwork net, INDArray features, INDArray labels, Options o, Measures m,
                                 Consumer<String> log) {
        long t0 = System.nanoTime();
        long n = features.size(0);
        HessianVectorProducts hvp = new HessianVectorProducts(net, o.chunk(), HessianVectorProducts.Curvature.HESSIAN);
        HessianOperator h = new HessianOperator(hvp, features, labels, 1);
        InferenceGradientEngine engine = new InferenceGradientEngine(net, o.chunk());
        long d = engine.dimension();
        DataType dtype = engine.dataType();
        double eps = Checks.epsilon(dtype);
        GradientChunkSource gradients = new ExampleGradients(engine, features, labels, o.chunk());
        long c = o.sampling().scatterDivisor(n);
        int s = (int) Math.min(n, o.sampleSize());
        Random rng = new Random(o.seed());
        long[] subset = subset(n, s, rng);

        // pass 1: gbar, sum ||g_k||^2, the rows of S
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, 1, d);
        double[] squares = {0};
        INDArray gs = Nd4j.create(DataType.DOUBLE, s, d);
        long[] row = {0};
        int[] next = {0};
        gradients.forEachChunk(chunk -> {
            INDArray g = chunk.castTo(DataType.DOUBLE);
            sum.addi(g.sum(true, 0));
            for (double r : g.norm2(1).toDoubleVector()) {
                squares[0] += r * r;
            }
            while (next[0] < s && subset[next[0]] < row[0] + g.rows()) {
                gs.putRow(next[0], g.getRow(subset[next[0]] - row[0]));
                next[0]++;
            }
            row[0] += g.rows();
        });
        INDArray gbar = sum.divi((double) n);
        double gbarSquared = gbar.mul(gbar).sumNumber().doubleValue();
        double traceD = (squares[0] - n * gbarSquared) / c;
        log.accept(String.format(java.util.Locale.ROOT, "gradients: d = %d, N = %d, tr D = %.6g, ||grad f||^2 = %.6g, %.1f s",
                d, n, traceD, gbarSquared, (System.nanoTime() - t0) / 1e9));
        SymmetricOperator dOp = MatrixFreeSolver.diffusionOperator(
                SpectrumInput.streaming(gradients, n, gbar.reshape(d), o.sampling(), dtype));
        List<Check> checks = new ArrayList<>();
        Parts parts = d <= o.denseLimit()
                ? dense(h, dOp, gbar, o, d, dtype, checks, log)
                : estimated(h, dOp, gbar, o, d, dtype, checks, log, new Random(rng.nextLong()), m.densityOptions());
        if (parts.traceDExact) {
            checks.add(Check.atMost("diffusionTraceAgreement", Math.abs(parts.traceDFromOperator - traceD)
                            / Math.max(Math.abs(traceD), Double.MIN_NORMAL), Checks.C * Math.sqrt((double) d + n) * eps,
                    "|tr D from the gradient norms - tr of the formed D| / tr D <= C sqrt(d + N) eps"));
        }

        // bootstrap over S: K = G_S G_S^T, P = G_S H G_S^T (H compressed to Q in estimated mode)
        INDArray k = gs.mmul(gs.transpose());
        INDArray p = parts.curvatureGram.apply(gs);
        Interval[] intervals = bootstrap(k, p, o, s, new Random(rng.nextLong()));

        // one more pass: diag D (the per-layer tr D_ll) and the noise projections on the top eigenvectors of D
        int t = Math.min(m.tailDirections(), parts.dTop.length);
        NoisePass noise = noisePass(gradients, gbar, parts.diffusionVectors, t, n, c);
        checks.add(Check.atMost("diffusionDiagonalSum", Math.abs(sum(noise.diagonal) - traceD)
                        / Math.max(Math.abs(traceD), Double.MIN_NORMAL), Checks.C * Math.sqrt((double) d + n) * eps,
                "|sum of diag D from the centered gradients - tr D| / tr D <= C sqrt(d + N) eps"));
        List<TailDirection> tail = tailIndex(noise.projections, parts.dTop, t, c, dtype, d, checks,
                new Random(rng.nextLong()));
        SpectralDensity.Result density = null;
        if (m.density() || d > o.denseLimit()) {
            density = hessianDensity(h, parts, m.densityOptions(), d, dtype, checks, log);
        }
        List<LayerBlock> layers = m.perLayer()
                ? layerBlocks(engine.layout(), h, dOp, gbar, parts, noise.diagonal, o, dtype, checks, log,
                new Random(rng.nextLong()))
                : List.of();

        double traceH = parts.traceH.value();
        double isotropic = traceH * traceD / d;
        return new Result(d, n, parts.exact, parts.top, parts.bottom, parts.dTop, parts.traceH, traceD, parts.traceHD,
                isotropic, parts.dAlongU, parts.hAlongV, parts.anglesDegrees, parts.commutator, parts.commutatorScope,
                gbarSquared, parts.gradientCurvature, traceD / gbarSquared, intervals[0],
                parts.traceHD.value() / parts.gradientCurvature, intervals[1], h.passes(), checks,
                (System.nanoTime() - t0) / 1e9, density, tail, noise.projections, layers);
    }

    /** What the extra pass over the gradients hands back: diag D [d] and the projections [N, t]. */
    private record NoisePass(double[] diagonal, INDArray projections) {
    }

    private static NoisePass noisePass(GradientChunkSource gradients, INDArray gbar, INDArray vectors, int t, long n,
                                       double c) {
        long d = gbar.length();
        INDArray v = t > 0 ? vectors.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t)).castTo(DataType.DOUBLE) : null;
        INDArray squares = Nd4j.zeros(DataType.DOUBLE, 1, d);
        INDArray projections = t > 0 ? Nd4j.create(DataType.DOUBLE, n, t) : null;
        long[] row = {0};
        gradients.forEachChunk(chunk -> {
            INDArray gc = chunk.castTo(DataType.DOUBLE).subiRowVector(gbar.reshape(1, d));
            squares.addi(gc.mul(gc).sum(true, 0));
            if (t > 0) {
                projections.get(NDArrayIndex.interval(row[0], row[0] + gc.rows()), NDArrayIndex.all()).assign(gc.mmul(v));
            }
            row[0] += gc.rows();
        });
        return new NoisePass(squares.divi(c).toDoubleVector(), projections);
    }

    /**
     * Hill and Mohammadi along the first t eigenvectors of D; checks that the projections' second moment
     * (1/c) sum_k p_ki^2 equals lambda_i(D) (an estimate a sample does not admit is NaN with its note).
     */
    private static List<TailDirection> tailIndex(INDArray projections, double[] dTop, int t, double c, DataType dtype,
                                                 long d, List<Check> checks, Random rng) {
        List<TailDirection> out = new ArrayList<>();
        if (t == 0 || projections.rows() < 8) {
            return out;
        }
        double worstMoment = 0;
        int n = (int) projections.rows();
        for (int i = 0; i < t; i++) {
            double[] x = projections.getColumn(i).toDoubleVector();
            double second = 0;
            for (double v : x) {
                second += v * v;
            }
            worstMoment = Math.max(worstMoment, Math.abs(second - dTop[i] * c) / Math.max(dTop[0] * c, Double.MIN_NORMAL));
            TailIndex.Estimate hill = TailIndex.hill(x, TailIndex.defaultOrderStatistics(n));
            TailIndex.Estimate mo = TailIndex.mohammadi(x, TailIndex.defaultBlockSize(n), 200, rng);
            out.add(new TailDirection(i, dTop[i], hill, mo));
        }
        checks.add(Check.atMost("tailProjectionMoment", worstMoment, Checks.C * Math.sqrt((double) d + n) * Checks.epsilon(dtype),
                "max_i |sum_k ((g_k - gbar)^T v_i)^2 - c lambda_i(D)| / (c lambda_1(D)), c the normalisation of "
                        + "eq. 2 (N with replacement): C sqrt(d + N) eps"));
        return out;
    }

    /**
     * The density of H: the block quadrature of the estimated route's Lanczos run when it has one, else SLQ with its
     * nodes checked against the extreme eigenvalues; its trace checked against tr H.
     */
    private static SpectralDensity.Result hessianDensity(HessianOperator h, Parts parts, SpectralDensity.Options options,
                                                         long d, DataType dtype, List<Check> checks, Consumer<String> log) {
        long t = System.nanoTime();
        SpectralDensity.Result r = parts.density != null ? parts.density : SpectralDensity.estimate(h, options,
                new SpectralDensity.Bounds(parts.bottom[0], parts.top[0], parts.boundSlack));
        checks.addAll(r.checks());
        double slq = r.traceOverDimension().value() * d;
        double slqError = r.traceOverDimension().standardError() * d;
        double hutchError = Double.isNaN(parts.traceH.standardError()) ? 0 : parts.traceH.standardError();
        double combined = Math.sqrt(slqError * slqError + hutchError * hutchError);
        checks.add(Check.atMost("densityTraceAgreement", Math.abs(slq - parts.traceH.value()),
                4 * combined + Checks.C * Math.sqrt((double) d) * Checks.epsilon(dtype) * Math.abs(parts.traceH.value()),
                "|d sum w theta - tr H| <= 4 combined standard errors (SLQ over its start vectors, Hutchinson's "
                        + "or 0 when exact) + C sqrt(d) eps |tr H|: statistical, fails by chance about once in 16,000"));
        log.accept(String.format(java.util.Locale.ROOT, "H density (%s): %d steps x %d vectors, tr H / d = %.6g +- %.2g, %.1f s",
                parts.density != null ? "block quadrature of the Lanczos run" : "stochastic Lanczos quadrature",
                r.steps(), r.vectors(), r.traceOverDimension().value(), r.traceOverDimension().standardError(),
                (System.nanoTime() - t) / 1e9));
        return r;
    }

    /** The per-layer blocks: sliced (dense whole), formed (small block) or estimated like the whole (large block). */
    private static List<LayerBlock> layerBlocks(TrainableLayout layout, HessianOperator h,
                                                SymmetricOperator dOp, INDArray gbar, Parts parts, double[] diagD,
                                                Options o, DataType dtype, List<Check> checks, Consumer<String> log,
                                                Random rng) {
        Map<Integer, long[]> ranges = new LinkedHashMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (TrainableLayout.Entry e : layout.entries()) {
            long[] r = ranges.computeIfAbsent(e.layerIndex(), i -> new long[] {e.offset(), e.offset()});
            r[1] = e.offset() + e.length();
            names.put(e.layerIndex(), e.layerName());
        }
        List<LayerBlock> out = new ArrayList<>();
        long covered = 0;
        for (Map.Entry<Integer, long[]> e : ranges.entrySet()) {
            long start = e.getValue()[0];
            long end = e.getValue()[1];
            long size = end - start;
            covered += size;
            int layer = e.getKey();
            String prefix = "layer" + layer;
            double traceD = 0;
            for (long i = start; i < end; i++) {
                traceD += diagD[(int) i];
            }
            List<Check> own = new ArrayList<>();
            LayerBlock block;
            if (parts.hessianFormed != null || size <= Math.max(o.denseLimit(), 4L * o.k())) {
                INDArray hl;
                INDArray dl;
                if (parts.hessianFormed != null) {
                    hl = parts.hessianFormed.get(NDArrayIndex.interval(start, end), NDArrayIndex.interval(start, end)).dup();
                    dl = parts.diffusionFormed.get(NDArrayIndex.interval(start, end), NDArrayIndex.interval(start, end)).dup();
                } else {
                    hl = SymmetricEigen.symmetrize(formed(new BlockOperator(h, start, end), size));
                    dl = SymmetricEigen.symmetrize(formed(new BlockOperator(dOp, start, end), size));
                }
                double[] eh = SymmetricEigen.eigenvalues(hl, SymmetricEigen.Order.DESCENDING);
                double[] ed = SymmetricEigen.eigenvalues(dl, SymmetricEigen.Order.DESCENDING);
                own.addAll(Checks.eigenvalueSums("hessian", eh, hl));
                own.addAll(Checks.eigenvalueSums("diffusion", ed, dl));
                double formedTraceD = trace(dl);
                own.add(Check.atMost("diffusionTraceAgreement", Math.abs(formedTraceD - traceD)
                                / Math.max(Math.abs(traceD), Double.MIN_NORMAL),
                        Checks.C * Math.sqrt((double) gbar.length()) * Checks.epsilon(dtype),
                        "|tr D_ll of the formed block - sum of diag D over the block| / tr D_ll <= C sqrt(d) eps"));
                block = new LayerBlock(layer, names.get(layer), start, size, true, new Estimate(trace(hl), 0), traceD,
                        eh[0], ed[0], relativeCommutator(hl, dl), "full");
            } else {
                Parts p = estimated(new BlockOperator(h, start, end),
                        new BlockOperator(dOp, start, end),
                        gbar.reshape(1, gbar.length()).get(NDArrayIndex.all(), NDArrayIndex.interval(start, end)).dup(),
                        o, size, dtype, own, line -> log.accept("  " + prefix + ": " + line), rng, null);
                block = new LayerBlock(layer, names.get(layer), start, size, false, p.traceH, traceD, p.top[0], p.dTop[0],
                        p.commutator, p.commutatorScope);
            }
            for (Check c : own) {
                checks.add(new Check(prefix + Character.toUpperCase(c.name().charAt(0)) + c.name().substring(1), c.value(),
                        c.tolerance(), c.passed(), c.rule()));
            }
            log.accept(String.format(java.util.Locale.ROOT, "%s (%s, %d weights, %s): tr H_ll = %.6g, tr D_ll = %.6g, "
                            + "commutator %.3g", prefix, block.layerName(), size, block.exact() ? "exact" : "estimated",
                    block.hessianTrace().value(), traceD, block.commutator()));
            out.add(block);
        }
        checks.add(Check.atMost("layerCoverage", Math.abs(covered - gbar.length()), 0,
                "|sum of the layers' block sizes - d|: the blocks cover the trainable layout"));
        return out;
    }

    private static double relativeCommutator(INDArray h, INDArray d) {
        INDArray product = h.mmul(d);
        return product.sub(product.transpose()).norm2Number().doubleValue()
                / (h.norm2Number().doubleValue() * d.norm2Number().doubleValue());
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }

    /** What the dense and the estimated routes hand back. */
    private record Parts(boolean exact, double[] top, double[] bottom, double[] dTop, Estimate traceH, Estimate traceHD,
                         double[] dAlongU, double[] hAlongV, double[] anglesDegrees, double commutator,
                         String commutatorScope, double gradientCurvature, double traceDFromOperator, boolean traceDExact,
                         java.util.function.UnaryOperator<INDArray> curvatureGram, INDArray diffusionVectors,
                         INDArray hessianFormed, INDArray diffusionFormed, double boundSlack,
                         SpectralDensity.Result density) {
    }

    private static Parts dense(SymmetricOperator h, SymmetricOperator dOp, INDArray gbar, Options o, long d, DataType dtype,
                               List<Check> checks, Consumer<String> log) {
        INDArray hd = formed(h, d);
        double eps = Checks.epsilon(dtype);
        double asym = hd.sub(hd.transpose()).norm2Number().doubleValue() / Math.max(hd.norm2Number().doubleValue(), Double.MIN_NORMAL);
        checks.add(Check.atMost("hessianAsymmetry", asym, Checks.C * Math.sqrt((double) d) * Math.max(eps, 1e-12) * 100,
                "||H - H^T||_F / ||H||_F of the H formed from exact products: rounding of the products, 100 C sqrt(d) eps"));
        INDArray hs = SymmetricEigen.symmetrize(hd);
        INDArray dd = SymmetricEigen.symmetrize(formed(dOp, d));
        log.accept("dense H and D formed (d = " + d + ")");
        SymmetricEigen.Decomposition eh = SymmetricEigen.decompose(hs.dup(), SymmetricEigen.Order.DESCENDING);
        SymmetricEigen.Decomposition ed = SymmetricEigen.decompose(dd.dup(), SymmetricEigen.Order.DESCENDING);
        checks.addAll(Checks.eigenvalueSums("hessian", eh.values(), hs));
        checks.addAll(Checks.eigenvalueSums("diffusion", ed.values(), dd));
        int k = (int) Math.min(o.k(), d);
        double[] bottom = new double[k];
        for (int i = 0; i < k; i++) {
            bottom[i] = eh.values()[(int) d - 1 - i];
        }
        INDArray u = eh.vectors().get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
        INDArray v = ed.vectors().get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
        double traceH = trace(hs);
        double traceDFormed = trace(dd);
        double traceHD = hs.mul(dd).sumNumber().doubleValue();
        double commutator = relativeCommutator(hs, dd);
        INDArray g = gbar.reshape(1, d);
        double curvature = g.mmul(hs).mmul(g.transpose()).getDouble(0);
        return new Parts(true, Arrays.copyOf(eh.values(), k), bottom, Arrays.copyOf(ed.values(), k), new Estimate(traceH, 0),
                new Estimate(traceHD, 0), quadratic(u, dd), quadratic(v, hs), angles(u, v), commutator, "full",
                curvature, traceDFormed, true, rows -> rows.mmul(hs).mmul(rows.transpose()), v, hs, dd,
                Checks.C * Math.sqrt((double) d) * eps * Math.max(Math.abs(eh.values()[0]), Math.abs(eh.values()[(int) d - 1])),
                null);
    }

    /**
     * The estimated route: both ends of H from one block Lanczos run started at b Rademacher vectors (b = the block
     * size for 2k pairs, at least the density's n_v), whose block Gauss quadrature is the density of H when
     * {@code density} is given (the run then lasts at least its steps); D's top k by block Lanczos over the gradients.
     */
    private static Parts estimated(SymmetricOperator h, SymmetricOperator dOp, INDArray gbar, Options o, long d,
                                   DataType dtype, List<Check> checks, Consumer<String> log, Random rng,
                                   SpectralDensity.Options density) {
        int k = (int) Math.min(o.k(), d / 4);
        int minSteps = density == null ? 1 : (int) Math.min(density.steps(), d / 2);
        MatrixFreeSolver solver = new MatrixFreeSolver(rng.nextLong(), k, k, 1e-4, Math.max(60, minSteps + 1),
                org.sgdvi.core.diffusion.FreeMemory::probe).withProgress(p -> log.accept("  " + p));
        int block = (int) Math.min(d / 2, Math.max(MatrixFreeSolver.blockFor(2L * k), density == null ? 0 : density.vectors()));
        Random starts = new Random(density == null ? rng.nextLong() : density.seed());
        float[] signs = new float[(int) (d * block)];
        for (int i = 0; i < signs.length; i++) {
            signs[i] = starts.nextBoolean() ? 1 : -1;
        }
        INDArray start = Nd4j.create(signs, new long[] {d, block}, 'c').castTo(dtype);
        long t = System.nanoTime();
        MatrixFreeSolver.Extremes ex = solver.extremeEigenpairs(h, k, start, minSteps, line -> log.accept("  " + line));
        MatrixFreeSolver.Eigenpairs top = ex.top();
        MatrixFreeSolver.Eigenpairs bottom = ex.bottom();
        log.accept(String.format(java.util.Locale.ROOT, "H top and bottom %d from one Krylov space (block %d, %d steps): "
                        + "lambda_1 = %.6g, lambda_min = %.6g, %d passes, %.1f s", k, block, ex.blockSteps(), top.values()[0],
                -bottom.values()[0], top.passes(), (System.nanoTime() - t) / 1e9));
        SpectralDensity.Result quadrature = density == null ? null : SpectralDensity.fromBlockLanczos(ex, density, d, dtype);
        t = System.nanoTime();
        MatrixFreeSolver.Eigenpairs dTop = solver.topEigenpairs(dOp, k);
        log.accept(String.format(java.util.Locale.ROOT, "D top %d: lambda_1 = %.6g, %.1f s", k, dTop.values()[0],
                (System.nanoTime() - t) / 1e9));
        double eps = Checks.epsilon(dtype);
        // residuals relative to ||H|| = max(|lambda_max|, |lambda_min|): a block whose H is nearly positive
        // semi-definite has lambda_min ~ 0, a scale no residual can be measured against
        double hNorm = Math.max(Math.abs(top.values()[0]), Math.abs(bottom.values()[0]));
        ritzCheck("hessianTopResidual", top, hNorm, d, eps, checks);
        ritzCheck("hessianBottomResidual", bottom, hNorm, d, eps, checks);
        ritzCheck("diffusionTopResidual", dTop, Math.abs(dTop.values()[0]), d, eps, checks);

        // Q = [U, W]: U the 2k Ritz vectors of H re-orthonormalized in double (U R = X, R ~ I, so H U = (H X) R^-1
        // reuses the check pass' products), W an orthonormal basis of D's top vectors with U projected out
        INDArray x = Nd4j.hstack(top.vectors(), bottom.vectors()).castTo(DataType.DOUBLE);
        INDArray u = x.dup();
        SymmetricEigen.orthonormalize(u);
        INDArray r = u.transpose().mmul(x);
        INDArray hu = ex.images().castTo(DataType.DOUBLE).mmul(org.nd4j.linalg.inverse.InvertMatrix.invert(r, false));
        INDArray w = dTop.vectors().castTo(DataType.DOUBLE).dup();
        for (int pass = 0; pass < 2; pass++) {
            w.subi(u.mmul(u.transpose().mmul(w)));
            SymmetricEigen.orthonormalize(w);
        }
        INDArray q = Nd4j.hstack(u, w);
        // Hutchinson on P H P and P H P D with Rademacher probes z' = P z, plus grad f^T H grad f and H W in one pass
        // over H, and D Q with D z' in one pass over the gradients
        int m = o.probes();
        INDArray z = Nd4j.create(DataType.DOUBLE, d, m + 1 + w.columns());
        for (int j = 0; j < m; j++) {
            double[] col = new double[(int) d];
            for (int i = 0; i < d; i++) {
                col[i] = rng.nextBoolean() ? 1 : -1;
            }
            z.putColumn(j, Nd4j.createFromArray(col).reshape(d, 1));
        }
        INDArray probes = z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, m));
        probes.subi(q.mmul(q.transpose().mmul(probes)));
        z.putColumn(m, gbar.reshape(d, 1));
        z.get(NDArrayIndex.all(), NDArrayIndex.interval(m + 1, m + 1 + w.columns())).assign(w);
        INDArray hAll = h.apply(z.castTo(dtype)).castTo(DataType.DOUBLE);
        INDArray hz = hAll.get(NDArrayIndex.all(), NDArrayIndex.interval(0, m + 1));
        INDArray hq = Nd4j.hstack(hu, hAll.get(NDArrayIndex.all(), NDArrayIndex.interval(m + 1, m + 1 + w.columns())));
        INDArray dAll = dOp.apply(Nd4j.hstack(q, probes).castTo(dtype)).castTo(DataType.DOUBLE);
        INDArray dq = dAll.get(NDArrayIndex.all(), NDArrayIndex.interval(0, q.columns()));
        INDArray dz = dAll.get(NDArrayIndex.all(), NDArrayIndex.interval(q.columns(), q.columns() + m));
        INDArray mh = q.transpose().mmul(hq);
        INDArray md = q.transpose().mmul(dq);
        double asym = mh.sub(mh.transpose()).norm2Number().doubleValue() / mh.norm2Number().doubleValue();
        checks.add(Check.atMost("hessianCompressionAsymmetry", asym, Checks.C * Math.sqrt((double) d) * eps * 100,
                "||M_H - M_H^T||_F / ||M_H||_F, M_H = Q^T H Q: rounding of the products, 100 C sqrt(d) eps"));
        mh = SymmetricEigen.symmetrize(mh);
        md = SymmetricEigen.symmetrize(md);
        INDArray pdz = dz.sub(q.mmul(q.transpose().mmul(dz)));
        double[] a = new double[m];
        double[] b = new double[m];
        for (int j = 0; j < m; j++) {
            INDArray y = hz.getColumn(j);
            a[j] = probes.getColumn(j).mul(y).sumNumber().doubleValue();
            b[j] = y.mul(pdz.getColumn(j)).sumNumber().doubleValue();
        }
        double curvature = gbar.reshape(d).mul(hz.getColumn(m)).sumNumber().doubleValue();
        INDArray phq = hq.sub(q.mmul(mh));
        double cross = phq.mul(dq).sumNumber().doubleValue();
        Estimate traceH = mean(trace(mh), a);
        Estimate traceHD = mean(mh.mul(md).sumNumber().doubleValue() + 2 * cross, b);
        double commutator = relativeCommutator(mh, md);
        INDArray ut = top.vectors().castTo(DataType.DOUBLE);
        INDArray v = dTop.vectors().castTo(DataType.DOUBLE);
        INDArray qu = q.transpose().mmul(ut);
        INDArray qv = q.transpose().mmul(v);
        INDArray mhFinal = mh;
        INDArray qFinal = q;
        return new Parts(false, top.values(), negate(bottom.values()), dTop.values(), traceH, traceHD, quadratic(qu, md),
                quadratic(qv, mh), angles(ut, v), commutator,
                "restricted to span Q of the top " + k + " eigenvectors of H, of -H and of D (" + q.columns()
                        + " dimensions): ||M_H M_D - M_D M_H||_F / (||M_H||_F ||M_D||_F), M_X = Q^T X Q",
                curvature, Double.NaN, false, rows -> {
                    INDArray a2 = rows.mmul(qFinal);
                    return a2.mmul(mhFinal).mmul(a2.transpose());
                }, v, null, null, Math.max(top.residuals()[0], bottom.residuals()[0])
                        + Checks.C * Math.sqrt((double) d) * eps * Math.max(Math.abs(top.values()[0]), Math.abs(bottom.values()[0])),
                quadrature);
    }

    private static void ritzCheck(String name, MatrixFreeSolver.Eigenpairs e, double norm, long d, double eps,
                                  List<Check> checks) {
        double scale = Math.max(norm, Double.MIN_NORMAL);
        double worst = 0;
        for (double r : e.residuals()) {
            worst = Math.max(worst, r / scale);
        }
        checks.add(Check.atMost(name, worst, Math.max(10 * e.tolerance(), Checks.C * Math.sqrt((double) d) * eps),
                "max_i ||A x_i - theta_i x_i|| / ||A|| (largest |theta| at either end) recomputed from the formed Ritz vectors: "
                        + "10 x the Lanczos target or C sqrt(d) eps"));
    }

    /** The operator applied to the identity, in blocks of 256 columns, as a DOUBLE [d, d]. */
    private static INDArray formed(SymmetricOperator op, long d) {
        INDArray out = Nd4j.create(DataType.DOUBLE, d, d);
        for (long start = 0; start < d; start += 256) {
            long end = Math.min(d, start + 256);
            INDArray e = Nd4j.create(op.dataType(), d, end - start);
            for (long i = start; i < end; i++) {
                e.putScalar(i, i - start, 1.0);
            }
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(start, end)).assign(op.apply(e).castTo(DataType.DOUBLE));
        }
        return out;
    }

    private static double trace(INDArray a) {
        double t = 0;
        for (long i = 0; i < a.rows(); i++) {
            t += a.getDouble(i, i);
        }
        return t;
    }

    /** x_i^T A x_i for the columns x_i of x. */
    private static double[] quadratic(INDArray x, INDArray a) {
        return a.mmul(x).muli(x).sum(0).toDoubleVector();
    }

    /** Principal angles in degrees (ascending) between span(u) and span(v), both with orthonormal columns. */
    static double[] angles(INDArray u, INDArray v) {
        INDArray c = u.transpose().mmul(v);
        double[] s2 = SymmetricEigen.eigenvalues(c.transpose().mmul(c), SymmetricEigen.Order.DESCENDING);
        double[] out = new double[s2.length];
        for (int i = 0; i < s2.length; i++) {
            out[i] = Math.toDegrees(Math.acos(Math.min(1, Math.sqrt(Math.max(0, s2[i])))));
        }
        return out;
    }

    private static double[] negate(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -x[i];
        }
        return out;
    }

    private static Estimate mean(double base, double[] samples) {
        if (samples.length == 0) {
            return new Estimate(base, Double.NaN);
        }
        Estimate e = SpectralDensity.meanWithError(samples);
        return new Estimate(base + e.value(), e.standardError());
    }

    /** s distinct indices out of n, ascending (a seeded uniform sample without replacement). */
    private static long[] subset(long n, int s, Random rng) {
        long[] all = new long[(int) n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < s; i++) {
            int j = i + rng.nextInt((int) n - i);
            long tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        long[] out = Arrays.copyOf(all, s);
        Arrays.sort(out);
        return out;
    }

    /**
     * Percentile intervals (2.5%, 97.5%) of B_simple and B_noise over replicates that resample the s examples of S
     * with replacement: with weights w (counts summing to s), gbar* = G_S^T w / s,
     * tr D* = (w . diag K - s ||gbar*||^2) / c_s, tr(HD)* = (w . diag P - s gbar*^T H gbar*) / c_s,
     * ||gbar*||^2 = w^T K w / s^2, gbar*^T H gbar* = w^T P w / s^2.
     */
    private static Interval[] bootstrap(INDArray k, INDArray p, Options o, int s, Random rng) {
        int reps = o.bootstrap();
        if (reps < 2 || s < 2) {
            return new Interval[] {new Interval(Double.NaN, Double.NaN, 0.95, 0, s),
                new Interval(Double.NaN, Double.NaN, 0.95, 0, s)};
        }
        double cs = o.sampling().scatterDivisor(s);
        double[] simple = new double[reps];
        double[] noise = new double[reps];
        double[] kd = diagonal(k);
        double[] pd = diagonal(p);
        for (int r = 0; r < reps; r++) {
            double[] w = new double[s];
            for (int i = 0; i < s; i++) {
                w[rng.nextInt(s)] += 1;
            }
            INDArray wv = Nd4j.createFromArray(w).reshape(s, 1);
            double gg = wv.transpose().mmul(k).mmul(wv).getDouble(0) / ((double) s * s);
            double ghg = wv.transpose().mmul(p).mmul(wv).getDouble(0) / ((double) s * s);
            double wk = 0;
            double wp = 0;
            for (int i = 0; i < s; i++) {
                wk += w[i] * kd[i];
                wp += w[i] * pd[i];
            }
            simple[r] = (wk - s * gg) / cs / gg;
            noise[r] = (wp - s * ghg) / cs / ghg;
        }
        return new Interval[] {percentiles(simple, s), percentiles(noise, s)};
    }

    private static double[] diagonal(INDArray a) {
        double[] out = new double[(int) a.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getDouble(i, i);
        }
        return out;
    }

    private static Interval percentiles(double[] x, int s) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int lo = (int) Math.floor(0.025 * (sorted.length - 1));
        int hi = (int) Math.ceil(0.975 * (sorted.length - 1));
        return new Interval(sorted[lo], sorted[hi], 0.95, sorted.length, s);
    }
}
