package org.sgdvi.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.sgdvi.core.io.AtomicFiles;
import org.sgdvi.core.io.Json;

/**
 * A checkpoint folder: {@code checkpoint.json} (the commit record) names a model file
 * {@code model-epoch-NNNNNN.zip} (network parameters, BatchNorm statistics, updater state and
 * iteration/epoch counters, via {@link ModelSerializer}). Both are written to a temporary file in
 * the same folder, flushed to disk and moved into place with an atomic rename, model first, so a
 * process killed at any moment leaves either the previous complete checkpoint or the new one;
 * temporary files and unreferenced model files are ignored and cleaned up by the next write.
 */
final class CheckpointStore {

    static final String COMMIT_FILE = "checkpoint.json";
    static final String TEMP_SUFFIX = ".tmp";
    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = Json.mapper();

    /**
     * What resume needs besides the network.
     *
     * @param format file format version
     * @param epoch completed epochs
     * @param modelFile the model file's name inside the folder
     * @param iterator the training iterator's state at the start of the next epoch
     * @param nextEpochSeed the ND4J seed the next epoch starts with (informative: it is a function
     *     of settings.seed and epoch)
     * @param history metrics of all completed epochs
     * @param wallSeconds wall time spent so far
     * @param settings the settings the run was started with
     */
    record State(int format, int epoch, String modelFile, JsonNode iterator, long nextEpochSeed,
                 List<EpochMetrics> history, double wallSeconds, TrainSettings settings) {
    }

    /** Writes a network to a file (the write path; a test double can fail it like a full disk). */
    @FunctionalInterface
    interface ModelWriter {
        void write(MultiLayerNetwork net, java.io.File file) throws IOException;
    }

    private final Path dir;
    private final ModelWriter modelWriter;

    CheckpointStore(Path dir) {
        this(dir, (net, file) -> ModelSerializer.writeModel(net, file, true));
    }

    CheckpointStore(Path dir, ModelWriter modelWriter) {
        this.dir = dir;
        this.modelWriter = modelWriter;
    }

    Path dir() {
        return dir;
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve(COMMIT_FILE));
    }

    /**
     * Writes the network (with updater state) and then the commit record. A write that fails (a full
     * disk, an error) deletes its temporary file before the exception leaves.
     */
    void write(MultiLayerNetwork net, State state) {
        Path tmp = null;
        Path jsonTmp = null;
        try {
            Files.createDirectories(dir);
            Path model = dir.resolve(state.modelFile());
            tmp = Files.createTempFile(dir, state.modelFile() + ".", TEMP_SUFFIX);
            modelWriter.write(net, tmp.toFile());
            commit(tmp, model);
            tmp = null;
            jsonTmp = Files.createTempFile(dir, COMMIT_FILE + ".", TEMP_SUFFIX);
            Json.pretty().writeValue(jsonTmp.toFile(), state);
            commit(jsonTmp, dir.resolve(COMMIT_FILE));
            jsonTmp = null;
            cleanUp(state.modelFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(jsonTmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the next write's cleanUp removes it
            }
        }
    }

    /** The last complete checkpoint, if any. */
    Optional<State> readState() {
        Path commit = dir.resolve(COMMIT_FILE);
        if (!Files.isRegularFile(commit)) {
            return Optional.empty();
        }
        State s;
        try {
            s = MAPPER.readValue(commit.toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + commit + ": " + e.getMessage(), e);
        }
        if (s.format() != FORMAT) {
            throw new IllegalStateException("checkpoint " + commit + ": field format = " + s.format()
                    + ", expected " + FORMAT);
        }
        if (s.modelFile() == null || s.settings() == null || s.history() == null) {
            throw new IllegalStateException("checkpoint " + commit
                    + ": fields modelFile, settings and history are required");
        }
        return Optional.of(s);
    }

    /** The network of a checkpoint, with its updater state. */
    MultiLayerNetwork readNetwork(State s) {
        Path model = dir.resolve(s.modelFile());
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("checkpoint " + dir.resolve(COMMIT_FILE) + ": field modelFile names "
                    + model + ", which does not exist");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(model.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + model + ": " + e.getMessage(), e);
        }
    }

    static String modelFileName(int epoch) {
        return String.format("model-epoch-%06d.zip", epoch);
    }

    /** Forces {@code tmp} to disk, renames it over {@code target} and forces the folder entry. */
    private static void commit(Path tmp, Path target) throws IOException {
        AtomicFiles.publish(tmp, target);
    }

    private void cleanUp(String keepModel) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean staleModel = name.startsWith("model-epoch-") && name.endsWith(".zip") && !name.equals(keepModel);
                boolean temp = (name.startsWith("model-epoch-") || name.startsWith(COMMIT_FILE + "."))
                        && name.endsWith(TEMP_SUFFIX);
                if (staleModel || temp) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
