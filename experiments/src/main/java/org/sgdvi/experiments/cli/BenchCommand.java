package org.sgdvi.experiments.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.experiments.bench.PerExampleGradientBench;
import org.sgdvi.experiments.bench.PipelineBench;
import org.sgdvi.experiments.bench.SolverBench;
import org.sgdvi.experiments.data.DataArgs;
import org.sgdvi.experiments.run.Json;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sgdvi bench WHAT}: performance figures measured side by side in one process, printed as
 * JSON (and written to {@code --out}/results.json):
 * <ul>
 *   <li>{@code gradients}: exact per-example gradients vs a batch-of-one DL4J loop vs one batched
 *       training forward+backward, for small-lenet;</li>
 *   <li>{@code solvers}: dense, Gram and matrix-free eigenvalues on the same gradient matrix;</li>
 *   <li>{@code pipeline}: gradients, D and its eigenvalues over a whole data set (default:
 *       fashion-mnist, 60,000 examples, small-lenet);</li>
 *   <li>{@code matrix-free}: top-k eigenvalues of D for a large network (default lenet on 10,000
 *       fashion-mnist examples, k = 500), one line per pass on stderr; {@code --against-dense} also
 *       runs the dense solver on the same gradients and reports the agreement.</li>
 * </ul>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks: gradients, solvers, pipeline, matrix-free. Contenders run side by side in one process.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHAT", description = "gradients, solvers, pipeline or matrix-free")
    String what;

    @Option(names = "--examples", description = "Examples (gradients: 512; solvers: 1000; pipeline: all; matrix-free: 10000).")
    Integer examples;

    @Option(names = "--d", defaultValue = "13338", description = "solvers: columns of the synthetic gradient matrix (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--model", description = "pipeline: small-lenet; matrix-free: lenet.")
    String model;

    @Option(names = "--solver", description = "pipeline: dense (default), gram or matrix-free.")
    String solver;

    @Option(names = "--k", defaultValue = "500", description = "matrix-free: the top k eigenvalues (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--weights", paramLabel = "RUN_DIR",
            description = "matrix-free: the trained model of this run folder (model.zip) instead of a seeded initialization; "
                    + "without --data, the run's own data.")
    Path weights;

    @Option(names = "--dtype", defaultValue = "float", description = "matrix-free: accumulation type of D V, float "
            + "(as in the paper) or double (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--tolerance", defaultValue = "1e-5", description = "matrix-free: residual target relative to "
            + "lambda_max (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--against-dense", description = "matrix-free: also run the dense solver on the same gradients and compare.")
    boolean againstDense;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataArgs data = new DataArgs();

    @Option(names = "--out", paramLabel = "DIR", description = "Also write results.json and config.json here.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The output folder once opened (locked until the command ends). */
    private RunFolder outFolder;

    @Override
    public Integer call() throws Exception {
        try {
            return work();
        } finally {
            if (outFolder != null) {
                outFolder.close();
            }
        }
    }

    private Integer work() throws Exception {
        boolean dataGiven = spec.commandLine().getParseResult().hasMatchedOption("--data");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", what);
        double[] eigenvalues = null;
        if (!dtype.equals("float") && !dtype.equals("double")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dtype " + dtype + ": expected float or double");
        }
        switch (what) {
            case "gradients" -> result.putAll(PerExampleGradientBench.run(examples == null ? 512 : examples, seed));
            case "solvers" -> result.putAll(SolverBench.run(d, examples == null ? 1000 : examples, seed));
            case "pipeline" -> {
                if (!dataGiven) {
                    data.data = "fashion-mnist";
                }
                ImageDataset train = limit(data.load().train(), examples);
                result.putAll(PipelineBench.dense(model == null ? "small-lenet" : model, train, solver, seed));
            }
            case "matrix-free" -> {
                if (!dataGiven) {
                    data.data = "fashion-mnist";
                }
                // a trained network is measured on the data it was trained on unless --data says otherwise
                ImageDataset all;
                if (weights != null && !dataGiven) {
                    var trained = TrainRunner.readRequest(RunFolder.open(weights));
                    data.data = trained.data();
                    all = TrainRunner.loadData(trained).train();
                } else {
                    all = data.load().train();
                }
                ImageDataset train = limit(all, examples == null ? 10_000 : examples);
                java.util.function.Consumer<String> log = line -> {
                    spec.commandLine().getErr().println(line);
                    spec.commandLine().getErr().flush();
                };
                PipelineBench.MatrixFreeRequest request = new PipelineBench.MatrixFreeRequest(k, seed,
                        dtype.equals("double") ? DataType.DOUBLE : DataType.FLOAT, tolerance, againstDense);
                if (weights != null) {
                    String trainedModel = TrainRunner.readRequest(RunFolder.open(weights)).model();
                    if (model != null && !model.equals(trainedModel)) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + ": the run in "
                                + weights + " trained " + trainedModel + "; expected the same model or no --model");
                    }
                    result.putAll(PipelineBench.matrixFree(TrainRunner.restoreModel(weights), trainedModel, train, request, log));
                    result.put("weightsFrom", weights.toString());
                } else {
                    result.putAll(PipelineBench.matrixFree(model == null ? "lenet" : model, train, request, log));
                }
                eigenvalues = (double[]) result.remove(PipelineBench.EIGENVALUES);
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "WHAT: expected gradients, solvers, pipeline or matrix-free, got " + what);
        }
        spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        spec.commandLine().getOut().flush();
        if (out != null) {
            RunFolder run = outFolder = RunFolder.create(out);
            run.writeJson("config.json", RunConfig.base("bench", List.copyOf(spec.commandLine().getParseResult().originalArgs())));
            if (eigenvalues != null) {
                run.writeNpy("eigenvalues.npy", eigenvalues);
            }
            run.writeJson("results.json", result);
        }
        return 0;
    }

    private ImageDataset limit(ImageDataset data, Integer n) {
        if (n == null || n == data.size()) {
            return data;
        }
        if (n < 1 || n > data.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--examples " + n + ": expected 1 to "
                    + data.size() + ", the training examples of --data " + this.data.data);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return data.subset(idx);
    }
}
