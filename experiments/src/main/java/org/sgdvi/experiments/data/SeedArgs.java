package org.sgdvi.experiments.data;

import picocli.CommandLine.Option;

/**
 * {@code --seed}: the seed of a command's random draws. Each command states its default through the constructor
 * and what the seed draws in its resource bundle (picocli {@code descriptionKey}: seed); the examples' subset
 * takes it too unless {@code --subset-seed} is given ({@link SubsetArgs#seed(long)}).
 */
public final class SeedArgs {

    @Option(names = "--seed", descriptionKey = "seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    public long seed;

    /** For picocli; the command's default seed. */
    public SeedArgs(long seed) {
        this.seed = seed;
    }
}
