package org.sgdvi.experiments.cli;

import org.sgdvi.experiments.sweep.ValueLists;
import picocli.CommandLine;

/**
 * Comma-separated options that picocli splits itself ({@code split = ","}): picocli drops a
 * trailing empty item ({@code 0.2,}) without a word, so the raw values are checked here with the
 * same rule as the sweep's lists ({@link ValueLists#items}).
 */
final class ListOptions {

    private ListOptions() {
    }

    /**
     * @throws CommandLine.ParameterException naming the option and the empty item, for each given
     *                                        option that was typed with an empty item
     */
    static void requireNoEmptyItems(CommandLine.Model.CommandSpec spec, String... options) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (String name : options) {
            CommandLine.Model.OptionSpec o = pr.matchedOption(name);
            if (o == null) {
                continue;
            }
            for (String raw : o.originalStringValues()) {
                try {
                    ValueLists.items(name, raw);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
        }
    }
}
