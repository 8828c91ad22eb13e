package org.sgdvi.core.spectrum;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * Products D V with the diffusion matrix without forming it: from the streamed gradients,
 * D V = Gc^T (Gc V) / c with Gc = G - 1 gbar^T and c = N (with replacement) or N - 1 (without),
 * accumulated chunk by chunk with two backend GEMMs per chunk (the paper's eq. (2), appendix A2), or the
 * same two products on the GPU through the CUDA 13 path; from a dense D, one GEMM.
 */
final class DiffusionOperator implements SymmetricOperator {

    private final SpectrumInput input;
    private final org.sgdvi.core.device.GpuOrderAlgebra blocks;
    private int passes;
    private double trace = Double.NaN;
    private double frobeniusSquared = Double.NaN;

    DiffusionOperator(SpectrumInput input) {
        this(input, null);
    }

    /**
     * @param input the diffusion matrix or its gradients
     * @param blocks where the two products per chunk run for streamed float32 gradients (the CUDA 13
     *               path's {@link org.sgdvi.core.device.GpuOrderAlgebra#blockProduct}), or null for ND4J's backend;
     *               the gradients are centred on the host either way
     */
    DiffusionOperator(SpectrumInput input, org.sgdvi.core.device.GpuOrderAlgebra blocks) {
        this.input = input;
        this.blocks = blocks != null && input.hasGradients() && input.dataType() == DataType.FLOAT ? blocks : null;
    }

    @Override
    public long dimension() {
        return input.dimension();
    }

    @Override
    public DataType dataType() {
        return input.dataType();
    }

    /** The number of passes over the gradients so far. */
    @Override
    public int passes() {
        return passes;
    }

    /** tr D (from the first pass over the gradients: (1/c) sum_k ||g_k - gbar||^2), or NaN before it. */
    double trace() {
        if (input.hasDense() && Double.isNaN(trace)) {
            double[] norms = SymmetricEigen.traceAndSquaredNorm(input.dense());
            trace = norms[0];
            frobeniusSquared = norms[1];
        }
        return trace;
    }

    /** ||D||_F^2 for a dense input; NaN for streamed gradients (it would take N^2 d work). */
    double frobeniusSquared() {
        trace();
        return frobeniusSquared;
    }

    /** Y = D V for V [d, k] in the input's data type. */
    @Override
    public INDArray apply(INDArray v) {
        long d = input.dimension();
        INDArray y = Nd4j.create(input.dataType(), d, v.columns());
        if (input.hasDense()) {
            INDArray dense = input.dense().dataType() == input.dataType() ? input.dense() : input.dense().castTo(input.dataType());
            Nd4j.gemm(dense, v, y, false, false, 1.0, 0.0);
            return y;
        }
        INDArray mean = input.fullGradient();
        long[] rows = {0};
        double[] squares = {0};
        boolean first = passes == 0;
        if (blocks != null) {
            blocks.beginBlock(v.castTo(DataType.FLOAT).dup('c').data().asFloat(), Math.toIntExact(d),
                    Math.toIntExact(v.columns()));
        }
        input.gradients().forEachChunk(chunk -> {
            INDArray g = chunk.dataType() == input.dataType() ? chunk : chunk.castTo(input.dataType());
            INDArray centred = g.subRowVector(mean);
            if (first) {
                // row norms (d terms each in the data type), their squares summed in double
                for (double r : centred.norm2(1).castTo(DataType.DOUBLE).toDoubleVector()) {
                    squares[0] += r * r;
                }
            }
            if (blocks != null) {
                INDArray c = centred.dup('c');
                blocks.blockProduct(c.data().asFloat(), Math.toIntExact(chunk.rows()));
                c.close();
            } else {
                INDArray t = centred.mmul(v);
                Nd4j.gemm(centred, t, y, true, false, 1.0, 1.0);
                t.close();
            }
            rows[0] += chunk.rows();
            // chunk-sized temporaries go back at once rather than when the garbage collector finds them
            centred.close();
            if (g != chunk) {
                g.close();
            }
        });
        passes++;
        if (rows[0] != input.exampleCount()) {
            throw new IllegalStateException("the gradient stream has " + rows[0] + " rows; expected N = " + input.exampleCount());
        }
        if (blocks != null) {
            y.assign(Nd4j.createFromArray(blocks.endBlock()).reshape(d, v.columns()));
        }
        double divisor = input.sampling().scatterDivisor(rows[0]);
        if (first) {
            trace = squares[0] / divisor;
        }
        return y.divi(divisor);
    }
}
