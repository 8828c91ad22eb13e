package org.sgdvi.experiments.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.List;
import org.sgdvi.experiments.data.SeedArgs;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.experiments.bench.PerExampleGradientBench;
import org.sgdvi.experiments.bench.PipelineBench;
import org.sgdvi.experiments.bench.SolverBench;
import org.sgdvi.experiments.bench.TrajectoryBench;
import org.sgdvi.experiments.data.DataArgs;
import org.sgdvi.experiments.data.DeviceChoice;
import org.sgdvi.experiments.data.SolverChoice;
import org.sgdvi.experiments.data.EigenArgs;
import org.sgdvi.experiments.data.ExamplesArgs;
import org.sgdvi.experiments.data.SubsetArgs;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.WeightsArgs;
import org.sgdvi.experiments.trajectory.RecordingArgs;
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
 *       training forward+backward, for small-lenet (or {@code --model}), and PyTorch's functorch
 *       vmap(grad), batch-of-one loop and batched forward+backward on the same network and sizes
 *       ({@link org.sgdvi.experiments.bench.TorchContender}; skipped, saying why, without functorch);</li>
 *   <li>{@code solvers}: dense, Gram and matrix-free eigenvalues on the same gradient matrix;</li>
 *   <li>{@code pipeline}: gradients, D and its eigenvalues over a whole data set (default:
 *       fashion-mnist, 60,000 examples, small-lenet), and the same pipeline in PyTorch (vmap(grad),
 *       D by addmm, eigvalsh) on the same examples;</li>
 *   <li>{@code matrix-free}: top-k eigenvalues of D for a large network (default lenet on 10,000
 *       fashion-mnist examples, k = 500), one line per pass on stderr; {@code --against-dense} also
 *       runs the dense solver on the same gradients and reports the agreement;</li>
 *   <li>{@code trajectory}: epochs per second of tiny-fc (batch 128, momentum 0.9) for each training
 *       engine, measured in interleaved rounds, the per-epoch cost of recording the trajectory and of a
 *       checkpoint, and the projected wall time of the paper's 10^5 epochs (default data: fashion-mnist
 *       at 7 x 7, classes 0-4); one line per engine on stderr ({@link TrajectoryBench}).</li>
 * </ul>
 * The examples of pipeline and matrix-free are a seeded sample of the training split
 * ({@link TrainingSubset}, {@code --subset}): "subset" in the printed JSON, subset.npy in {@code --out}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "org.sgdvi.experiments.cli.BenchCommand",
        description = "Benchmarks: gradients, solvers, pipeline, matrix-free, trajectory. Contenders run side by side "
                + "in one process.")
public final class BenchCommand extends RunFolderCommand {

    @Parameters(index = "0", paramLabel = "WHAT", description = "gradients, solvers, pipeline, matrix-free or trajectory")
    String what;

    /** --examples (default per benchmark) and how pipeline and matrix-free draw them. */
    @Mixin
    ExamplesArgs sample = new ExamplesArgs(null);

    @Option(names = "--d", defaultValue = "13338", description = "solvers: columns of the synthetic gradient matrix (default: ${DEFAULT-VALUE}).")
    int d;

    @Option(names = "--model", description = "gradients and pipeline: small-lenet; matrix-free: lenet.")
    String model;

    /** pipeline: --solver and --device; matrix-free: --dtype (descriptions in BenchCommand.properties). */
    @Mixin
    EigenArgs eigen = new EigenArgs(SolverChoice.DENSE, DeviceChoice.CPU);

    @Option(names = "--k", defaultValue = "500", description = "matrix-free: the top k eigenvalues (default: ${DEFAULT-VALUE}).")
    int k;

    /** matrix-free: a trained network instead of a seeded one (description in BenchCommand.properties). */
    @Mixin
    WeightsArgs weights = new WeightsArgs();

    @Option(names = "--tolerance", defaultValue = "1e-5", description = "matrix-free: residual target relative to "
            + "lambda_max (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--against-dense", description = "matrix-free: also run the dense solver on the same gradients and compare.")
    boolean againstDense;

    @Option(names = "--no-gram", description = "matrix-free: do not run the Gram route beside it (all N eigenvalues from "
            + "the N x N Gram matrix, dense weights' gradients as outer-product factors).")
    boolean noGram;

    @Option(names = "--no-torch", description = "pipeline: do not run the PyTorch contender (results.json says so in "
            + "torchSkipped), e.g. for a paper-scale run whose PyTorch side takes minutes more.")
    boolean noTorch;

    @Option(names = "--rounds", defaultValue = "5", description = "gradients, trajectory: rounds of interleaved measurements "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--epochs-per-round", defaultValue = "2", description = "trajectory: epochs per engine and round "
            + "(default: ${DEFAULT-VALUE}).")
    int epochsPerRound;

    /** trajectory: the recording periods the projection assumes (descriptions in BenchCommand.properties). */
    @Mixin
    RecordingArgs recording = new RecordingArgs(10, 10);

    @Mixin
    SeedArgs seedArgs = new SeedArgs(1);

    @Mixin
    DataArgs data = new DataArgs();

