package org.sgdvi.experiments.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgdvi.experiments.env.BackendInfo;
import org.sgdvi.experiments.env.Versions;

/**
 * The {@code config.json} of a run: the command and its arguments, the toolkit, DL4J and Java
 * versions, the ND4J backend and device, and whatever the command adds (request, data provenance).
 */
public final class RunConfig {

    private RunConfig() {
    }

    /** The common part of every config.json. */
    public static Map<String, Object> base(String command, List<String> arguments) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("arguments", arguments);
        m.put("created", Instant.now().toString());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("toolkit", Versions.toolkit());
        versions.put("dl4j", Versions.dl4j());
        versions.put("java", System.getProperty("java.version"));
        m.put("versions", versions);
        m.put("backend", BackendInfo.current().toMap());
        return m;
    }
}
