package org.sgdvi.experiments.curvature;

import java.util.List;
import org.sgdvi.core.curvature.CurvatureAnalysis;
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

    private static void atLeast(String option, int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(option + " " + value + ": expected at least " + min + " (" + what + "s)");
        }
    }
}
