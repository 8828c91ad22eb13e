package org.sgdvi.core.trajectory;

import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fixed shape of a {@link TrajectoryStore}: {@code dimension} float32 weights and the named
 * float64 scalar columns of every snapshot, and how many snapshots a sealed chunk file holds.
 * Stored as {@code store.json} in the store folder and never changed after creation.
 *
 * @param dimension     number of weights d per snapshot (at least 1)
 * @param chunkSize     snapshots per sealed chunk file K (at least 1)
 * @param scalarColumns names of the per-snapshot scalars, e.g. {@code epoch, gradNorm, trainLoss}
 *                      (distinct, letters/digits/underscore/dot; may be empty)
 */
public record StoreLayout(int dimension, int chunkSize, List<String> scalarColumns) {

    /** The columns a trainer records: epoch index, full-gradient norm, training loss. */
    public static final List<String> DEFAULT_SCALAR_COLUMNS = List.of("epoch", "gradNorm", "trainLoss");

    /** Snapshots per chunk unless chosen otherwise: 1000 snapshots of 917 weights = 3.7 MB per chunk. */
    public static final int DEFAULT_CHUNK_SIZE = 1000;

    /** Value of the {@code format} field of store.json. */
    public static final String FORMAT_NAME = "sgdvi-trajectory-store";

    /** Version of the folder format described in the package documentation. */
    public static final int FORMAT_VERSION = 1;

    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z0-9_.]+");

    /** Validates the fields. */
    public StoreLayout {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        scalarColumns = List.copyOf(scalarColumns);
        if (new HashSet<>(scalarColumns).size() != scalarColumns.size()) {
            throw new IllegalArgumentException("scalar column names must be distinct, got " + scalarColumns);
        }
        for (String c : scalarColumns) {
            if (!COLUMN_NAME.matcher(c).matches()) {
                throw new IllegalArgumentException("scalar column name '" + c
                        + "' must consist of letters, digits, '_' or '.'");
            }
        }
        long rowBytes = 4L * dimension + 8L * scalarColumns.size();
        if (rowBytes * chunkSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a chunk of " + chunkSize + " snapshots of " + rowBytes
                    + " bytes exceeds 2 GB; choose a smaller chunkSize");
        }
    }

    /** A layout with {@link #DEFAULT_CHUNK_SIZE} and {@link #DEFAULT_SCALAR_COLUMNS}. */
    public static StoreLayout withDefaults(int dimension) {
        return new StoreLayout(dimension, DEFAULT_CHUNK_SIZE, DEFAULT_SCALAR_COLUMNS);
    }

    /** Number of scalar columns c. */
    public int scalarCount() {
        return scalarColumns.size();
    }

    /** Position of a scalar column, or -1. */
    public int scalarIndex(String name) {
        return scalarColumns.indexOf(name);
    }

    /** Bytes of one record of a {@code .part} file: d float32 then c float64, little-endian. */
    public int recordBytes() {
        return 4 * dimension + 8 * scalarColumns.size();
    }

    /** store.json as written: the format name and version, the layout and the dtypes of a record. */
    record StoreJson(String format, int version, int dimension, int chunkSize, String weightsDtype,
                             String scalarsDtype, List<String> scalarColumns) {
    }

    /** Writes this layout as JSON to {@code file} atomically. */
    void write(Path file) throws IOException {
        AtomicFiles.writeBytes(file, Json.pretty().writeValueAsBytes(new StoreJson(FORMAT_NAME, FORMAT_VERSION,
                dimension, chunkSize, "<f4", "<f8", scalarColumns)));
    }

    /**
     * Reads a layout written by {@link #write(Path)}.
     *
     * @throws IOException naming the file and the field when a field is missing or invalid
     */
    static StoreLayout read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " must hold a JSON object");
        }
        if (!FORMAT_NAME.equals(root.path("format").asText(null))) {
            throw new IOException(file + ": field 'format' must be '" + FORMAT_NAME + "'");
        }
        int version = intField(root, "version", file);
        if (version != FORMAT_VERSION) {
            throw new IOException(file + ": field 'version' is " + version + ", this toolkit reads version "
                    + FORMAT_VERSION);
        }
        JsonNode columns = root.get("scalarColumns");
        if (columns == null || !columns.isArray()) {
            throw new IOException(file + ": field 'scalarColumns' must be an array of names");
        }
        List<String> names = new ArrayList<>();
        columns.forEach(n -> names.add(n.asText()));
        try {
            return new StoreLayout(intField(root, "dimension", file), intField(root, "chunkSize", file), names);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static int intField(JsonNode root, String name, Path file) throws IOException {
        JsonNode n = root.get(name);
        if (n == null || !n.isInt()) {
            throw new IOException(file + ": field '" + name + "' must be an integer");
        }
        return n.intValue();
    }
}
