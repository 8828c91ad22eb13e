package org.sgdvi.experiments.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A run folder (DESIGN.md): {@code config.json}, {@code metrics.csv}, {@code results.json},
 * {@code *.npy} (float32 unless stated, C order), {@code *.png}, {@code report.html}. Every file is
 * written atomically, so an interrupted run never leaves a corrupt file.
 */
public final class RunFolder {

    private static final ObjectMapper JSON = Json.mapper();

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating it if needed) the run folder {@code dir}. */
    public static RunFolder create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
        return new RunFolder(dir);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** A path inside the folder. */
    public Path path(String name) {
        return dir.resolve(name);
    }

    /** Whether the folder holds {@code name}. */
    public boolean has(String name) {
        return Files.exists(path(name));
    }

    /** Writes {@code value} as pretty JSON (Jackson). */
    public Path writeJson(String name, Object value) {
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
            Path p = path(name);
            AtomicFiles.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes UTF-8 text. */
    public Path writeText(String name, String text) {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes. */
    public Path writeBytes(String name, byte[] bytes) {
        Path p = path(name);
        AtomicFiles.write(p, bytes);
        return p;
    }

    /** Writes an array as {@code .npy} in C order, in the array's own data type. */
    public Path writeNpy(String name, INDArray array) {
        Path p = path(name);
        Npy.write(p, array);
        return p;
    }

    /** Writes a vector as float64 {@code .npy}. */
    public Path writeNpy(String name, double[] values) {
        return writeNpy(name, Nd4j.createFromArray(values));
    }

    /** Writes a vector as float32 {@code .npy}. */
    public Path writeNpy(String name, float[] values) {
        return writeNpy(name, Nd4j.createFromArray(values));
    }

    /** Writes a matrix as float32 {@code .npy}. */
    public Path writeNpyFloat32(String name, double[][] values) {
        return writeNpy(name, Nd4j.createFromArray(values).castTo(DataType.FLOAT));
    }

    /** Renders an XChart chart to PNG. */
    public Path writePng(String name, Chart<?, ?> chart) {
        return writeBytes(name, png(chart));
    }

    /** An XChart chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + chart.getTitle() + ": " + e.getMessage(), e);
        }
    }
}
