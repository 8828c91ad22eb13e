package org.sgdvi.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one Jackson configuration, against JSON text written by hand. */
class JsonTest {

    record Point(String name, double x, List<Integer> tags) {
    }

    /** A bean without properties: written as {} instead of failing. */
    static final class Empty {
    }

    @Test
    void writesJacksonsDefaultPrettyPrinterLayout() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "x");
        m.put("values", List.of(1, 2.5));
        m.put("nested", Map.of("nan", Double.NaN));
        m.put("point", new Point("p", 0.5, List.of()));
        m.put("empty", new Empty());
        String expected = "{\n"
                + "  \"format\" : \"x\",\n"
                + "  \"values\" : [ 1, 2.5 ],\n"
                + "  \"nested\" : {\n"
                + "    \"nan\" : \"NaN\"\n"
                + "  },\n"
                + "  \"point\" : {\n"
                + "    \"name\" : \"p\",\n"
                + "    \"x\" : 0.5,\n"
                + "    \"tags\" : [ ]\n"
                + "  },\n"
                + "  \"empty\" : { }\n"
                + "}";
        assertThat(Json.pretty().writeValueAsString(m)).isEqualTo(expected);
        assertThat(Json.mapper().writeValueAsString(new Point("q", 1, List.of(3))))
                .isEqualTo("{\"name\":\"q\",\"x\":1.0,\"tags\":[3]}");
    }

    @Test
    void readsNewerFilesWithUnknownFieldsUnlessAskedToBeStrict() throws Exception {
        String json = "{\"name\":\"a\",\"x\":2,\"tags\":[1],\"addedLater\":true}";
        assertThat(Json.mapper().readValue(json, Point.class)).isEqualTo(new Point("a", 2, List.of(1)));
        assertThatThrownBy(() -> Json.mapper().readerFor(Point.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("addedLater");
        assertThat(Json.mapper(new JsonFactory()).readValue(json, Point.class).name()).isEqualTo("a");
    }

    record Inner(double a, @com.fasterxml.jackson.annotation.JsonUnwrapped Point point) {
    }

    record Outer(int n, @com.fasterxml.jackson.annotation.JsonUnwrapped Inner inner, Inner nested, double[] values,
                 String absent) {
    }

    @Test
    void readRecordReadsUnwrappedComponentsBackAtEveryDepth() throws Exception {
        Outer o = new Outer(3, new Inner(0.25, new Point("p", -1.5, List.of(4, 5))),
                new Inner(Double.NaN, new Point("q", 2, List.of())), new double[] {1, 2}, null);
        String json = Json.pretty().writeValueAsString(o);
        // written flat: the unwrapped fields beside n; read back equal, component by component
        assertThat(Json.mapper().readTree(json).has("tags")).isTrue();
        assertThat(Json.mapper().readTree(json).has("inner")).isFalse();
        Outer back = Json.readRecord(Json.mapper().readTree(json), Outer.class);
        assertThat(back.n()).isEqualTo(3);
        assertThat(back.inner()).isEqualTo(o.inner());
        assertThat(back.nested().a()).isNaN();
        assertThat(back.nested().point()).isEqualTo(o.nested().point());
        assertThat(back.values()).containsExactly(1, 2);
        assertThat(back.absent()).isNull();
        assertThat(Json.pretty().writeValueAsString(back)).isEqualTo(json);
        assertThatThrownBy(() -> Json.readRecord(Json.mapper().readTree("{\"a\": 1}"), Inner.class))
                .hasMessage("Point: field x is missing; expected a double");
        assertThatThrownBy(() -> Json.readRecord(Json.mapper().readTree("{\"n\": \"three\"}"), Outer.class))
                .hasMessageStartingWith("Outer: field n is unreadable");
    }
}
