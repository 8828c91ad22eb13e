package org.sgdvi.experiments.dynamics;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.dynamics.linear.DetailedBalance;
import org.sgdvi.core.dynamics.linear.LinearizationResult;
import org.sgdvi.core.dynamics.linear.LyapunovLinearization;
import org.sgdvi.core.dynamics.linear.NetworkLinearization;
import org.sgdvi.core.dynamics.linear.NetworkQuadratic;
import org.sgdvi.core.linalg.SymmetricEigen;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;

/**
 * Runs {@code sgdvi linearize}: Lemma 20 on a trained network. Loads model.zip and the training data
 * of a finished run folder, measures the Hessian F (central differences of the exact inference-mode
 * gradient) and the diffusion matrix D (eq. 2) over N training examples ({@link TrainingSubset}) in DOUBLE
 * ({@link NetworkLinearization}), decomposes F = (D + Q) U ({@link LyapunovLinearization}) on the
 * well-posed subspace, assesses detailed balance ({@link DetailedBalance}) and writes config.json,
 * results.json, F.npy and D.npy (float64), eigenvalues-F.npy, eigenvalues-D.npy, angles.npy (float64,
 * radians), subset.npy (the examples' indices), spectra.png, angles.png and report.html.
 */
public final class LinearizeRunner {

    /** The finite-difference Hessian F (symmetrized), float64 [d, d], TrainableLayout order. */
    public static final String HESSIAN_FILE = "F.npy";
    /** The diffusion matrix D (eq. 2, with replacement), float64 [d, d], TrainableLayout order. */
    public static final String DIFFUSION_FILE = "D.npy";

    /** The memory limits linearize checks its estimate against (tests replace it). */
    static java.util.function.Supplier<org.sgdvi.core.diffusion.FreeMemory> freeMemory =
            org.sgdvi.core.diffusion.FreeMemory::probe;
    /** Seconds between progress lines during the Hessian columns (at most). */
    static final double PROGRESS_SECONDS = 10;

    private LinearizeRunner() {
    }

    /**
     * config.json of {@code sgdvi linearize}.
     *
     * @param head    command, arguments, versions, backend
     * @param options the linearization options
     * @param request the training request of the run the weights come from
     * @param data    where the data came from
     */
    record LinearizeConfig(@com.fasterxml.jackson.annotation.JsonUnwrapped RunConfig head, ConfigOptions options,
                           TrainRequest request, org.sgdvi.datasets.DataProvenance data) {
    }

    /**
     * The {@code "options"} of linearize's config.json.
     *
     * @param run          the training run folder
     * @param examples     N requested
     * @param step         the relative finite-difference step
     * @param seed         seed of the random x and the random basis
     * @param angleSamples random x for the force angles
     * @param tolerance    "auto" or the relative eigenvalue tolerance
     * @param chunk        examples per gradient-engine call
     * @param subset       the subset rule
     * @param subsetSeed   its seed
     */
    public record ConfigOptions(String run, int examples, double step, long seed, int angleSamples, Object tolerance,
                                int chunk, String subset, long subsetSeed) {

        static ConfigOptions of(LinearizeOptions o) {
            return new ConfigOptions(o.run().toString(), o.examples(), o.step(), o.seed(), o.angleSamples(),
                    o.automaticTolerance() ? "auto" : o.tolerance(), o.chunk(), o.subset().label(), o.subsetSeed());
        }
    }

    /** Runs the linearization described by {@code o} into {@code out}, logging progress to {@code log}; returns its results. */
    public static LinearizeResults run(LinearizeOptions o, List<String> argv, RunFolder out, PrintWriter log) {
        return run(o, argv, out, log, log);
    }

