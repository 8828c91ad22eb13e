package org.sgdvi.core.spectrum;

import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sgdvi.core.diffusion.FreeMemory;
import org.sgdvi.core.diffusion.MemoryEstimate;
import org.sgdvi.core.diffusion.MomentAccumulator;
import org.sgdvi.core.diffusion.ScatterUpdate;
import org.sgdvi.core.check.Check;
import org.sgdvi.core.check.CheckFailedException;
import org.sgdvi.core.gradients.FactoredGradients;
import org.sgdvi.core.gradients.FactoredLayout;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * The spectrum of D through the N x N centred Gram matrix: with Gc = G - 1 gbar^T [N, d],
 * D = Gc^T Gc / c (c = N with replacement, N - 1 without; the paper's eq. (2), appendix A2) and
 * K = Gc Gc^T / c share their nonzero eigenvalues, so syev on K (N x N) gives them all; the other
 * d - N eigenvalues of D are exactly zero. Cheaper than the dense route when N is smaller than d.
 * Needs the streamed input; one pass over the gradients, which also finds gbar, when N is known (the
 * source's count).
 *
 * <p>The gradients are stored in the source's {@link FactoredLayout}: a dense weight's per-example
 * gradient a_k^T delta_k is kept as a_k and delta_k, and its part of K_kl is
 * (a_k . a_l)(delta_k . delta_l) (centred by gbar in K itself). For lenet that is 27,890
 * numbers per example instead of d = 431,080, so N = 10,000 examples take 1.1 GB in float32 instead
 * of 17 GB, and K costs N^2 (explicit width + p + q) instead of N^2 d. A seeded sample of the entries
 * of K is recomputed from the expanded d-long rows of its examples as a check of that assembly.
 */
public final class GramSolver implements EigenSolver {

    /** The name accepted by {@code --solver}. */
    public static final String NAME = "gram";

    private final Supplier<FreeMemory> freeMemory;
    private java.util.function.Consumer<String> progress = line -> { };

    /** Checks the free memory first. */
    public GramSolver() {
        this(FreeMemory::probe);
    }

    /** @param freeMemory measures the memory available before allocating */
    public GramSolver(Supplier<FreeMemory> freeMemory) {
        this.freeMemory = freeMemory;
    }

    /** This solver reporting the time of its pass, of forming K and of its eigenvalues, one line each. */
    public GramSolver withProgress(java.util.function.Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpectrumResult solve(SpectrumInput input) {
        if (!input.hasGradients()) {
            throw new IllegalArgumentException("the gram solver needs the per-example gradients (a streamed SpectrumInput), "
                    + "not only the dense matrix; use --solver dense");
        }
        long start = System.nanoTime();
        long d = input.dimension();
        DataType dtype = input.dataType();
        if (!input.knowsExampleCount()) {
            // the N x w buffers need N first: a counting pass in the same layout as the main pass, so
            // that gbar is then the main pass's own mean, as when the source states N
            long[] count = {0};
            input.gradients().forEachFactoredChunk(chunk -> count[0] += chunk.rows());
            input.learnedCount(count[0]);
        }
        long n = input.exampleCount();
        FactoredLayout layout = input.gradients().factoredLayout();
        MemoryEstimate.gram(n, layout, input.gradients().chunkRowsHint(), dtype).requireFits(freeMemory.get());
        // one pass: the explicit columns go into the N x w buffer as they are, each outer-product block's
        // factors into N x p and N x q buffers, and the mean is merged on the way (as in the mean-only
        // pass it saves); the explicit rows are centred once the mean is known
        Stored stored = Stored.allocate(layout, n, dtype);
        MomentAccumulator moments = new MomentAccumulator(layout.explicitWidth(), dtype, false);
        long[] row = {0};
        input.gradients().forEachFactoredChunk(chunk -> {
            long m = chunk.rows();
            if (row[0] + m > n) {
                throw new IllegalStateException("the gradient stream has more than N = " + n + " rows; expected exactly N");
            }
            INDArray g = chunk.explicit().dataType() == dtype ? chunk.explicit() : chunk.explicit().castTo(dtype);
            stored.put(row[0], g, chunk);
            moments.add(g);
            if (g != chunk.explicit()) {
                g.close();
            }
            row[0] += m;
        });
        input.learned(row[0], stored.fullMean(moments.mean(), row[0]));
        progress.accept(String.format(java.util.Locale.ROOT, "gram: %d examples stored (%d numbers each, d = %d) in %.1f s",
                n, layout.storedWidth(), d, (System.nanoTime() - start) / 1e9));
        long formStart = System.nanoTime();
        INDArray gbar = input.fullGradient();
        Sample sample = Sample.of(stored, n);
        double divisor = input.sampling().scatterDivisor(n);
        INDArray gram = stored.centredGram(gbar, 1.0 / divisor);
        stored.close();
        Check spot = sample.check(gram, gbar, divisor, dtype);
        progress.accept(String.format(java.util.Locale.ROOT, "gram: K (%d x %d) formed and checked in %.1f s (%s)", n, n,
                (System.nanoTime() - formStart) / 1e9, spot));
        long eigenStart = System.nanoTime();
        if (!spot.passed()) {
            gram.close();
            throw new CheckFailedException("the Gram matrix of " + n + " examples", java.util.List.of(spot), null);
        }
        // tr K = tr D and ||K||_F = ||D||_F: the Gram matrix of the centred rows has D's nonzero spectrum
        double[] norms = SymmetricEigen.traceAndSquaredNorm(gram);
        double[] all = SymmetricEigen.eigenvalues(gram, true, SymmetricEigen.Order.DESCENDING);
        progress.accept(String.format(java.util.Locale.ROOT, "gram: its %d eigenvalues in %.1f s", n,
                (System.nanoTime() - eigenStart) / 1e9));
        int keep = (int) Math.min(n, d);
        double[] values = java.util.Arrays.copyOf(all, keep);
        return new SpectrumResult(NAME, d, dtype, values,
                keep < d ? SpectrumResult.Tail.ZERO : SpectrumResult.Tail.NONE, new double[0], true, input.takePasses(),
                (System.nanoTime() - start) / 1e9,
                new SpectrumResult.Reference(n, norms[0], norms[1], new double[0], Double.NaN));
    }

    /**
     * The N stored gradients: explicit rows E [N, w] and, per outer-product block b, the factors
     * A_b [N, p] and Delta_b [N, q] (row k of block b is A_b[k]^T Delta_b[k]).
     */
    private record Stored(FactoredLayout layout, INDArray explicit, java.util.List<INDArray> left,
                          java.util.List<INDArray> right, java.util.List<INDArray> blockSums) {

        static Stored allocate(FactoredLayout layout, long n, DataType dtype) {
            java.util.List<INDArray> left = new java.util.ArrayList<>();
            java.util.List<INDArray> right = new java.util.ArrayList<>();
            java.util.List<INDArray> sums = new java.util.ArrayList<>();
            for (FactoredLayout.Block b : layout.blocks()) {
                left.add(Nd4j.create(dtype, n, b.rows()));
                right.add(Nd4j.create(dtype, n, b.columns()));
                sums.add(Nd4j.create(DataType.DOUBLE, b.rows(), b.columns()));
            }
            return new Stored(layout, Nd4j.create(dtype, n, layout.explicitWidth()), left, right, sums);
        }

        /** Rows from .. of a chunk; each block's sum_k A_b[k]^T Delta_b[k] gathers its mean, in double. */
        void put(long from, INDArray explicitRows, FactoredGradients chunk) {
            long to = from + chunk.rows();
            explicit.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(explicitRows);
            for (int b = 0; b < left.size(); b++) {
                left.get(b).get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(chunk.left().get(b));
                right.get(b).get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(chunk.right().get(b));
                INDArray a = chunk.left().get(b).castTo(DataType.DOUBLE);
                INDArray e = chunk.right().get(b).castTo(DataType.DOUBLE);
                Nd4j.gemm(a, e, blockSums.get(b), true, false, 1.0, 1.0);
            }
        }

        /** The mean gradient [d] from the explicit rows' mean and the blocks' sums over n rows. */
        INDArray fullMean(INDArray explicitMean, long n) {
            INDArray mean = Nd4j.create(explicitMean.dataType(), layout.dimension());
            for (FactoredLayout.Segment s : layout.explicit()) {
                mean.get(NDArrayIndex.interval(s.offset(), s.offset() + s.length())).assign(explicitMean.reshape(explicitMean.length())
                        .get(NDArrayIndex.interval(s.explicitOffset(), s.explicitOffset() + s.length())));
            }
            for (int b = 0; b < blockSums.size(); b++) {
                FactoredLayout.Block k = layout.blocks().get(b);
                mean.get(NDArrayIndex.interval(k.offset(), k.offset() + k.length()))
                        .assign(blockSums.get(b).div(n).reshape(k.length()).castTo(mean.dataType()));
            }
            return mean;
        }

        /**
         * K = Gc Gc^T * scale with Gc = G - 1 gbar^T: the explicit rows centred, then SYRK (GEMM off the
         * CPU backend); each block adds, in double and 1,024 rows at a time,
         * (A A^T) o (Delta Delta^T) - u 1^T - 1 u^T + ||Gbar_b||_F^2 with u_k = A[k] Gbar_b Delta[k]^T
         * (the block's g_k . gbar), the outer products never formed.
         */
        INDArray centredGram(INDArray gbar, double scale) {
            long n = explicit.size(0);
            explicit.subiRowVector(layout.explicitPart(gbar).castTo(explicit.dataType()));
            INDArray gram = Nd4j.create(explicit.dataType(), n, n);
            ScatterUpdate.best().gram(explicit, gram, scale);
            for (int b = 0; b < left.size(); b++) {
                INDArray a = left.get(b).castTo(DataType.DOUBLE);
                INDArray e = right.get(b).castTo(DataType.DOUBLE);
                INDArray g = layout.blockPart(gbar, b).castTo(DataType.DOUBLE);
                INDArray u = a.mmul(g).muli(e).sum(1); // [n]
                double gg = g.norm2Number().doubleValue();
                gg *= gg;
                for (long r0 = 0; r0 < n; r0 += MemoryEstimate.GRAM_ROW_BLOCK) {
                    long r1 = Math.min(n, r0 + MemoryEstimate.GRAM_ROW_BLOCK);
                    INDArray kb = a.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()).mmul(a.transpose());
                    INDArray eb = e.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()).mmul(e.transpose());
                    kb.muli(eb);
                    eb.close();
                    kb.subiColumnVector(u.get(NDArrayIndex.interval(r0, r1)).reshape(r1 - r0, 1));
                    kb.subiRowVector(u.reshape(1, n));
                    kb.addi(gg).muli(scale);
                    gram.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()).addi(kb.castTo(gram.dataType()));
                    kb.close();
                }
                a.close();
                e.close();
            }
            return gram;
        }

        void close() {
            explicit.close();
            left.forEach(INDArray::close);
            right.forEach(INDArray::close);
            blockSums.forEach(INDArray::close);
        }
    }

    /** Examples whose Gram entries are recomputed from their d-long rows: {@value} (or N if fewer). */
    static final int SAMPLED_EXAMPLES = 8;

    /**
     * A seeded sample of the stored examples, copied before centring: their Gram entries are recomputed
     * from the expanded d-long rows (the outer products formed) as a check of the Gram matrix's assembly.
     */
    record Sample(long[] index, FactoredGradients rows) {

        static Sample of(Stored stored, long n) {
            return of(new FactoredGradients(stored.layout(), stored.explicit(), stored.left(), stored.right()), n);
        }

        /** The seeded sample of {@code min(n, SAMPLED_EXAMPLES)} of the n rows of {@code all} (copied). */
        static Sample of(FactoredGradients all, long n) {
            int s = (int) Math.min(n, SAMPLED_EXAMPLES);
            long[] index = new java.util.SplittableRandom(n).longs(0, n).distinct().limit(s).sorted().toArray();
            int[] rows = toInts(index);
            java.util.List<INDArray> left = new java.util.ArrayList<>();
            java.util.List<INDArray> right = new java.util.ArrayList<>();
            for (int b = 0; b < all.left().size(); b++) {
                left.add(all.left().get(b).getRows(rows));
                right.add(all.right().get(b).getRows(rows));
            }
            return new Sample(index, new FactoredGradients(all.layout(), all.explicit().getRows(rows), left, right));
        }

        /**
         * max |K_kl - (g_k - gbar) . (g_l - gbar) / c| / sqrt(K'_kk K'_ll) over the sampled pairs, the right
         * side from the expanded rows in double, against 10 sqrt(d) eps of the data type (C = 10 as in the other self-checks).
         */
        Check check(INDArray gram, INDArray gbar, double divisor, DataType dtype) {
            INDArray full = rows.expand().castTo(DataType.DOUBLE);
            full.subiRowVector(gbar.castTo(DataType.DOUBLE).reshape(1, gbar.length()));
            INDArray direct = full.mmul(full.transpose()).divi(divisor);
            double worst = 0;
            for (int i = 0; i < index.length; i++) {
                for (int j = 0; j < index.length; j++) {
                    double scale = Math.sqrt(direct.getDouble(i, i) * direct.getDouble(j, j));
                    double diff = Math.abs(gram.getDouble(index[i], index[j]) - direct.getDouble(i, j));
                    worst = Math.max(worst, scale > 0 ? diff / scale : diff);
                }
            }
            rows.close();
            full.close();
            double d = gbar.length();
            double eps = dtype == DataType.DOUBLE ? Math.ulp(1.0) : Math.ulp(1.0f);
            return Check.atMost("gramSampledEntries", worst, 10 * Math.sqrt(d) * eps,
                    "10 sqrt(d) eps: " + index.length + " sampled examples' Gram entries against dot products of their "
                            + "expanded, centred d-long rows (double)");
        }

        private static int[] toInts(long[] index) {
            int[] out = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                out[i] = Math.toIntExact(index[i]);
            }
            return out;
        }
    }
}
