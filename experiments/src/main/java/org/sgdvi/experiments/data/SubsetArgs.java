package org.sgdvi.experiments.data;

import org.sgdvi.datasets.sampling.SubsetSampler;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of every command that measures over n training examples: {@code --subset uniform}
 * (default, a seeded uniform sample without replacement) or {@code --subset stratified} (per-class
 * counts by proportional allocation), and {@code --subset-seed S} (default: the command's own seed).
 * See {@link SubsetSampler} for the rules and {@link TrainingSubset} for how a command uses them.
 */
public final class SubsetArgs {

    @Option(names = "--subset", defaultValue = "uniform", paramLabel = "RULE", converter = RuleConverter.class,
            description = "How the training examples are chosen: uniform (a seeded sample without replacement) or "
                    + "stratified (class counts proportional to the training split's) (default: ${DEFAULT-VALUE}).")
    public SubsetSampler.Rule rule = SubsetSampler.Rule.UNIFORM;

    @Option(names = "--subset-seed", paramLabel = "S", description = "Seed of the subset (default: the command's --seed).")
    public Long seed;

    /** @return the subset seed: --subset-seed, else {@code commandSeed} */
    public long seed(long commandSeed) {
        return seed == null ? commandSeed : seed;
    }

    /**
     * config.json's {@code "subset"} of a command that draws one.
     *
     * @param rule uniform or stratified
     * @param seed the subset's seed
     */
    public record Config(String rule, long seed) {
    }

    /** @return the settings for config.json: rule and seed */
    public Config config(long commandSeed) {
        return new Config(rule.label(), seed(commandSeed));
    }

    /** Parses "uniform" or "stratified"; anything else is a usage error (exit code 2). */
    public static final class RuleConverter implements CommandLine.ITypeConverter<SubsetSampler.Rule> {
        @Override
        public SubsetSampler.Rule convert(String value) {
            try {
                return SubsetSampler.Rule.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected uniform or stratified, got '" + value + "'");
            }
        }
    }
}
