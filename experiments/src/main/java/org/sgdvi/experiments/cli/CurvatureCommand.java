package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.HessianVectorProducts;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.curvature.SpectralDensity;
import org.sgdvi.experiments.curvature.CurvatureReport;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.experiments.curvature.CurvatureArgs;
import org.sgdvi.experiments.curvature.CurvaturePlots;
import org.sgdvi.experiments.curvature.CurvatureResults;
import org.sgdvi.experiments.data.ExamplesArgs;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.data.SeedArgs;
import org.sgdvi.experiments.data.SubsetArgs;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi curvature}: the Hessian H of the training loss beside the diffusion matrix D (eq. 2) at a trained
 * network's weights, over N seeded training examples ({@link CurvatureAnalysis}): spectra of H (both ends) and D,
 * tr H, tr D, tr(HD) against the isotropic baseline tr H tr D / d, D along H's eigenvectors and H along D's, principal
 * angles, the relative commutator (Lemma 20: detailed balance iff HD = DH) and the noise scales B_simple and B_noise;
 * the spectral density of H by stochastic Lanczos quadrature (always above --dense-limit, with --density below), the
 * tail index of the gradient noise along the top eigenvectors of D (Lemma 2's Gaussian assumption) and, with
 * --per-layer, the diagonal blocks H_ll and D_ll of every layer.
 */
@Command(name = "curvature", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "org.sgdvi.experiments.cli.CurvatureCommand",
        description = "The Hessian beside D(x) at a trained snapshot: spectra, traces, alignment, commutator, noise scales.")
public final class CurvatureCommand extends RunFolderCommand {

    /** With --export: the seeded directions V, float64 [d, 4], layout order. */
    public static final String HVP_DIRECTIONS = "hvp-directions.npy";
    /**
     * With --export: H V over the exported examples (mean loss, inference mode), float64 [d, 4], evaluated on a
     * float64 copy of the network: float32 rounding can put a ReLU input within rounding distance of its kink on
     * the other side, and H V of a piecewise-linear network jumps there (trained small-allcnn: one of 393,216
     * ReLU inputs, 5.9e-8 in float64 and exactly 0 in float32, moves H V by 1e-3), so an outside float64 oracle
     * checks the R-operator, not the float32 rounding.
     */
    public static final String HVP_PRODUCTS = "hvp-products.npy";
    private static final int EXPORTED_DIRECTIONS = 4;
    /** The SLQ density of H: float64 [G, 2], columns grid t and density phi_sigma(t). */
    public static final String DENSITY = "density.npy";
    /** The quadrature behind it: float64 [n_v m, 2], columns node theta and weight w / n_v. */
    public static final String DENSITY_NODES = "density-nodes.npy";
    /** The gradient noise (g_k - gbar)^T v_i along the top eigenvectors of D: float64 [N, directions]. */
    public static final String NOISE_PROJECTIONS = "noise-projections.npy";

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A training run folder with model.zip.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    /** --examples N (default 2000), drawn as --subset says. */
    @Mixin
    ExamplesArgs sample = new ExamplesArgs(2000);

    @Mixin
    CurvatureArgs tuning = new CurvatureArgs();

    @Option(names = "--sampling", defaultValue = "with", converter = Replacement.Converter.class,
            description = "D with or without replacement (default: ${DEFAULT-VALUE}).")
    Replacement sampling;

    @Mixin
    SeedArgs seedArgs = new SeedArgs(42);

    @Option(names = "--export", description = "Also write what 'sgdvi gradients' writes for the examples used, and "
            + HVP_DIRECTIONS + " with " + HVP_PRODUCTS + " (4 seeded directions and their exact Hessian products).")
    boolean export;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * config.json of {@code sgdvi curvature}.
     *
     * @param head        command, arguments, versions, backend
     * @param request     the training request of the run the weights come from
     * @param data        where the data came from
     * @param weightsFrom that run's folder
     * @param subset      how the examples were drawn
     */
    record CurvatureConfig(@com.fasterxml.jackson.annotation.JsonUnwrapped RunConfig head, TrainRequest request,
                           org.sgdvi.datasets.DataProvenance data, String weightsFrom, SubsetArgs.Config subset) {
    }

    @Override
    protected Integer work() {
        long seed = seedArgs.seed;
        int examples = sample.examples;
        TrainingSubset.requireAtLeast("--examples", examples, 2);
        CurvatureAnalysis.Options options = tuning.options(seed, sampling.sampling());
        PrintWriter log = spec.commandLine().getOut();
        TrainRequest request = TrainRunner.readRequest(RunFolder.open(run));
        MultiLayerNetwork net = TrainRunner.restoreModel(run);
        DataSplit split = request.loadData();
        TrainingSubset drawn = sample.draw(split.train(), examples, seed, line -> {
            log.println(line);
            log.flush();
        });
        DataSet ds = drawn.apply(split.train()).toDataSet();
        RunFolder folder = openRunFolder(out);
        folder.writeJson(RunFolder.CONFIG, new CurvatureConfig(RunConfig.of("curvature",
                List.copyOf(spec.commandLine().getParseResult().originalArgs())), request, split.provenance(),
                run.toString(), sample.subset.config(seed)));
        drawn.write(folder);
        CurvatureAnalysis.Result r = CurvatureAnalysis.analyze(net, ds.getFeatures(), ds.getLabels(), options,
                tuning.measures(seed), line -> {
                    log.println(line);
                    log.flush();
                });
        if (export) {
            InferenceGradientEngine engine = new InferenceGradientEngine(net, options.chunk());
            GradientsCommand.writeExport(folder, net, ds, engine.compute(ds.getFeatures(), ds.getLabels()), engine.layout());
            // seeded directions V and the exact products H V over the same examples, for an outside oracle
            INDArray v = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), new long[] {engine.dimension(),
                    EXPORTED_DIRECTIONS}).castTo(DataType.DOUBLE);
            MultiLayerNetwork exact = net.params().dataType() == DataType.DOUBLE ? net : net.convertDataType(DataType.DOUBLE);
            INDArray hv = new HessianVectorProducts(exact, options.chunk(), HessianVectorProducts.Curvature.HESSIAN)
                    .apply(ds.getFeatures(), ds.getLabels(), v).products();
            folder.writeNpy(HVP_DIRECTIONS, v);
            folder.writeNpy(HVP_PRODUCTS, hv.castTo(DataType.DOUBLE));
        }
        CurvatureResults results = CurvatureResults.of(request.model(), split.provenance().name(), options, r,
                drawn.describe());
        folder.writeJson(RunFolder.RESULTS, results);
        new org.sgdvi.core.check.Checks().addAll(r.checks()).requireValid("the curvature measures",
                folder.path(RunFolder.RESULTS).toString());
        folder.writeNpy("hessian-top.npy", r.hessianTopEigenvalues());
        folder.writeNpy("hessian-bottom.npy", r.hessianBottomEigenvalues());
        folder.writeNpy("diffusion-top.npy", r.diffusionTopEigenvalues());
        folder.writeNpy("diffusion-along-hessian.npy", r.diffusionAlongHessianEigenvectors());
        folder.writeNpy("hessian-along-diffusion.npy", r.hessianAlongDiffusionEigenvectors());
        folder.writeNpy("principal-angles.npy", r.principalAnglesDegrees());
        if (r.noiseProjections() != null) {
            folder.writeNpy(NOISE_PROJECTIONS, r.noiseProjections());
        }
        byte[] png = RunFolder.png(chart(r));
        folder.writeBytes("curvature.png", png);
        byte[] densityPng = null;
        if (r.hessianDensity() != null) {
            SpectralDensity.Result dens = r.hessianDensity();
            folder.writeNpy(DENSITY, Nd4j.vstack(Nd4j.createFromArray(dens.grid()).reshape(1, -1),
                    Nd4j.createFromArray(dens.density()).reshape(1, -1)).transpose().dup('c'));
            folder.writeNpy(DENSITY_NODES, Nd4j.vstack(Nd4j.createFromArray(dens.nodes()).reshape(1, -1),
                    Nd4j.createFromArray(dens.weights()).reshape(1, -1)).transpose().dup('c'));
            densityPng = RunFolder.png(CurvatureReport.densityChart(dens));
            folder.writeBytes("density.png", densityPng);
        }
        folder.writeText(RunFolder.REPORT, CurvatureReport.html(results, png, densityPng));
        log.printf(Locale.ROOT, "tr(HD) = %.4g vs isotropic %.4g; commutator %.3g; B_simple %.4g, B_noise %.4g; %.1f s%n",
                r.traceHD().value(), r.isotropicTraceHD(), r.commutator(), r.noiseScaleSimple(), r.noiseScaleBNoise(), r.seconds());
        log.printf("wrote %s%n", out.resolve(RunFolder.REPORT));
        log.flush();
        return 0;
    }

    private static XYChart chart(CurvatureAnalysis.Result r) {
        XYChart c = new XYChartBuilder().width(900).height(550).title("Top eigenvalues of H and D, and D along H's eigenvectors")
                .xAxisTitle("index i").yAxisTitle("value").build();
        c.getStyler().setYAxisLogarithmic(true);
        CurvaturePlots.addPositive(c, "lambda_i(H)", r.hessianTopEigenvalues());
        CurvaturePlots.addPositive(c, "lambda_i(D)", r.diffusionTopEigenvalues());
        CurvaturePlots.addPositive(c, "u_i^T D u_i", r.diffusionAlongHessianEigenvectors());
        return c;
    }
}
