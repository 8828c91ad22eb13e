package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sgdvi.core.models.ModelOptions;
import org.sgdvi.core.models.ModelSpec;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.models.TrainableLayout;
import org.sgdvi.core.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sgdvi models [--json]}: the zoo with trainable-weight and total parameter counts. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model zoo with trainable weights (BN running statistics excluded) and total parameters.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON: [{name, trainableWeights, totalParams, ...}].")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * One zoo entry as {@code models} lists it.
     *
     * @param name             zoo name
     * @param classes          output classes
     * @param trainableWeights weights SGD updates (BatchNorm running statistics excluded)
     * @param totalParams      all parameters
     * @param input            channels, height, width
     * @param description      the layers in words
     */
    public record Row(String name, int classes, long trainableWeights, long totalParams, List<Integer> input,
                      String description) {
    }

    /** One row per zoo entry; small-allcnn also with 100 classes. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String name : ModelZoo.names()) {
            ModelSpec s = ModelZoo.spec(name);
            rows.add(row(name, s, s.defaultClasses()));
            if (name.equals("small-allcnn")) {
                rows.add(row(name, s, 100));
            }
        }
        return rows;
    }

    private static Row row(String name, ModelSpec s, int classes) {
        MultiLayerNetwork net = ModelZoo.build(name, ModelOptions.builder().numClasses(classes).build());
        TrainableLayout layout = TrainableLayout.of(net);
        return new Row(name, classes, layout.trainableCount(), layout.totalParams(), List.of(s.channels(), s.height(),
                s.width()), s.description());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows = rows();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            out.printf("%-14s %8s %12s %12s%n", "model", "classes", "trainable", "total");
            for (Row r : rows) {
                out.printf("%-14s %8d %,12d %,12d%n", r.name(), r.classes(), r.trainableWeights(), r.totalParams());
            }
        }
        out.flush();
        return 0;
    }
}
