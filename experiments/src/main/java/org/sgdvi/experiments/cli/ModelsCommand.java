package org.sgdvi.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** One row per zoo entry; small-allcnn also with 100 classes. */
    public static List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : ModelZoo.names()) {
            ModelSpec s = ModelZoo.spec(name);
            rows.add(row(name, s, s.defaultClasses()));
            if (name.equals("small-allcnn")) {
                rows.add(row(name, s, 100));
            }
        }
        return rows;
    }

    private static Map<String, Object> row(String name, ModelSpec s, int classes) {
        MultiLayerNetwork net = ModelZoo.build(name, ModelOptions.builder().numClasses(classes).build());
        TrainableLayout layout = TrainableLayout.of(net);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("classes", classes);
        m.put("trainableWeights", layout.trainableCount());
        m.put("totalParams", layout.totalParams());
        m.put("input", List.of(s.channels(), s.height(), s.width()));
        m.put("description", s.description());
        return m;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = rows();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            out.printf("%-14s %8s %12s %12s%n", "model", "classes", "trainable", "total");
            for (Map<String, Object> r : rows) {
                out.printf("%-14s %8d %,12d %,12d%n", r.get("name"), r.get("classes"), r.get("trainableWeights"),
                        r.get("totalParams"));
            }
        }
        out.flush();
        return 0;
    }
}