    @Option(names = "--out", paramLabel = "DIR", description = "Also write results.json and config.json here.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * config.json of {@code sgdvi bench --out}.
     *
     * @param head   command, arguments, versions, backend
     * @param subset how the examples were drawn, absent when the bench draws none
     */
    record BenchConfig(@com.fasterxml.jackson.annotation.JsonUnwrapped RunConfig head,
                       @com.fasterxml.jackson.annotation.JsonInclude(
                               com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) SubsetArgs.Config subset) {
    }

    @Override
    protected Integer work() throws Exception {
        long seed = seedArgs.seed;
        boolean dataGiven = spec.commandLine().getParseResult().hasMatchedOption("--data");
        Object figures;
        double[] eigenvalues = null;
        double[] extraEigenvalues = null;
        TrainingSubset subset = null;
        Integer examples = sample.examples;
        if (examples != null) {
            TrainingSubset.requireAtLeast("--examples", examples, 1);
        }
        switch (what) {
            case "gradients" -> {
                requirePositive("--rounds", rounds);
                PerExampleGradientBench.Figures r = PerExampleGradientBench.run(
                        model == null ? PerExampleGradientBench.MODEL : model, examples == null ? 512 : examples, seed, rounds);
                figures = r;
                printErr(PerExampleGradientBench.summary(r));
            }
            case "solvers" -> figures = SolverBench.run(d, examples == null ? 1000 : examples, seed);
            case "pipeline" -> {
                if (!dataGiven) {
                    data.data = "fashion-mnist";
                }
                ImageDataset all = data.load().train();
                subset = limit(all, examples == null ? all.size() : examples);
                ImageDataset train = subset.apply(all);
                PipelineBench.Dense ours = PipelineBench.dense(model == null ? "small-lenet" : model, train, eigen.solver.kind(),
                        seed, eigen.device.device());
                PipelineBench.WithTorch r = new PipelineBench.WithTorch(ours, noTorch
                        ? PipelineBench.TorchPipeline.skipped("--no-torch was given")
                        : PipelineBench.againstTorch(ours, train, seed));
                figures = r;
                printErr(PipelineBench.summary(r));
            }
            case "matrix-free" -> {
                if (!dataGiven) {
                    data.data = "fashion-mnist";
                }
                // a trained network is measured on the data it was trained on unless --data says otherwise
                ImageDataset all;
                if (weights.given() && !dataGiven) {
                    var trained = weights.request();
                    data.data = trained.data();
                    all = trained.loadData().train();
                } else {
                    all = data.load().train();
                }
                subset = limit(all, examples == null ? 10_000 : examples);
                ImageDataset train = subset.apply(all);
                java.util.function.Consumer<String> log = line -> {
                    spec.commandLine().getErr().println(line);
                    spec.commandLine().getErr().flush();
                };
                PipelineBench.MatrixFreeRequest request = new PipelineBench.MatrixFreeRequest(k, seed,
                        eigen.dtype.dataType(), tolerance, againstDense, !noGram);
                PipelineBench.MatrixFree r;
                if (weights.given()) {
                    String trainedModel = weights.request().model();
                    if (model != null && !model.equals(trainedModel)) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + ": the run in "
                                + weights.run + " trained " + trainedModel + "; expected the same model or no --model");
                    }
                    r = PipelineBench.matrixFree(weights.network(), trainedModel, train, request, log,
                            weights.run.toString());
                } else {
                    r = PipelineBench.matrixFree(model == null ? "lenet" : model, train, request, log);
                }
                eigenvalues = r.eigenvalues();
                extraEigenvalues = r.gram() == null ? null : r.gram().eigenvalues();
                figures = r;
            }
            case "trajectory" -> {
                requirePositive("--rounds", rounds);
                requirePositive("--epochs-per-round", epochsPerRound);
                requirePositive("--checkpoint-every", recording.checkpointEvery);
                requirePositive("--grad-norm-every", recording.gradNormEvery);
                if (!dataGiven) {
                    data.data = TrajectoryBench.DATA;
                    data.downsample = data.downsample == null ? TrajectoryBench.SIDE : data.downsample;
                    data.classes = data.classes == null ? TrajectoryBench.CLASSES : data.classes;
                }
                TrajectoryBench.Figures r = TrajectoryBench.run(data.load(), seed, rounds, epochsPerRound,
                        recording.checkpointEvery, recording.gradNormEvery);
                figures = r;
                printErr(TrajectoryBench.summary(r));
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "WHAT: expected gradients, solvers, pipeline, matrix-free or trajectory, got " + what);
        }
        Output result = new Output(what, figures, subset == null ? null : subset.describe());
        spec.commandLine().getOut().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        spec.commandLine().getOut().flush();
        if (out != null) {
            RunFolder run = openRunFolder(out);
            run.writeJson(RunFolder.CONFIG, new BenchConfig(RunConfig.of("bench",
                    List.copyOf(spec.commandLine().getParseResult().originalArgs())),
                    subset == null ? null : sample.subset.config(seed)));
            if (subset != null) {
                subset.write(run);
            }
            if (eigenvalues != null) {
                run.writeNpy("eigenvalues.npy", eigenvalues);
            }
            if (extraEigenvalues != null) {
                run.writeNpy("gram-eigenvalues.npy", extraEigenvalues);
            }
            run.writeJson(RunFolder.RESULTS, result);
        }
        return 0;
    }

    /**
     * What bench prints and writes to results.json: the benchmark's name, its figures at the top
     * level, and the examples' subset when it drew one.
     *
     * @param benchmark WHAT
     * @param figures   the benchmark's record
     * @param subset    the examples, or null
     */
    public record Output(String benchmark, @JsonUnwrapped Object figures,
                         @JsonInclude(JsonInclude.Include.NON_NULL) TrainingSubset.Description subset) {
    }

    private void printErr(List<String> lines) {
        lines.forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
    }

    private void requirePositive(String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + value + ": expected at least 1");
        }
    }

    /** n examples of the training split: an explicit --examples above its size is refused, a default is clamped. */
    private TrainingSubset limit(ImageDataset train, int n) {
        return sample.draw(train, n, seedArgs.seed, line -> {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        });
    }
}
