package org.sgdvi.core.device;

import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.linalg.SymmetricEigen;

/**
 * Computes a {@link CheckReference} on the CPU: the r x r sample covariance of the coefficients b_k of
 * {@link SpikedGradients} in double precision (one pass, chunked GEMM), and its eigenvalues with
 * LAPACK. They are D's nonzero eigenvalues, found without forming D. Command line:
 * {@code CheckReferenceBuilder OUT.json SEED K d r}.
 */
public final class CheckReferenceBuilder {

    private CheckReferenceBuilder() {
    }

    /** The reference for the generator with these parameters (with-replacement normalisation, divisor K). */
    public static CheckReference build(long seed, int rows, int dimension, int rank) {
        long start = System.nanoTime();
        SpikedGradients g = new SpikedGradients(seed, rows, dimension, SpikedGradients.spikedTheta(rank));
        INDArray scatter = Nd4j.zeros(DataType.DOUBLE, rank, rank);
        double[] sum = new double[rank];
        int chunk = 4096;
        double[] row = new double[rank];
        for (int first = 0; first < rows; first += chunk) {
            int m = Math.min(chunk, rows - first);
            double[] b = new double[m * rank];
            for (int i = 0; i < m; i++) {
                g.coefficients(first + i, row);
                System.arraycopy(row, 0, b, i * rank, rank);
                for (int j = 0; j < rank; j++) {
                    sum[j] += row[j];
                }
            }
            INDArray block = Nd4j.createFromArray(b).reshape(m, rank);
            Nd4j.gemm(block, block, scatter, true, false, 1.0, 1.0);
            block.close();
        }
        INDArray mean = Nd4j.createFromArray(sum).divi(rows).reshape(rank, 1);
        // D restricted to the r directions: (1/K) sum b b^T - bbar bbar^T (double; b has mean near 0)
        INDArray cov = scatter.divi(rows).subi(mean.mmul(mean.transpose()));
        double[] tf = SymmetricEigen.traceAndSquaredNorm(cov);
        double[] values = SymmetricEigen.eigenvalues(cov, true, SymmetricEigen.Order.DESCENDING);
        int numpyRank = CheckReference.numpyRank(values, dimension);
        if (numpyRank != rank) {
            throw new IllegalStateException("the spiked spectrum has numpy rank " + numpyRank + " in float32 at d = "
                    + dimension + "; expected r = " + rank + " (every spike above lambda_max d eps)");
        }
        return new CheckReference(seed, rows, dimension, rank, values, tf[0], tf[1], numpyRank,
                "eigenvalues of the r x r covariance of the coefficients, float64 LAPACK syev on the CPU",
                (System.nanoTime() - start) / 1e9);
    }

    /** {@code OUT.json SEED K d r}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: CheckReferenceBuilder OUT.json SEED K d r");
            System.exit(2);
        }
        CheckReference ref = build(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]));
        AtomicFiles.writeBytes(Path.of(args[0]), Json.pretty().writeValueAsBytes(ref));
        System.out.printf(java.util.Locale.ROOT, "reference: K = %,d, d = %,d, r = %d, lambda_max %.6g, trace %.6g, %.1f s%n",
                ref.rows(), ref.dimension(), ref.rank(), ref.lambdaMax(), ref.trace(), ref.seconds());
    }
}
