package org.sgdvi.experiments.curvature;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sgdvi.core.curvature.CurvatureAnalysis;
import org.sgdvi.core.io.Json;
import org.sgdvi.experiments.run.ResumeGuard;
import org.sgdvi.core.curvature.SpectralDensity;
import org.sgdvi.core.diffusion.Sampling;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that tune {@link CurvatureAnalysis} (the Hessian H beside the diffusion matrix D of eq. 2 of
 * arXiv 1710.11029), shared by {@code sgdvi curvature} (one snapshot) and {@code sgdvi spectrum --curvature} (every
 * snapshot of D during training): k eigenpairs of H (each end) and of D, the Hutchinson probes of the estimated route,
 * the bootstrap of the noise scales and the examples it resamples, the largest d measured exactly, and the examples
 * per engine call; the SLQ density of H, the tail index of the gradient noise and the per-layer blocks. The examples
 * themselves and the seed are the command's own.
 */
public final class CurvatureArgs {

    /** Every option name of this mixin (for a command that only accepts them together with another option). */
    public static final List<String> NAMES = List.of("--k", "--probes", "--bootstrap", "--bootstrap-examples",
            "--dense-limit", "--chunk", "--density", "--density-steps", "--density-vectors", "--tail-directions",
            "--per-layer");

    /** config.json's entry of the analysis options ({@link CurvatureAnalysis.Options}) of {@code spectrum --curvature}. */
    public static final String CONFIG_OPTIONS = "curvature";
    /** config.json's entry of the further measures ({@link CurvatureAnalysis.Measures}) of {@code spectrum --curvature}. */
    public static final String CONFIG_MEASURES = "curvatureMeasures";

    /** The command-line option behind each field of {@link #CONFIG_OPTIONS} and {@link #CONFIG_MEASURES}. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
            Map.entry(CONFIG_OPTIONS + ".k", "--k"), Map.entry(CONFIG_OPTIONS + ".probes", "--probes"),
            Map.entry(CONFIG_OPTIONS + ".bootstrap", "--bootstrap"),
            Map.entry(CONFIG_OPTIONS + ".sampleSize", "--bootstrap-examples"),
            Map.entry(CONFIG_OPTIONS + ".seed", "--seed"), Map.entry(CONFIG_OPTIONS + ".sampling", "--d-sampling"),
            Map.entry(CONFIG_OPTIONS + ".chunk", "--chunk"), Map.entry(CONFIG_OPTIONS + ".denseLimit", "--dense-limit"),
            Map.entry(CONFIG_MEASURES + ".density", "--density"),
            Map.entry(CONFIG_MEASURES + ".densityOptions.steps", "--density-steps"),
            Map.entry(CONFIG_MEASURES + ".densityOptions.vectors", "--density-vectors"),
            Map.entry(CONFIG_MEASURES + ".densityOptions.seed", "--seed"),
            Map.entry(CONFIG_MEASURES + ".tailDirections", "--tail-directions"),
            Map.entry(CONFIG_MEASURES + ".perLayer", "--per-layer"));

    @Option(names = "--k", defaultValue = "20", description = "Eigenpairs of H (each end) and of D (default: ${DEFAULT-VALUE}).")
    public int k = 20;

    @Option(names = "--probes", defaultValue = "32", description = "Hutchinson probes above --dense-limit (default: ${DEFAULT-VALUE}).")
    public int probes = 32;

    @Option(names = "--bootstrap", defaultValue = "400", description = "Bootstrap replicates (default: ${DEFAULT-VALUE}).")
    public int bootstrap = 400;

    @Option(names = "--bootstrap-examples", defaultValue = "1024",
            description = "Examples the bootstrap resamples, at most N (default: ${DEFAULT-VALUE}).")
    public int bootstrapExamples = 1024;

    @Option(names = "--dense-limit", defaultValue = "5000", description = "Largest d measured exactly (default: ${DEFAULT-VALUE}).")
    public int denseLimit = 5000;

    @Option(names = "--chunk", defaultValue = "256", description = "Examples per engine call (default: ${DEFAULT-VALUE}).")
    public int chunk = 256;

    @Option(names = "--density", description = "Also compute the spectral density of H by stochastic Lanczos quadrature "
            + "when d is at most --dense-limit (always above it, from the eigensolver's own block Lanczos run).")
    public boolean density;

    @Option(names = "--density-steps", defaultValue = "30", description = "Lanczos steps m of each quadrature; above "
            + "--dense-limit the eigensolver's block Lanczos run lasts at least this many steps (default: ${DEFAULT-VALUE}).")
    public int densitySteps = 30;

    @Option(names = "--density-vectors", defaultValue = "10", description = "Rademacher start vectors n_v of the density; "
            + "above --dense-limit at least this many start the eigensolver's block (default: ${DEFAULT-VALUE}).")
    public int densityVectors = 10;

    @Option(names = "--tail-directions", defaultValue = "5", description = "Top eigenvectors of D the gradient noise is "
            + "projected on for its tail index (default: ${DEFAULT-VALUE}; 0: none).")
    public int tailDirections = 5;

    @Option(names = "--per-layer", description = "Also the diagonal blocks H_ll and D_ll of every trainable layer.")
    public boolean perLayer;

    /**
     * The measures beyond the joint ones: the SLQ density of H (1,000 grid points, broadening 0.5% of the spectral
     * range), the tail index of the noise, the per-layer blocks; {@code seed} seeds the density's start vectors.
     *
     * @throws IllegalArgumentException naming the first option out of range
     */
    public CurvatureAnalysis.Measures measures(long seed) {
        atLeast("--density-steps", densitySteps, 1, "step");
        atLeast("--density-vectors", densityVectors, 1, "vector");
        atLeast("--tail-directions", tailDirections, 0, "direction");
        return new CurvatureAnalysis.Measures(density, new SpectralDensity.Options(densitySteps, densityVectors, seed,
                1000, 0.005), tailDirections, perLayer);
    }

