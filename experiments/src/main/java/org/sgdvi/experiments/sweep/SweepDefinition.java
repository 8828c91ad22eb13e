package org.sgdvi.experiments.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.sgdvi.core.models.ModelZoo;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.data.Replacement;
import org.sgdvi.experiments.train.TrainRequest;

/**
 * What a sweep runs: the networks and the data, the search ({@code grid}: every combination of
 * {@code learningRates} x {@code batchSizes} x {@code samplings} x {@code seeds} x {@code models};
 * {@code random}: {@code trials} points drawn with Arbiter's random search, eta log-uniform in
 * {@code learningRateRange} (or uniform over {@code learningRates}), b log-uniform in
 * {@code batchSizeRange} (or uniform over {@code batchSizes}), each point run once per seed), and the
 * training settings every trial shares. Read from a JSON or YAML file (these field names) and/or
 * command-line flags; a field left null takes its value from the next layer ({@link #overlay}) and
 * finally from {@link #DEFAULTS}, the default sweep.
 */
public record SweepDefinition(List<String> models, String data, String dataDir, Integer downsample, String classes,
                              Boolean zca, Long splitSeed, String search, List<Double> learningRates,
                              List<Double> learningRateRange, List<Integer> batchSizes, List<Integer> batchSizeRange,
                              List<String> samplings, List<Long> seeds, Integer trials, Long searchSeed, Integer epochs,
                              String schedule, Double momentum, Boolean nesterov, Double weightDecay, Double widthScale,
                              Boolean dropout, Integer trainEval, Boolean measureSpectrum, Integer spectrumExamples,
                              Boolean augment) {

    /**
     * The default sweep: small-fc on 7x7 MNIST (8,000 train / 2,000 validation), plain SGD, a 3 x 3
     * grid of eta in {0.05, 0.2, 0.8} and b in {16, 64, 256} (both in steps of 4, so the diagonals
     * hold eta/b constant), mini-batches without replacement, seeds 1 and 2, 4 epochs, no augmentation.
     * Momentum 0 is deliberate: the paper's analysis is of plain SGD.
     */
    public static final SweepDefinition DEFAULTS = new SweepDefinition(List.of("small-fc"), "mnist7x7", null, null,
            null, false, 12345L, "grid", List.of(0.05, 0.2, 0.8), null, List.of(16, 64, 256), null, List.of("without"),
            List.of(1L, 2L), 8, 1L, 4, "constant", 0.0, false, 0.0, 1.0, true, 0, false, 1000, false);

    /** A definition with every field null (to be filled by overlays). */
    public static SweepDefinition empty() {
        return new SweepDefinition(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This definition where its fields are set, {@code below} where they are null. */
    public SweepDefinition overlay(SweepDefinition below) {
        RecordComponent[] cs = SweepDefinition.class.getRecordComponents();
        Object[] values = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        try {
            for (int i = 0; i < cs.length; i++) {
                Object mine = cs[i].getAccessor().invoke(this);
                values[i] = mine != null ? mine : cs[i].getAccessor().invoke(below);
                types[i] = cs[i].getType();
            }
            return SweepDefinition.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot overlay sweep definitions: " + e, e);
        }
    }

    /** This definition completed with {@link #DEFAULTS} and checked; {@code source} names it in errors. */
    public SweepDefinition resolve(String source) {
        SweepDefinition d = overlay(DEFAULTS);
        d.validate(source);
        return d;
    }

    /** Reads a definition from a JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}) file. */
    public static SweepDefinition read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? Json.mapper(new YAMLFactory())
                : name.endsWith(".json") ? Json.mapper() : null;
        if (mapper == null) {
            throw new IllegalArgumentException(file + ": expected a .json, .yaml or .yml sweep definition");
        }
        try {
            // a definition is written by hand: a misspelled field is an error, not a default
            SweepDefinition d = mapper.readerFor(SweepDefinition.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(file.toFile());
            return d == null ? empty() : d;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a valid sweep definition (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", e);
        }
    }

    /** Whether the search is Arbiter's random search (else grid search). */
    public boolean isRandom() {
        return "random".equals(search);
    }

    /** Checks every field; the message names {@code source}, the field and what was expected. */
    public void validate(String source) {
        require(models != null && !models.isEmpty(), source, "models", "at least one zoo network");
        for (String m : models) {
            require(ModelZoo.names().contains(baseModel(m)), source, "models", "zoo names " + ModelZoo.names()
                    + " (optionally NAME@WIDTH_SCALE), got '" + m + "'");
            require(modelScale(m) > 0 && Double.isFinite(modelScale(m)), source, "models",
                    "a positive width scale after '@', got '" + m + "'");
        }
        require(data != null && !data.isBlank(), source, "data", "a data set name");
        require("grid".equals(search) || "random".equals(search), source, "search", "'grid' or 'random', got '" + search + "'");
        if (isRandom()) {
            require(learningRateRange != null || nonEmpty(learningRates), source, "learningRates",
                    "a list or a learningRateRange for random search");
            require(batchSizeRange != null || nonEmpty(batchSizes), source, "batchSizes",
                    "a list or a batchSizeRange for random search");
            require(trials != null && trials >= 1, source, "trials", "at least 1 point for random search");
            if (learningRateRange != null) {
                require(learningRateRange.size() == 2 && learningRateRange.get(0) > 0
                        && learningRateRange.get(1) >= learningRateRange.get(0), source, "learningRateRange",
                        "[lo, hi] with 0 < lo <= hi, got " + learningRateRange);
            }
            if (batchSizeRange != null) {
                require(batchSizeRange.size() == 2 && batchSizeRange.get(0) >= 1
                        && batchSizeRange.get(1) >= batchSizeRange.get(0), source, "batchSizeRange",
                        "[lo, hi] with 1 <= lo <= hi, got " + batchSizeRange);
            }
        } else {
            require(nonEmpty(learningRates), source, "learningRates", "at least one learning rate for grid search");
            require(nonEmpty(batchSizes), source, "batchSizes", "at least one batch size for grid search");
            require(learningRateRange == null && batchSizeRange == null, source, "learningRateRange",
                    "ranges only with search: random (grid search takes lists)");
        }
        if (learningRates != null) {
            for (double lr : learningRates) {
                require(lr > 0 && Double.isFinite(lr), source, "learningRates", "positive finite rates, got " + lr);
            }
            require(learningRates.stream().distinct().count() == learningRates.size(), source, "learningRates",
                    "distinct values, got " + learningRates);
        }
        if (batchSizes != null) {
            for (int b : batchSizes) {
                require(b >= 1, source, "batchSizes", "sizes >= 1, got " + b);
            }
            require(batchSizes.stream().distinct().count() == batchSizes.size(), source, "batchSizes",
                    "distinct values, got " + batchSizes);
        }
        require(nonEmpty(samplings), source, "samplings", "'with' and/or 'without'");
        for (String s : samplings) {
            require(java.util.Arrays.stream(Replacement.values()).anyMatch(r -> r.cliName().equals(s)), source,
                    "samplings", "'with' or 'without', got '" + s + "'");
        }
        require(samplings.stream().distinct().count() == samplings.size(), source, "samplings", "distinct values");
        require(nonEmpty(seeds) && seeds.stream().distinct().count() == seeds.size(), source, "seeds",
                "at least one seed, all distinct, got " + seeds);
        require(models.stream().distinct().count() == models.size(), source, "models", "distinct names");
        require(epochs >= 1, source, "epochs", "at least 1, got " + epochs);
        require(momentum >= 0 && momentum < 1, source, "momentum", "0 <= momentum < 1, got " + momentum);
        require(weightDecay >= 0, source, "weightDecay", ">= 0, got " + weightDecay);
        require(widthScale > 0, source, "widthScale", "> 0, got " + widthScale);
        require(trainEval >= 0, source, "trainEval", ">= 0 (0 = all), got " + trainEval);
        require(spectrumExamples >= 2, source, "spectrumExamples", "at least 2, got " + spectrumExamples);
        try {
            TrainRequest.schedule(schedule, 0.1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": field schedule: " + e.getMessage(), e);
        }
    }

    /**
     * The training request of one trial. A model written {@code NAME@S} is zoo network NAME with its
     * widths multiplied by S (on top of {@code widthScale}): more architectures on one data set.
     */
    public TrainRequest request(TrialPoint p) {
        return new TrainRequest(baseModel(p.model()), data, dataDir, downsample, classes, zca, splitSeed, epochs,
                p.learningRate(), schedule, p.batchSize(), momentum, nesterov, weightDecay, p.sampling(), p.seed(),
                widthScale * modelScale(p.model()), dropout, trainEval, Boolean.TRUE.equals(augment));
    }

    /** The zoo name of a model entry ({@code small-fc@0.5} -> {@code small-fc}). */
    public static String baseModel(String model) {
        int at = model.indexOf('@');
        return at < 0 ? model : model.substring(0, at);
    }

    /** The width scale of a model entry ({@code small-fc@0.5} -> 0.5, {@code small-fc} -> 1). */
    public static double modelScale(String model) {
        int at = model.indexOf('@');
        if (at < 0) {
            return 1.0;
        }
        try {
            return Double.parseDouble(model.substring(at + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * SHA-256 of everything that decides which trials exist and what they compute (all fields but
     * {@code dataDir}, which may differ between machines of one sharded sweep, and {@code augment}
     * unless it is true, so that sweeps stored before the field existed keep their fingerprint).
     */
    public String fingerprint() {
        ObjectNode m = Json.mapper().valueToTree(this);
        m.remove("dataDir");
        if (!Boolean.TRUE.equals(augment)) {
            m.remove("augment");
        }
        try {
            byte[] json = Json.mapper().writeValueAsBytes(m);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the sweep definition: " + e, e);
        }
    }

    /** The fields (as JSON names) in which two definitions differ, ignoring dataDir. */
    public List<String> differences(SweepDefinition other) {
        JsonNode a = Json.mapper().valueToTree(this);
        JsonNode b = Json.mapper().valueToTree(other);
        List<String> out = new java.util.ArrayList<>();
        a.fieldNames().forEachRemaining(k -> {
            if (!k.equals("dataDir") && !a.get(k).equals(b.get(k))) {
                out.add(k);
            }
        });
        return out;
    }

    /** The fields that are set, as (JSON name, value) rows for a report; lists joined with commas. */
    public List<List<Object>> rows() {
        List<List<Object>> out = new java.util.ArrayList<>();
        for (RecordComponent c : SweepDefinition.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(this);
                if (v != null) {
                    out.add(List.of(c.getName(), v instanceof List<?> l
                            ? l.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) : v));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read sweep definition field " + c.getName() + ": " + e, e);
            }
        }
        return out;
    }

    private static boolean nonEmpty(List<?> l) {
        return l != null && !l.isEmpty();
    }

    private static void require(boolean ok, String source, String field, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(source + ": field " + field + ": expected " + expected);
        }
    }

    /** Reads the definition stored in a ledger or config map back. */
    static SweepDefinition fromMap(Object node) {
        return Json.mapper().convertValue(node, SweepDefinition.class);
    }

    /** A one-line description for logs. */
    public String describe() {
        return String.format("%s search over %s on %s: eta %s, b %s, sampling %s, seeds %s, %d epochs", search,
                models, data, learningRateRange != null ? "log-uniform " + learningRateRange : learningRates,
                batchSizeRange != null ? "log-uniform " + batchSizeRange : batchSizes, samplings, seeds, epochs)
                .replace('\n', ' ') + (isRandom() ? ", " + trials + " points" : "")
                + (Boolean.TRUE.equals(augment) ? ", augmented mini-batches" : "");
    }
}