    /**
     * Runs the linearization described by {@code o} into {@code out}: refuses up front, in one sentence,
     * when its dense matrices cannot fit ({@link LinearizeMemory}), prints the memory and time estimate
     * to {@code log}, and progress lines during the Hessian columns to {@code progress}; returns
     * its results (results.json).
     */
    public static LinearizeResults run(LinearizeOptions o, List<String> argv, RunFolder out, PrintWriter log,
                                          PrintWriter progress) {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(o.run())) {
            throw new IllegalArgumentException("--run " + o.run() + " is not a folder; expected a finished training run folder");
        }
        RunFolder source = RunFolder.open(o.run());
        TrainRequest request = TrainRunner.readRequest(source);
        Path model = source.path(RunFolder.MODEL_FILE);
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException(o.run() + " has no " + RunFolder.MODEL_FILE + "; expected a finished run folder");
        }
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(model + ": unreadable model (" + e.getMessage() + ")", e);
        }
        TrainRunner.requireFiniteWeights(net, o.run());
        long dims = org.sgdvi.core.models.TrainableLayout.of(net).trainableCount();
        long inputs = org.sgdvi.core.models.ModelZoo.spec(request.model()).inputSize();
        org.sgdvi.core.diffusion.FreeMemory free = freeMemory.get();
        LinearizeMemory need = LinearizeMemory.of(dims, o.examples(), inputs, o.chunk());
        need.requireFits(free, request.model());
        DataSplit split = request.loadData();
        TrainingSubset subset = TrainingSubset.draw(split.train(), "--examples", o.examples(), o.examplesGiven(), o.subset(),
                o.subsetSeed(), line -> {
                    log.println(line);
                    log.flush();
                });
        int n = subset.size();
        DataSet ds = subset.apply(split.train()).toDataSet();
        log.println(need.describe(free));
        log.printf("time: %s%n", timeEstimate(net, ds, o.chunk(), dims));
        log.flush();

        out.writeJson(RunFolder.CONFIG, new LinearizeConfig(RunConfig.of("linearize", argv), ConfigOptions.of(o), request,
                split.provenance()));
        subset.write(out);

        NetworkLinearization linearization = new NetworkLinearization(o.step(), o.chunk());
        long d = org.sgdvi.core.models.TrainableLayout.of(net).trainableCount();
        log.printf("linearize %s on %s: d = %d, N = %d, h = %g (%d gradient evaluations)%n", request.model(),
                split.provenance().name(), d, n, o.step(), 2 * d + 1);
        log.flush();
        long tStart = System.nanoTime();
        int every = (int) Math.max(1, d / 10);
        long[] lastLine = {System.nanoTime()};
        NetworkQuadratic quad = linearization.measure(net, ds.getFeatures(), ds.getLabels(), done -> {
            long now = System.nanoTime();
            if (done % every == 0 || done == d || (now - lastLine[0]) / 1e9 >= PROGRESS_SECONDS) {
                lastLine[0] = now;
                double elapsed = (now - tStart) / 1e9;
                progress.printf("  F: column %d/%d, %.1f s, about %.0f s left%n", done, d, elapsed,
                        elapsed / done * (d - done));
                progress.flush();
            }
        });
        long t1 = System.nanoTime();
        double[] muF = SymmetricEigen.eigenvalues(quad.hessian().symmetric(), SymmetricEigen.Order.ASCENDING);
        double[] muD = SymmetricEigen.eigenvalues(quad.diffusion().matrix(), SymmetricEigen.Order.ASCENDING);
        double maxAbs = Math.max(Math.abs(muF[0]), Math.abs(muF[muF.length - 1]));
        double noiseFloor = quad.hessian().skewNorm();
        double tolerance = o.automaticTolerance()
                ? Math.min(0.5, Math.max(LinearizeOptions.MIN_TOLERANCE, maxAbs > 0 ? noiseFloor / maxAbs : 0))
                : o.tolerance();
        LyapunovLinearization solver = new LyapunovLinearization(tolerance);
        LinearizationResult lin = solver.decompose(quad.hessian().symmetric(), quad.diffusion().matrix());
        DetailedBalance.Assessment balance = DetailedBalance.assess(lin, solver, o.seed(), o.angleSamples());
        long t2 = System.nanoTime();

        out.writeNpy(HESSIAN_FILE, quad.hessian().symmetric());
        out.writeNpy(DIFFUSION_FILE, quad.diffusion().matrix().castTo(DataType.DOUBLE));
        out.writeNpy("eigenvalues-F.npy", muF);
        out.writeNpy("eigenvalues-D.npy", muD);
        out.writeNpy("angles.npy", balance.anglesRadians());

        double wall = (System.nanoTime() - t0) / 1e9;
        org.sgdvi.core.check.Checks checks = LinearizeResults.checks(quad, muF, muD, lin, net, ds, o.seed());
        LinearizeResults results = LinearizeResults.of(o, request.model(), split.provenance().name(), quad, muF, muD,
                tolerance, lin, balance, (t2 - t1) / 1e9, wall, subset.describe(), checks);
        out.writeJson(RunFolder.RESULTS, results);
        checks.requireValid("the linearization", out.path(RunFolder.RESULTS).toString());
        byte[] spectra = RunFolder.png(LinearizationPlots.spectra("Spectra of the Hessian F and the diffusion matrix D ("
                + request.model() + ", N = " + n + ")", muF, muD, noiseFloor));
        byte[] angles = RunFolder.png(LinearizationPlots.angles("Angle between F x and D U x (Lemma 20)",
                balance.anglesRadians(), 36));
        out.writeBytes("spectra.png", spectra);
        out.writeBytes("angles.png", angles);
        out.writeText(RunFolder.REPORT, LinearizeReport.render(results, spectra, angles));
        log.printf("||Q||/||D|| = %.4g (%s); mean angle %.1f deg; %d ill-posed pairs; %.1f s%n", balance.qOverD(),
                balance.verdict(), Math.toDegrees(balance.angleMean()), lin.illPosedPairs().size(),
                (System.nanoTime() - t0) / 1e9);
        log.flush();
        return results;
    }

    /**
     * Dense d x d x d operations after the Hessian, counted from the code for the worst case w = d:
     * matrix products (one in FiniteDifferenceHessian, 22 in each of the two decompositions of
     * LyapunovLinearization, five in DetailedBalance), symmetric eigenvalue-only problems (F and D
     * here, the skew part, the random basis) and eigenvector problems (F and S' in each decomposition,
     * the random basis).
     */
    static final int DENSE_PRODUCTS = 50;
    static final int EIGENVALUE_PROBLEMS = 4;
    static final int EIGENVECTOR_PROBLEMS = 5;

    /**
     * Times full-gradient passes over the examples (one warm-up pass, then the fastest of three) and
     * extrapolates to the 2 d + 1 passes of the Hessian; times a product and two symmetric
     * eigenproblems of size min(d, 1024) and scales them by (d / size)^3 for the dense algebra after it
     * (an upper bound: the products on the well-posed subspace shrink with w &lt; d).
     */
    private static String timeEstimate(MultiLayerNetwork net, DataSet ds, int chunk, long d) {
        org.sgdvi.core.gradients.EngineFullGradient loss = new org.sgdvi.core.gradients.EngineFullGradient(
                NetworkLinearization.inDouble(net), ds.getFeatures(), ds.getLabels(), chunk);
        INDArray x = loss.weights();
        double[] g = new double[(int) d];
        loss.evaluate(x, g);
        double pass = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            loss.evaluate(x, g);
            pass = Math.min(pass, (System.nanoTime() - t) / 1e9);
        }
        int m = (int) Math.min(d, 1024);
        INDArray a = Nd4j.rand(DataType.DOUBLE, m, m).addi(Nd4j.rand(DataType.DOUBLE, m, m).transpose());
        a.mmul(a);
        long t = System.nanoTime();
        a.mmul(a);
        double product = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        SymmetricEigen.eigenvalues(a, SymmetricEigen.Order.ASCENDING);
        double values = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        SymmetricEigen.decompose(a, SymmetricEigen.Order.ASCENDING);
        double vectors = (System.nanoTime() - t) / 1e9;
        double scale = Math.pow((double) d / m, 3);
        double dense = scale * (DENSE_PRODUCTS * product + EIGENVALUE_PROBLEMS * values + EIGENVECTOR_PROBLEMS * vectors);
        double hessian = pass * (2 * d + 1);
        return String.format(java.util.Locale.ROOT, "one gradient pass over N = %d examples takes %.4f s, so the "
                + "2 d + 1 = %d passes of the Hessian about %.0f s; the dense algebra after it (up to %d products and "
                + "%d symmetric eigenproblems of size d) up to about %.0f s; in all up to about %.0f s", ds.numExamples(), pass,
                2 * d + 1, hessian, DENSE_PRODUCTS, EIGENVALUE_PROBLEMS + EIGENVECTOR_PROBLEMS, dense, hessian + dense);
    }
}
