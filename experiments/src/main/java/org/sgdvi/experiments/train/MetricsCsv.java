package org.sgdvi.experiments.train;

import org.sgdvi.experiments.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sgdvi.core.train.EpochMetrics;
import org.sgdvi.core.io.AtomicFiles;

/** {@code metrics.csv}: one header row, one row per epoch, rewritten atomically after each epoch. */
public final class MetricsCsv {

    /** The file name in a run folder. */
    public static final String FILE = RunFolder.METRICS;
    /** The header row. */
    public static final String HEADER = "epoch,trainLoss,trainError,validationLoss,validationError,learningRate,seconds";

    private MetricsCsv() {
    }

    /** Writes the rows. */
    public static void write(Path file, List<EpochMetrics> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : rows) {
            b.append(String.format(Locale.ROOT, "%d,%.8g,%.8g,%.8g,%.8g,%.8g,%.4f%n", m.epoch(), m.trainLoss(),
                    m.trainError(), m.validationLoss(), m.validationError(), m.learningRate(), m.seconds()));
        }
        try {
            AtomicFiles.writeBytes(file, b.toString().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the rows back; a missing file has none. */
    public static List<EpochMetrics> read(Path file) {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IllegalArgumentException(file + ": header row is not '" + HEADER + "'");
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 7) {
                    throw new IllegalArgumentException(file + ": line " + (i + 1) + " has " + f.length
                            + " fields, expected 7");
                }
                out.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
