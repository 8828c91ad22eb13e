package org.sgdvi.core.device;

import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_UPPER;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasScopy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cublas.cublasSnrm2_v2;
import static org.bytedeco.cuda.global.cublas.cublasSsyr_v2;
import static org.bytedeco.cuda.global.cublas.cublasSsyrk_v2;
import static org.bytedeco.cuda.global.cudart.cudaDeviceSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemset;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cusolver.CUSOLVER_EIG_MODE_NOVECTOR;
import static org.bytedeco.cuda.global.cusolver.cusolverDnCreate;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDestroy;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSsyevd;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSsyevd_bufferSize;
import static org.bytedeco.cuda.global.cusolver.cusolverDnCreateParams;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDestroyParams;
import static org.bytedeco.cuda.global.cusolver.cusolverDnXsyevd;
import static org.bytedeco.cuda.global.cusolver.cusolverDnXsyevd_bufferSize;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.cuda.cusolver.cusolverDnParams;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * {@link GpuOrderAlgebra} on an NVIDIA GPU through CUDA 13: cublasSsyrk for each chunk, cublasSsyr
 * for the mean correction, cusolverDnSsyevd for all eigenvalues, cublasSnrm2 for the norm. Per-example
 * gradients stay on the host and pass through one pinned staging buffer; only C, one chunk and the
 * solver's workspace live on the device. Every CUDA status is checked: a failure throws
 * {@link IllegalStateException} naming the call. cusolverDnXsyevd (64-bit sizes) takes over when d^2
 * reaches 2^31.
 *
 * <p>Open it only where {@link CudaProbe} found the path usable; this class touches no ND4J class.
 */
public final class CudaAlgebra implements GpuOrderAlgebra {

    private final int device;
    private final String name;
    private final cublasContext blas = new cublasContext();
    private final cusolverDnContext solver = new cusolverDnContext();
    private final FloatPointer alphaHost = new FloatPointer(1);
    private final FloatPointer betaHost = new FloatPointer(1);
    private FloatPointer c;
    private FloatPointer chunk;
    private long chunkCapacity;
    private FloatPointer pinned;
    private long pinnedCapacity;
    private int d;
    private GramRows gram;
    private FloatPointer held;
    private BlockShape block;
    private FloatPointer blockV;
    private FloatPointer blockY;
    private FloatPointer blockT;
    private long blockTCapacity;

