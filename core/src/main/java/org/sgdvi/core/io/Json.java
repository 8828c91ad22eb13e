package org.sgdvi.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The toolkit's one Jackson configuration: camelCase field names as declared, no failure on
 * unknown fields when reading (newer files stay readable) nor on empty beans when writing, the
 * Jackson modules found on the class path, and Jackson's default pretty printer for files.
 *
 * <p>It lives in {@code core} because every module that maps JSON to objects can reach it:
 * {@code core} itself (checkpoints, trajectory stores) and {@code experiments} (run folders,
 * sweeps), which depends on {@code core}. {@code datasets} does not depend on {@code core} (see
 * the poms) and maps no JSON to objects in its main code: it only streams tokens with a
 * {@link JsonFactory}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /** The shared mapper (thread-safe once configured; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The writer of JSON files: the shared mapper with Jackson's default pretty printer. */
    public static ObjectWriter pretty() {
        return MAPPER.writerWithDefaultPrettyPrinter();
    }

    /**
     * A new mapper with the shared configuration over another format's factory (e.g. YAML's
     * {@code YAMLFactory}, which {@code core} does not depend on).
     */
    public static ObjectMapper mapper(JsonFactory factory) {
        return configure(new ObjectMapper(factory));
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .findAndRegisterModules();
    }
}
