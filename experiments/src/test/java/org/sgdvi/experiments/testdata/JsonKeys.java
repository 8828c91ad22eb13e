package org.sgdvi.experiments.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The field names of a JSON object in file order, for tests that pin a results.json's keys. */
public final class JsonKeys {

    private JsonKeys() {
    }

    /** The field names of {@code node} in order (empty for a non-object). */
    public static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
