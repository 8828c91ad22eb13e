package org.sgdvi.experiments.data;

import java.util.function.Consumer;
import org.sgdvi.datasets.ImageDataset;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training examples a command measures over: {@code --examples N}, drawn from the training split as
 * {@link SubsetArgs} ({@code --subset}, {@code --subset-seed}) says ({@link TrainingSubset}). Each command states its
 * default N through the constructor (null: the command picks one per task) and, where N means something narrower,
 * its own description in its resource bundle (picocli {@code descriptionKey}: examples).
 */
public final class ExamplesArgs {

    @Option(names = "--examples", descriptionKey = "examples",
            description = "N, the number of training examples, drawn as --subset says (default: ${DEFAULT-VALUE}, "
                    + "or all if fewer).")
    public Integer examples;

    /** How the examples are drawn. */
    @Mixin
    public SubsetArgs subset = new SubsetArgs();

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    /** For picocli; the command's default N (null where it has none). */
    public ExamplesArgs(Integer examples) {
        this.examples = examples;
    }

    /** @return whether {@code --examples} was typed (an N above the training split is then refused, not clamped) */
    public boolean given() {
        return command.commandLine().getParseResult().hasMatchedOption("--examples");
    }

    /**
     * {@code n} examples of {@code train} as --subset says, seeded by --subset-seed or else {@code commandSeed}; an
     * explicit --examples above the split's size is refused, a default one clamped with a line to {@code log}.
     */
    public TrainingSubset draw(ImageDataset train, int n, long commandSeed, Consumer<String> log) {
        return TrainingSubset.draw(train, "--examples", n, given(), subset.rule, subset.seed(commandSeed), log);
    }
}
