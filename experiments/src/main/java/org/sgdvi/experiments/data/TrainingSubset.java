package org.sgdvi.experiments.data;

import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.SubsetSampler;
import org.sgdvi.experiments.run.RunFolder;

/**
 * The n training examples a command measures over ({@code spectrum --examples}, {@code gradients
 * --count}, {@code bench --examples}, {@code linearize --examples}, a sweep's spectrum probe, the
 * per-epoch train evaluation), drawn by {@link SubsetSampler} rather than taken as the first n rows
 * of the training split, whose order may be sorted by class.
 *
 * <p>The rule on the count: a negative count (or one below the command's minimum) is a usage error
 * (exit code 2). A count above the N examples of the split is a usage error when it was given on the
 * command line; when it is the command's default it is clamped to N, the command says so on its log,
 * and results.json records {@code "clamped": true} beside the requested and the used count.
 *
 * <p>Each command saves the indices into the training split's order, ascending, as int64
 * {@value #FILE} in its run folder and their per-class counts, rule and seed under
 * {@code "subset"} in results.json ({@link #describe()}).
 */
public final class TrainingSubset {

    /** The file holding the indices (int64, ascending, into the training split's order). */
    public static final String FILE = "subset.npy";

    private final SubsetSampler.Subset subset;
    private final int requested;
    private final boolean clamped;

    private TrainingSubset(SubsetSampler.Subset subset, int requested, boolean clamped) {
        this.subset = subset;
        this.requested = requested;
        this.clamped = clamped;
    }

    /**
     * Refuses a count below {@code min} with one sentence naming the option.
     *
     * @throws IllegalArgumentException (exit code 2) when {@code n < min}
     */
    public static void requireAtLeast(String option, int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException(option + " " + n + ": expected a number of training examples of at least "
                    + min);
        }
    }

    /**
     * Draws n of the training examples.
     *
     * @param train     the training split
     * @param option    the option that asked for n, for messages (e.g. "--count")
     * @param requested n as asked, at least 1
     * @param explicit  whether n was given on the command line (then n &gt; N is refused; else clamped to N)
     * @param rule      the rule
     * @param seed      the seed
     * @param log       where a clamp is announced
     * @return the subset
     * @throws IllegalArgumentException (exit code 2) for n &lt; 1, or an explicit n &gt; N
     */
    public static TrainingSubset draw(ImageDataset train, String option, int requested, boolean explicit,
                                      SubsetSampler.Rule rule, long seed, Consumer<String> log) {
        requireAtLeast(option, requested, 1);
        int n = requested;
        boolean clamped = false;
        if (requested > train.size()) {
            if (explicit) {
                throw new IllegalArgumentException(option + " " + requested + ": expected at most " + train.size()
                        + ", the number of training examples of " + train.name());
            }
            n = train.size();
            clamped = true;
            log.accept(option + " " + requested + " exceeds the " + train.size()
                    + " training examples of " + train.name() + "; using all " + train.size());
        }
        return new TrainingSubset(SubsetSampler.draw(train, n, rule, seed), requested, clamped);
    }

    /** @return the drawn subset */
    public SubsetSampler.Subset subset() {
        return subset;
    }

    /** @return n, the examples used */
    public int size() {
        return subset.size();
    }

    /** @return whether a default count was clamped to the split's size */
    public boolean clamped() {
        return clamped;
    }

    /** @return the subset's examples, in ascending index order */
    public ImageDataset apply(ImageDataset train) {
        return subset.size() == train.size() ? train : train.subset(subset.indices());
    }

    /** Writes the indices as int64 {@value #FILE} into {@code run}. */
    public void write(RunFolder run) {
        write(run, FILE);
    }

    /** Writes the indices as int64 {@code name} into {@code run}. */
    public void write(RunFolder run, String name) {
        run.writeNpy(name, Nd4j.createFromArray(subset.indicesAsLongs()));
    }

    /**
     * The {@code "subset"} of results.json: the selection rule, its seed, the size requested and drawn,
     * the population N, whether the request was clamped to N, the class counts and the indices file.
     *
     * @param rule        the selection rule's label
     * @param seed        its seed
     * @param requested   examples requested
     * @param size        examples drawn
     * @param population  N, the size of the split
     * @param clamped     whether the request exceeded N
     * @param classCounts examples of each class in the subset
     * @param file        the indices file in the run folder
     */
    public record Description(String rule, long seed, int requested, int size, int population, boolean clamped,
                              int[] classCounts, String file) {
    }

    /** This subset's description, naming {@link #FILE}. */
    public Description describe() {
        return describe(FILE);
    }

    /** As {@link #describe()}, naming another indices file. */
    public Description describe(String file) {
        return new Description(subset.rule().label(), subset.seed(), requested, subset.size(), subset.population(), clamped,
                subset.classCounts().clone(), file);
    }
}