    /**
     * Opens cuBLAS and cuSOLVER on one device.
     *
     * @param device the CUDA device index
     * @param name what to call it in messages, e.g. "NVIDIA H200 (compute capability 9.0), CUDA 13.0"
     */
    public CudaAlgebra(int device, String name) {
        this.device = device;
        this.name = name;
        check(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
        blasCheck(cublasCreate_v2(blas), "cublasCreate");
        solverCheck(cusolverDnCreate(solver), "cusolverDnCreate");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long freeBytes() {
        return memoryInfo()[0];
    }

    /** Free and total device memory in bytes (cudaMemGetInfo). */
    public long[] memoryInfo() {
        check(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            check(cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new long[] {free.get(), total.get()};
        }
    }

    @Override
    public void begin(int dimension) {
        releaseMatrices();
        if (dimension < 1) {
            throw new IllegalArgumentException("d = " + dimension + " is not positive; expected at least 1");
        }
        d = dimension;
        c = deviceFloats((long) d * d, "C (d x d)");
        check(cudaMemset(c, 0, (long) d * d * Float.BYTES), "cudaMemset(C)");
    }

    @Override
    public void syrk(float[] x, int rows, double alpha) {
        requireBegun();
        long count = (long) rows * d;
        upload(x, count);
        alphaHost.put(0, (float) alpha);
        betaHost.put(0, 1.0f);
        // column-major: the row-major chunk is the d x m matrix A = X^T, so A A^T = X^T X
        blasCheck(cublasSsyrk_v2(blas, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, d, rows, alphaHost, chunk, d, betaHost, c, d),
                "cublasSsyrk");
    }

    @Override
    public void syr(float[] v, double alpha) {
        requireBegun();
        upload(v, d);
        alphaHost.put(0, (float) alpha);
        blasCheck(cublasSsyr_v2(blas, CUBLAS_FILL_MODE_UPPER, d, alphaHost, chunk, 1, c, d), "cublasSsyr");
    }

    @Override
    public void beginGram(int n, int dimension) {
        releaseMatrices();
        gram = new GramRows(n, dimension);
        held = deviceFloats((long) n * dimension, "the centred gradients X (N x d)");
    }

    @Override
    public void gramRows(float[] x, int rows) {
        long at = GramRows.claim(held, gram, rows);
        long count = (long) rows * gram.d;
        stage(x, count);
        check(cudaMemcpy(new FloatPointer(held).position(at), pinned, count * Float.BYTES, cudaMemcpyHostToDevice),
                "cudaMemcpy(X rows)");
    }

    @Override
    public void gram(double alpha) {
        FloatPointer x = GramRows.complete(held, gram);
        held = null;
        d = gram.n;
        c = deviceFloats((long) d * d, "the Gram matrix (N x N)");
        check(cudaMemset(c, 0, (long) d * d * Float.BYTES), "cudaMemset(Gram)");
        alphaHost.put(0, (float) alpha);
        betaHost.put(0, 0.0f);
        // X (row-major n x d) is X^T column-major with leading dimension d: OP_T gives X X^T
        blasCheck(cublasSsyrk_v2(blas, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_T, gram.n, gram.d, alphaHost, x, gram.d, betaHost,
                c, gram.n), "cublasSsyrk (Gram)");
        check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
        check(cudaFree(x), "cudaFree(X)");
    }

    @Override
    public double[] diagonal() {
        requireBegun();
        FloatPointer diag = deviceFloats(d, "the diagonal");
        try {
            blasCheck(cublasScopy_v2(blas, d, c, d + 1, diag, 1), "cublasScopy (diagonal)");
            return download(diag, d);
        } finally {
            cudaFree(diag);
        }
    }

    @Override
    public double frobeniusSquared() {
        requireBegun();
        double[] diag = diagonal();
        double diagSquares = 0;
        for (double v : diag) {
            diagSquares += v * v;
        }
        double upper = 0;
        try (FloatPointer norm = new FloatPointer(1)) {
            if ((long) d * d <= Integer.MAX_VALUE) {
                // the strict lower triangle is still the zero of cudaMemset (SYRK and SYR write the upper one only),
                // so the norm of the whole buffer is the norm of the upper triangle: one call
                blasCheck(cublasSnrm2_v2(blas, d * d, c, 1, norm), "cublasSnrm2");
                upper = (double) norm.get(0) * norm.get(0);
            } else {
                for (int j = 0; j < d; j++) {
                    // column j of the upper triangle: rows 0..j, contiguous in column-major storage
                    blasCheck(cublasSnrm2_v2(blas, j + 1, new FloatPointer(c).position((long) j * d), 1, norm), "cublasSnrm2");
                    upper += (double) norm.get(0) * norm.get(0);
                }
            }
        }
        return 2 * upper - diagSquares;
    }

    @Override
    public double[] eigenvalues() {
        requireBegun();
        FloatPointer w = deviceFloats(d, "the eigenvalues");
        Pointer work = null;
        IntPointer info = null;
        try (IntPointer infoHost = new IntPointer(1)) {
            info = new IntPointer();
            check(cudaMalloc(info, Integer.BYTES), "cudaMalloc(info)");
            work = (long) d * d <= Integer.MAX_VALUE ? syevd32(w, info) : syevd64(w, info);
            check(cudaDeviceSynchronize(), "cudaDeviceSynchronize after syevd");
            check(cudaMemcpy(infoHost, info, Integer.BYTES, cudaMemcpyDeviceToHost), "cudaMemcpy(info)");
            if (infoHost.get(0) != 0) {
                throw new IllegalStateException("cusolverDnSsyevd returned info = " + infoHost.get(0) + " for d = " + d
                        + "; expected 0");
            }
            double[] ascending = download(w, d);
            double[] out = new double[d];
            for (int i = 0; i < d; i++) {
                out[i] = ascending[d - 1 - i];
            }
            return out;
        } finally {
            cudaFree(w);
            if (work != null) {
                cudaFree(work);
            }
            if (info != null) {
                cudaFree(info);
            }
            cudaFree(c);
            c = null;
        }
    }

    @Override
    public void beginBlock(float[] v, int dimension, int b) {
        endBlockBuffers();
        block = new BlockShape(dimension, b);
        long count = (long) dimension * b;
        blockV = deviceFloats(count, "the block V (d x b)");
        blockY = deviceFloats(count, "the block product Y (d x b)");
        stage(v, count);
        check(cudaMemcpy(blockV, pinned, count * Float.BYTES, cudaMemcpyHostToDevice), "cudaMemcpy(V)");
        check(cudaMemset(blockY, 0, count * Float.BYTES), "cudaMemset(Y)");
    }

    @Override
    public void blockProduct(float[] x, int rows) {
        BlockShape s = BlockShape.require(block);
        upload(x, (long) rows * s.d());
        if (blockT == null || blockTCapacity < (long) rows * s.b()) {
            if (blockT != null) {
                check(cudaFree(blockT), "cudaFree(T)");
            }
            blockTCapacity = (long) rows * s.b();
            blockT = deviceFloats(blockTCapacity, "the chunk product T (rows x b)");
        }
        alphaHost.put(0, 1.0f);
        betaHost.put(0, 0.0f);
        // column-major: V is b x d (ld b), X is d x rows (ld d); T^T = V^T X^T (b x rows), Y^T += T^T X (b x d)
        blasCheck(cublasSgemm_v2(blas, CUBLAS_OP_N, CUBLAS_OP_N, s.b(), rows, s.d(), alphaHost, blockV, s.b(), chunk, s.d(),
                betaHost, blockT, s.b()), "cublasSgemm (X V)");
        betaHost.put(0, 1.0f);
        blasCheck(cublasSgemm_v2(blas, CUBLAS_OP_N, CUBLAS_OP_T, s.b(), s.d(), rows, alphaHost, blockT, s.b(), chunk, s.d(),
                betaHost, blockY, s.b()), "cublasSgemm (X^T T)");
    }

    @Override
    public float[] endBlock() {
        BlockShape s = BlockShape.require(block);
        int count = Math.toIntExact((long) s.d() * s.b());
        float[] y = new float[count];
        try (FloatPointer host = new FloatPointer(count)) {
            check(cudaMemcpy(host, blockY, (long) count * Float.BYTES, cudaMemcpyDeviceToHost), "cudaMemcpy(Y)");
            host.get(y);
        }
        endBlockBuffers();
        return y;
    }

    private void endBlockBuffers() {
        for (FloatPointer p : new FloatPointer[] {blockV, blockY, blockT}) {
            if (p != null) {
                cudaFree(p);
            }
        }
        blockV = null;
        blockY = null;
        blockT = null;
        blockTCapacity = 0;
        block = null;
    }

    /** cusolverDnSsyevd (32-bit sizes, d^2 below 2^31); returns its workspace for the caller to free. */
    private Pointer syevd32(FloatPointer w, IntPointer info) {
        try (IntPointer lwork = new IntPointer(1)) {
            solverCheck(cusolverDnSsyevd_bufferSize(solver, CUSOLVER_EIG_MODE_NOVECTOR, CUBLAS_FILL_MODE_UPPER, d, c, d, w,
                    lwork), "cusolverDnSsyevd_bufferSize");
            FloatPointer work = deviceFloats(Math.max(1, lwork.get()), "the syevd workspace");
            solverCheck(cusolverDnSsyevd(solver, CUSOLVER_EIG_MODE_NOVECTOR, CUBLAS_FILL_MODE_UPPER, d, c, d, w, work,
                    lwork.get(), info), "cusolverDnSsyevd");
            return work;
        }
    }

    /** cusolverDnXsyevd (64-bit sizes, for d^2 of 2^31 and more); returns its device workspace. */
    private Pointer syevd64(FloatPointer w, IntPointer info) {
        cusolverDnParams params = new cusolverDnParams();
        solverCheck(cusolverDnCreateParams(params), "cusolverDnCreateParams");
        try (SizeTPointer deviceBytes = new SizeTPointer(1); SizeTPointer hostBytes = new SizeTPointer(1)) {
            solverCheck(cusolverDnXsyevd_bufferSize(solver, params, CUSOLVER_EIG_MODE_NOVECTOR, CUBLAS_FILL_MODE_UPPER, d,
                    CUDA_R_32F, c, d, CUDA_R_32F, w, CUDA_R_32F, deviceBytes, hostBytes), "cusolverDnXsyevd_bufferSize");
            FloatPointer work = deviceFloats(Math.max(1, (deviceBytes.get() + Float.BYTES - 1) / Float.BYTES),
                    "the Xsyevd workspace");
            try (BytePointer hostWork = new BytePointer(Math.max(1, hostBytes.get()))) {
                solverCheck(cusolverDnXsyevd(solver, params, CUSOLVER_EIG_MODE_NOVECTOR, CUBLAS_FILL_MODE_UPPER, d, CUDA_R_32F,
                        c, d, CUDA_R_32F, w, CUDA_R_32F, work, deviceBytes.get(), hostWork, hostBytes.get(), info),
                        "cusolverDnXsyevd");
                // the host workspace must outlive the call, which may run asynchronously
                check(cudaDeviceSynchronize(), "cudaDeviceSynchronize after Xsyevd");
            }
            return work;
        } finally {
            cusolverDnDestroyParams(params);
        }
    }

    @Override
    public void close() {
        endBlockBuffers();
        releaseMatrices();
        if (chunk != null) {
            cudaFree(chunk);
            chunk = null;
        }
        if (pinned != null) {
            cudaFreeHost(pinned);
            pinned = null;
        }
        cusolverDnDestroy(solver);
        cublasDestroy_v2(blas);
        alphaHost.close();
        betaHost.close();
    }

    private void upload(float[] x, long count) {
        stage(x, count);
        if (chunk == null || chunkCapacity < count) {
            if (chunk != null) {
                check(cudaFree(chunk), "cudaFree(chunk)");
            }
            chunk = deviceFloats(count, "a gradient chunk");
            chunkCapacity = count;
        }
        check(cudaMemcpy(chunk, pinned, count * Float.BYTES, cudaMemcpyHostToDevice), "cudaMemcpy(chunk)");
    }

    private void stage(float[] x, long count) {
        if (pinned == null || pinnedCapacity < count) {
            if (pinned != null) {
                check(cudaFreeHost(pinned), "cudaFreeHost");
            }
            FloatPointer p = new FloatPointer();
            check(cudaMallocHost(p, count * Float.BYTES), "cudaMallocHost(" + count * Float.BYTES + " bytes)");
            pinned = p.capacity(count);
            pinnedCapacity = count;
        }
        // the previous cudaMemcpy from the staging buffer was synchronous, so it may be overwritten
        pinned.position(0).put(x, 0, Math.toIntExact(count));
        pinned.position(0);
    }

    private double[] download(FloatPointer src, int count) {
        try (FloatPointer host = new FloatPointer(count)) {
            check(cudaMemcpy(host, src, (long) count * Float.BYTES, cudaMemcpyDeviceToHost), "cudaMemcpy(to host)");
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                out[i] = host.get(i);
            }
            return out;
        }
    }

    private FloatPointer deviceFloats(long count, String what) {
        FloatPointer p = new FloatPointer();
        int status = cudaMalloc(p, count * Float.BYTES);
        if (status != 0) {
            throw new IllegalStateException("cudaMalloc of " + what + " (" + count * Float.BYTES + " bytes) failed: "
                    + errorString(status) + "; expected enough free device memory");
        }
        return p.capacity(count);
    }

    private void releaseMatrices() {
        if (c != null) {
            cudaFree(c);
            c = null;
        }
        if (held != null) {
            cudaFree(held);
            held = null;
        }
    }

    private void requireBegun() {
        if (c == null) {
            throw new IllegalStateException("no accumulator on the device; expected begin(d) or gram(alpha) first");
        }
    }

    static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed with CUDA error " + status + " (" + errorString(status)
                    + "); expected cudaSuccess");
        }
    }

    private static void blasCheck(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " returned cuBLAS status " + status + "; expected CUBLAS_STATUS_SUCCESS");
        }
    }

    private static void solverCheck(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " returned cuSOLVER status " + status
                    + "; expected CUSOLVER_STATUS_SUCCESS");
        }
    }

    static String errorString(int status) {
        try {
            org.bytedeco.javacpp.BytePointer s = cudaGetErrorString(status);
            return s == null || s.isNull() ? "unknown" : s.getString();
        } catch (Throwable t) {
            return "unknown";
        }
    }
}
