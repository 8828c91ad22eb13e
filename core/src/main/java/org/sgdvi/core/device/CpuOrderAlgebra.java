package org.sgdvi.core.device;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.sgdvi.core.diffusion.FreeMemory;

/**
 * {@link GpuOrderAlgebra} on the CPU with OpenBLAS and LAPACK, in single precision and with the
 * very calls the GPU makes (ssyrk, ssyr, ssyevd on a column-major upper triangle), so that the GPU's
 * order of work is tested against the CPU path without a GPU.
 */
public final class CpuOrderAlgebra implements GpuOrderAlgebra {

    private FloatPointer c;
    private FloatPointer held;
    private FloatPointer stage;
    private int d;
    private GramRows gram;
    private BlockShape block;
    private FloatPointer blockV;
    private FloatPointer blockY;

    private final java.util.function.LongSupplier freeBytes;

    /** Free memory as {@link FreeMemory#probe} measures it off the heap. */
    public CpuOrderAlgebra() {
        this(() -> FreeMemory.probe().offHeapBytes());
    }

    /** @param freeBytes what {@link #freeBytes} reports (tests stand in a small device with it) */
    public CpuOrderAlgebra(java.util.function.LongSupplier freeBytes) {
        this.freeBytes = freeBytes;
    }

    @Override
    public String name() {
        return "CPU (OpenBLAS, in the GPU's order)";
    }

    @Override
    public long freeBytes() {
        return freeBytes.getAsLong();
    }

    @Override
    public void begin(int dimension) {
        release();
        requirePositive(dimension);
        d = dimension;
        c = new FloatPointer((long) d * d);
        c.fill(0);
    }

    @Override
    public void syrk(float[] x, int rows, double alpha) {
        requireBegun();
        FloatPointer a = staged(x, (long) rows * d);
        // column-major: the row-major chunk is the d x m matrix A = X^T, so A A^T = X^T X
        openblas.cblas_ssyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasNoTrans, d, rows,
                (float) alpha, a, d, 1.0f, c, d);
    }

    @Override
    public void syr(float[] v, double alpha) {
        requireBegun();
        FloatPointer p = staged(v, d);
        openblas.cblas_ssyr(openblas.CblasColMajor, openblas.CblasUpper, d, (float) alpha, p, 1, c, d);
    }

    @Override
    public void beginGram(int n, int dimension) {
        release();
        gram = new GramRows(n, dimension);
        held = new FloatPointer((long) n * dimension);
    }

    @Override
    public void gramRows(float[] x, int rows) {
        long at = GramRows.claim(held, gram, rows);
        held.position(at).put(x, 0, rows * gram.d);
        held.position(0);
    }

    @Override
    public void gram(double alpha) {
        FloatPointer x = GramRows.complete(held, gram);
        held = null;
        begin(gram.n);
        // column-major: the row-major n x d X is the d x n matrix A = X^T, so A^T A = X X^T
        openblas.cblas_ssyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasTrans, gram.n, gram.d,
                (float) alpha, x, gram.d, 0.0f, c, gram.n);
        x.close();
    }

    @Override
    public double[] diagonal() {
        requireBegun();
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            out[j] = c.get((long) j * d + j);
        }
        return out;
    }

    @Override
    public double frobeniusSquared() {
        requireBegun();
        double sum = 0;
        for (int j = 0; j < d; j++) {
            long col = (long) j * d;
            for (int i = 0; i < j; i++) {
                double v = c.get(col + i);
                sum += 2 * v * v;
            }
            double diag = c.get(col + j);
            sum += diag * diag;
        }
        return sum;
    }

    @Override
    public double[] eigenvalues() {
        requireBegun();
        FloatPointer w = new FloatPointer(d);
        int info = openblas.LAPACKE_ssyevd(openblas.LAPACK_COL_MAJOR, (byte) 'N', (byte) 'U', d, c, d, w);
        if (info != 0) {
            throw new IllegalStateException("LAPACK ssyevd returned info = " + info + " for d = " + d + "; expected 0");
        }
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            out[i] = w.get(d - 1 - i);
        }
        w.close();
        c.close();
        c = null;
        return out;
    }

    @Override
    public void beginBlock(float[] v, int dimension, int b) {
        endBlockBuffers();
        block = new BlockShape(dimension, b);
        blockV = new FloatPointer((long) dimension * b);
        blockV.put(v, 0, dimension * b);
        blockY = new FloatPointer((long) dimension * b);
        blockY.fill(0);
    }

    @Override
    public void blockProduct(float[] x, int rows) {
        BlockShape s = BlockShape.require(block);
        FloatPointer a = staged(x, (long) rows * s.d());
        try (FloatPointer t = new FloatPointer((long) rows * s.b())) {
            // column-major: V is b x d (ld b), X is d x rows (ld d); T^T = V^T X^T (b x rows), Y^T += T^T X (b x d)
            openblas.cblas_sgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, s.b(), rows, s.d(),
                    1.0f, blockV, s.b(), a, s.d(), 0.0f, t, s.b());
            openblas.cblas_sgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasTrans, s.b(), s.d(), rows,
                    1.0f, t, s.b(), a, s.d(), 1.0f, blockY, s.b());
        }
    }

    @Override
    public float[] endBlock() {
        BlockShape s = BlockShape.require(block);
        float[] y = new float[s.d() * s.b()];
        blockY.get(y);
        endBlockBuffers();
        return y;
    }

    private void endBlockBuffers() {
        if (blockV != null) {
            blockV.close();
            blockY.close();
        }
        blockV = null;
        blockY = null;
        block = null;
    }

    @Override
    public void close() {
        endBlockBuffers();
        release();
        if (stage != null) {
            stage.close();
            stage = null;
        }
    }

    private FloatPointer staged(float[] values, long count) {
        if (stage == null || stage.capacity() < count) {
            if (stage != null) {
                stage.close();
            }
            stage = new FloatPointer(count);
        }
        stage.position(0).put(values, 0, Math.toIntExact(count));
        return stage.position(0);
    }

    private void release() {
        if (c != null) {
            c.close();
            c = null;
        }
        if (held != null) {
            held.close();
            held = null;
        }
    }

    private void requireBegun() {
        if (c == null) {
            throw new IllegalStateException("no accumulator; expected begin(d) or gram(alpha) first");
        }
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("size " + n + " is not positive; expected at least 1");
        }
    }
}
