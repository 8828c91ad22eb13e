package org.sgdvi.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A resumed run measures with the settings it started with: this compares an entry of the run's config.json with
 * the value a resume would use, field by field (numbers by value, arrays and text exactly), and refuses the first
 * difference in one sentence naming the command-line option, the value config.json holds and the value given.
 * Every snapshot of one run is then measured alike, and a resume cannot silently draw other examples.
 */
public final class ResumeGuard {

    private ResumeGuard() {
    }

    /**
     * @param config       the run's config.json (for the sentence)
     * @param field        the entry's name in config.json, e.g. {@code "spectrum"}
     * @param saved        the entry as config.json holds it (null or missing reads as "none", which differs from any
     *                     given value)
     * @param given        the same entry for this resume
     * @param optionOf     the command-line option behind each dotted field name ({@code "spectrum.bins"} to
     *                     {@code "--bins"}); a field without one is named by its dotted name
     * @param free         dotted field names that may differ (how the numbers are computed, not which)
     * @param whose        whose options, for the sentence's advice ("curvature", "spectrum")
     * @throws IllegalArgumentException at the first difference
     */
    public static void requireSame(Path config, String field, JsonNode saved, JsonNode given,
                                   Map<String, String> optionOf, Set<String> free, String whose) {
        differ(config, field, present(saved), present(given), optionOf, free, whose);
    }

    /** The node, or null when absent, JSON null or missing. */
    public static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static void differ(Path config, String field, JsonNode saved, JsonNode given, Map<String, String> optionOf,
                               Set<String> free, String whose) {
        if (free.contains(field)) {
            return;
        }
        if (saved != null && given != null && saved.isObject() && given.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            given.fieldNames().forEachRemaining(names::add);
            saved.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differ(config, field + "." + name, present(saved.get(name)), present(given.get(name)), optionOf, free,
                        whose);
            }
            return;
        }
        boolean same = saved == null || given == null ? saved == given
                : saved.isNumber() && given.isNumber() ? saved.decimalValue().compareTo(given.decimalValue()) == 0
                : saved.equals(given);
        if (!same) {
            String option = optionOf.get(field);
            throw new IllegalArgumentException((option == null ? field : option) + ": " + config + " holds "
                    + shown(saved) + " (\"" + field + "\") and this resume gives " + shown(given) + "; resume with the "
                    + whose + " options the run started with");
        }
    }

    private static String shown(JsonNode node) {
        return node == null ? "none" : node.isTextual() ? node.asText() : node.toString();
    }
}
