package org.sgdvi.experiments.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sgdvi.core.io.Json;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.experiments.report.HtmlReport;
import org.sgdvi.experiments.run.RunFolder;

/**
 * The parts of report.html every training run shares: the training numbers as a table, the loss and
 * error curves, and the configuration; and the whole report of {@code sgdvi train}. Loss is the
 * mean cross-entropy f = (1/N) sum_k f_k, the objective whose per-example gradients define D(x)
 * (eq. 2 of arXiv 1710.11029).
 */
public final class TrainReport {

    private TrainReport() {
    }

    /** The report of a train run. */
    public static String html(RunFolder run, TrainRunner.TrainResults t) {
        HtmlReport h = new HtmlReport("sgdvi train: " + t.model() + " on " + t.data());
        h.paragraph(summary(t));
        training(h, run, t);
        configuration(h, run);
        return h.render();
    }

    /** One sentence on how the run ended. */
    public static String summary(TrainRunner.TrainResults t) {
        EpochMetrics m = t.finalMetrics();
        if (m == null) {
            return "No epoch finished.";
        }
        return String.format("After %d epochs (%d iterations) %s reached a validation error of %.2f%% (loss %s) and a "
                        + "training error of %.2f%% (loss %s)%s.", t.epochs(), t.iterations(), t.model(),
                100 * m.validationError(), HtmlReport.format(m.validationLoss()), 100 * m.trainError(),
                HtmlReport.format(m.trainLoss()), t.diverged() ? "; the loss then became non-finite (diverged)" : "");
    }

    /** The training numbers and the loss and error curves (loss.png, shown inline). */
    public static void training(HtmlReport h, RunFolder run, TrainRunner.TrainResults t) {
        h.heading("Training");
        List<List<?>> rows = new ArrayList<>();
        rows.add(List.of("data", t.data() + " (" + t.dataSource() + ")"));
        rows.add(List.of("trainable weights d", t.trainableWeights()));
        rows.add(List.of("epochs", t.epochs()));
        rows.add(List.of("iterations", t.iterations()));
        rows.add(List.of("diverged", t.diverged() ? "yes" : "no"));
        EpochMetrics m = t.finalMetrics();
        if (m != null) {
            rows.add(List.of("final train loss", m.trainLoss()));
            rows.add(List.of("final train error", m.trainError()));
            rows.add(List.of("final validation loss", m.validationLoss()));
            rows.add(List.of("final validation error", m.validationError()));
            rows.add(List.of("validation accuracy", t.validationAccuracy()));
            rows.add(List.of("final learning rate", m.learningRate()));
        }
        TrainingSubset.Description e = t.trainEvaluationSubset();
        rows.add(List.of("train metrics scored on", e == null ? "the whole training split"
                : subset(e)));
        rows.add(List.of("training seconds", t.trainSeconds()));
        rows.add(List.of("wall seconds", t.wallSeconds()));
        h.table(List.of("quantity", "value"), rows);
        if (run.has(TrainRunner.LOSS_PNG)) {
            h.image("Loss and error per epoch (" + TrainRunner.LOSS_PNG + ")", run.readBytes(TrainRunner.LOSS_PNG));
        }
    }

    /** A subset in words: size, population, rule, seed and per-class counts. */
    public static String subset(TrainingSubset.Description d) {
        StringBuilder counts = new StringBuilder();
        for (int k = 0; k < d.classCounts().length; k++) {
            counts.append(k == 0 ? "" : ", ").append(k).append(": ").append(d.classCounts()[k]);
        }
        return d.size() + " of " + d.population() + " training examples, " + d.rule() + " sample, seed " + d.seed()
                + (d.clamped() ? " (cut to the split)" : "") + "; per class " + counts + " (" + d.file() + ")";
    }

    /** The run's config.json as a table of settings. */
    public static void configuration(HtmlReport h, RunFolder run) {
        h.heading("Configuration");
        if (!run.has(RunFolder.CONFIG)) {
            h.paragraph("This run folder has no " + RunFolder.CONFIG + ".");
            return;
        }
        try {
            JsonNode config = Json.mapper().readTree(run.path(RunFolder.CONFIG).toFile());
            h.properties(config);
        } catch (IOException e) {
            h.paragraph(RunFolder.CONFIG + " is unreadable: " + e.getMessage());
        }
    }
}