    /**
     * The analysis options with the command's seed (sample of the bootstrap, probes, Lanczos starts) and D's sampling.
     *
     * @throws IllegalArgumentException naming the first option out of range
     */
    public CurvatureAnalysis.Options options(long seed, Sampling sampling) {
        atLeast("--k", k, 1, "eigenpair");
        atLeast("--probes", probes, 0, "probe");
        atLeast("--bootstrap", bootstrap, 0, "replicate");
        atLeast("--bootstrap-examples", bootstrapExamples, 1, "example");
        atLeast("--dense-limit", denseLimit, 0, "weight");
        atLeast("--chunk", chunk, 1, "example");
        return new CurvatureAnalysis.Options(k, probes, bootstrap, bootstrapExamples, seed, sampling, chunk, denseLimit);
    }

    /** The options of this mixin given on the command line of {@code parse}. */
    public static List<String> given(CommandLine.ParseResult parse) {
        return NAMES.stream().filter(parse::hasMatchedOption).toList();
    }

    /**
     * Refuses to resume a {@code spectrum} run with other curvature measures than it started with, so that every
     * snapshot of one run is measured alike (as a resume with or without {@code --curvature} against the earlier
     * snapshots is refused).
     *
     * @param config   the run's config.json (for the sentence)
     * @param saved    its content
     * @param options  the analysis options of this resume, null without {@code --curvature}
     * @param measures the further measures of this resume, null without {@code --curvature}
     * @throws IllegalArgumentException one sentence naming the first option that differs, the value config.json
     *                                  holds and the value given
     */
    public static void requireSameOnResume(Path config, JsonNode saved, CurvatureAnalysis.Options options,
                                           CurvatureAnalysis.Measures measures) {
        JsonNode savedOptions = ResumeGuard.present(saved.get(CONFIG_OPTIONS));
        if ((savedOptions == null) != (options == null)) {
            throw new IllegalArgumentException("--curvature: " + config + " holds a run started "
                    + (savedOptions == null ? "without it, and this resume gives it" : "with it (\"" + CONFIG_OPTIONS
                    + "\": " + savedOptions + "), and this resume is without it")
                    + "; resume with the curvature options the run started with");
        }
        if (options == null) {
            return;
        }
        ResumeGuard.requireSame(config, CONFIG_OPTIONS, savedOptions, Json.mapper().valueToTree(options), OPTION_OF_FIELD,
                Set.of(), "curvature");
        ResumeGuard.requireSame(config, CONFIG_MEASURES, saved.get(CONFIG_MEASURES), Json.mapper().valueToTree(measures),
                OPTION_OF_FIELD, Set.of(), "curvature");
    }

    private static void atLeast(String option, int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(option + " " + value + ": expected at least " + min + " (" + what + "s)");
        }
    }
}
