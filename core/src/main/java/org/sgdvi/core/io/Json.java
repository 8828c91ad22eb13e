package org.sgdvi.core.io;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

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

    /**
     * A record read back from the JSON its writer made, including components marked {@link JsonUnwrapped}
     * (whose fields sit beside the record's own; Jackson 2.17 cannot bind those through a record's constructor):
     * each unwrapped component is read from the same node, every other one from the field of its name, and a
     * nested record in the same way. An absent or null field gives null.
     *
     * @throws IOException naming the record and the field that is missing (a primitive) or of the wrong type
     */
    public static <R extends Record> R readRecord(JsonNode node, Class<R> type) throws IOException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            boolean unwrapped = c.getAccessor().isAnnotationPresent(JsonUnwrapped.class);
            JsonNode value = unwrapped ? node : node.get(c.getName());
            if (value == null || value.isNull()) {
                if (c.getType().isPrimitive()) {
                    throw new IOException(type.getSimpleName() + ": field " + c.getName() + " is missing; expected a "
                            + c.getType().getName());
                }
                continue;
            }
            if (c.getType().isRecord()) {
                values[i] = readRecord(value, c.getType().asSubclass(Record.class)); // its errors name it
                continue;
            }
            try {
                values[i] = MAPPER.readerFor(MAPPER.constructType(c.getGenericType())).readValue(value);
            } catch (IOException e) {
                throw new IOException(type.getSimpleName() + ": field " + c.getName() + " is unreadable ("
                        + e.getMessage() + ")", e);
            }
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IOException(type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
        }
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .findAndRegisterModules();
    }
}
