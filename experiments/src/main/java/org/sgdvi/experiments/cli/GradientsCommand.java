package org.sgdvi.experiments.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.check.Checks;
import org.sgdvi.core.check.GradientSpotCheck;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.datasets.DataProvenance;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.experiments.data.SubsetArgs;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunConfig;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainArgs;
import org.sgdvi.experiments.train.TrainReport;
import org.sgdvi.experiments.train.TrainRequest;
import org.sgdvi.experiments.train.TrainRunner;
import org.sgdvi.experiments.train.WeightsArgs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sgdvi gradients}: exports exact inference-mode per-example gradients (eq. (2) of the paper) with
 * everything needed to check them independently: grads.npy (float32, K x d), inputs.npy, labels.npy,
 * weights/ (one .npy per layer parameter, BatchNorm running statistics included) and layout.json
 * (the trainable-parameter order: columns [offset, offset + length) of grads.npy are that parameter
 * flattened in C order of the shape of its weights/ file). The K examples are a seeded uniform (or
 * stratified) sample of the training split ({@link TrainingSubset}); row i of grads.npy, inputs.npy
 * and labels.npy is training example subset.npy[i], and results.json holds the subset's class counts;
 * report.html says the same for a reader, with the spot check behind it.
 */
@Command(name = "gradients", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export exact inference-mode per-example gradients, inputs, labels, weights and the parameter layout.")
public final class GradientsCommand extends RunFolderCommand {

    @Mixin
    TrainArgs args = new TrainArgs();

    @Mixin
    WeightsArgs weights = new WeightsArgs();

    @Option(names = "--count", defaultValue = "1000", description = "Number of training examples K, drawn as --subset "
            + "says (default: ${DEFAULT-VALUE}, or all if fewer).")
    int count;

    @Mixin
    SubsetArgs subsetArgs = new SubsetArgs();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * config.json of {@code sgdvi gradients}.
     *
     * @param head        command, arguments, versions, backend
     * @param request     the request (the trained run's, when --weights is given)
     * @param data        where the data came from
     * @param weightsFrom the run folder of the weights, or the seeded initialization
     * @param count       the examples asked for
     * @param subset      how they were drawn
     */
    record GradientsConfig(@JsonUnwrapped RunConfig head, TrainRequest request, DataProvenance data, String weightsFrom,
                           int count, SubsetArgs.Config subset) {
    }

    /**
     * One trainable parameter in layout.json: columns [offset, offset + length) of grads.npy are it
     * flattened in C order of {@code shape}.
     *
     * @param layer     the layer index
     * @param layerName the layer's name
     * @param param     DL4J's parameter key (W, b, gamma, beta)
     * @param shape     its shape
     * @param offset    its first column in grads.npy
     * @param length    its element count
     * @param file      its weights/ file
     */
    record LayoutEntry(int layer, String layerName, String param, long[] shape, long offset, long length, String file) {
    }

    /**
     * results.json of {@code sgdvi gradients}.
     *
     * @param model         the zoo network
     * @param data          the data set's name
     * @param examples      rows K of grads.npy
     * @param dimension     columns d
     * @param subset        the training examples exported
     * @param spotCheckRows the rows the per-example gradient spot check used
     * @param checks        the spot check
     */
    record GradientsResults(String model, String data, long examples, long dimension, TrainingSubset.Description subset,
                            int[] spotCheckRows, @JsonUnwrapped Checks.Summary checks) {
    }

    @Override
    protected Integer work() throws Exception {
        TrainingSubset.requireAtLeast("--count", count, 1);
        TrainRequest r = args.request();
        MultiLayerNetwork net;
        if (weights.given()) {
            TrainRequest trained = weights.request();
            CommandLine.ParseResult pr = spec.commandLine().getParseResult();
            if (pr.hasMatchedOption("--model") && !args.model.equals(trained.model())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model " + args.model
                        + " conflicts with --weights " + weights.run + ", which holds a trained " + trained.model()
                        + "; drop --model (the network comes from --weights) or drop --weights");
            }
            MultiLayerNetwork restored = weights.network();
            r = new TrainRequest(trained.model(), pr.hasMatchedOption("--data") ? r.data() : trained.data(),
                    pr.hasMatchedOption("--data-dir") ? r.dataDir() : trained.dataDir(),
                    pr.hasMatchedOption("--data") ? r.downsample() : trained.downsample(),
                    pr.hasMatchedOption("--data") ? r.classes() : trained.classes(), trained.zca(), trained.splitSeed(),
                    trained.epochs(), trained.learningRate(), trained.schedule(), trained.batchSize(), trained.momentum(),
                    trained.nesterov(), trained.weightDecay(), trained.sampling(), trained.seed(), trained.widthScale(),
                    trained.dropout(), trained.trainEvalExamples(), trained.augment());
            net = restored;
        } else {
            net = null;
        }
        DataSplit split = r.loadData();
        if (net == null) {
            net = r.buildNetwork(split.train());
        }
        TrainingSubset subset = TrainingSubset.draw(split.train(), "--count", count,
                spec.commandLine().getParseResult().hasMatchedOption("--count"), subsetArgs.rule,
                subsetArgs.seed(args.seed), line -> {
                    spec.commandLine().getOut().println(line);
                    spec.commandLine().getOut().flush();
                });
        DataSet ds = subset.apply(split.train()).toDataSet();
        InferenceGradientEngine engine = new InferenceGradientEngine(net);
        INDArray g = engine.compute(ds.getFeatures(), ds.getLabels());
        if (org.sgdvi.core.check.FaultInjection.active(GradientSpotCheck.PERTURB_ROWS)) {
            g.muli(1.1);
        }
        // rows of g follow the subset: the spot check picks rows of g and the same rows of the subset's data
        int[] spot = GradientSpotCheck.sample((int) g.rows(), GradientSpotCheck.EXAMPLES, r.seed());
        Checks checks = new Checks().add(GradientSpotCheck.of("perExampleGradientMean", net,
                ds.getFeatures().getRows(spot), ds.getLabels().getRows(spot), g.getRows(spot), r.seed()));
        RunFolder run = openRunFolder(out);
        run.writeJson(RunFolder.CONFIG, new GradientsConfig(RunConfig.of("gradients",
                List.copyOf(spec.commandLine().getParseResult().originalArgs())), r, split.provenance(),
                weights.given() ? weights.run.toString() : "seeded initialization (seed " + r.seed() + ")", count,
                subsetArgs.config(args.seed)));
        subset.write(run);
        writeExport(run, net, ds, g, engine.layout());
        GradientsResults results = new GradientsResults(r.model(), split.provenance().name(), g.rows(), g.columns(),
                subset.describe(), spot, checks.summary());
        run.writeJson(RunFolder.RESULTS, results);
        checks.requireValid("the per-example gradients", run.path(RunFolder.RESULTS).toString());
        run.writeText(RunFolder.REPORT, report(run, results));
        System.out.printf("wrote %d x %d per-example gradients of %s to %s%n", g.rows(), g.columns(), r.model(), run.dir());
        return 0;
    }

    /**
     * What {@code sgdvi gradients} writes for K examples: grads.npy (float32 K x d), inputs.npy, labels.npy (int32
     * class indices), layout.json and weights/ (every layer parameter, BatchNorm running statistics included).
     */
    public static void writeExport(RunFolder run, MultiLayerNetwork net, DataSet ds, INDArray g, TrainableLayout trainable) {
        run.writeNpy("grads.npy", g.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        run.writeNpy("inputs.npy", ds.getFeatures());
        run.writeNpy("labels.npy", Nd4j.argMax(ds.getLabels(), 1).castTo(org.nd4j.linalg.api.buffer.DataType.INT));
        List<LayoutEntry> layout = new ArrayList<>();
        for (TrainableLayout.Entry e : trainable.entries()) {
            layout.add(new LayoutEntry(e.layerIndex(), e.layerName(), e.param(), e.shape(), e.offset(), e.length(),
                    "weights/" + e.variable() + ".npy"));
        }
        run.writeJson("layout.json", layout);
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, INDArray> p : layers[i].paramTable().entrySet()) {
                run.writeNpy("weights/" + i + "_" + p.getKey() + ".npy", p.getValue().dup('c'));
            }
        }
    }

    /** report.html: what was exported, the spot check that vouches for it, the examples, the configuration. */
    private static String report(RunFolder run, GradientsResults results) {
        HtmlReport h = new HtmlReport("sgdvi gradients: " + results.model() + " on " + results.data());
        h.paragraph("Exact per-example gradients grad f_k of the inference-mode loss, the terms of D(x) (eq. 2 of "
                + "arXiv 1710.11029): row i of grads.npy (" + results.examples() + " x " + results.dimension()
                + ", float32) is the gradient of training example subset.npy[i]; layout.json maps its columns to the "
                + "parameters in weights/.");
        h.heading("Self-check");
        List<List<?>> rows = new ArrayList<>();
        for (org.sgdvi.core.check.Check c : results.checks().checks()) {
            rows.add(List.of(c.name(), c.value(), c.tolerance(), c.passed() ? "passed" : "failed", c.rule()));
        }
        h.table(List.of("check", "value", "tolerance", "result", "rule"), rows);
        h.paragraph("The spot check compares the mean of rows " + java.util.Arrays.toString(results.spotCheckRows())
                .replace("[", "").replace("]", "") + " along a seeded direction with a central difference of DL4J's "
                + "own inference-mode loss.");
        h.heading("Examples");
        h.paragraph(TrainReport.subset(results.subset()) + ".");
        TrainReport.configuration(h, run);
        return h.render();
    }
}
