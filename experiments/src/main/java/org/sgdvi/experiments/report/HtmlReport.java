package org.sgdvi.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report (images inlined as base64 PNG), readable offline. Build it section by
 * section and {@link #render()} it; text is HTML-escaped.
 */
public final class HtmlReport {

    private final String title;
    private final StringBuilder body = new StringBuilder();

    /** A report with a title. */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** A section heading. */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Preformatted text (a command line, a log excerpt). */
    public HtmlReport code(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** A table with a header row. Cells are rendered with {@link #format(Object)}. */
    public HtmlReport table(List<String> header, List<? extends List<?>> rows) {
        body.append("<table>\n<tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<?> row : rows) {
            body.append("<tr>");
            for (Object cell : row) {
                body.append("<td>").append(escape(format(cell))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A two-column table of keys and values. */
    public HtmlReport keyValues(Map<String, ?> map) {
        return keyValueRows(map.entrySet().stream().map(e -> java.util.Arrays.asList(e.getKey(), e.getValue())).toList());
    }

    /** A two-column table from (key, value) rows, in their order. */
    public HtmlReport keyValueRows(List<? extends List<?>> rows) {
        body.append("<table>\n");
        for (List<?> row : rows) {
            body.append("<tr><th>").append(escape(format(row.get(0)))).append("</th><td>")
                    .append(escape(format(row.get(1)))).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /**
     * The paper's claims checked against the run ({@link Finding}), one per line: the verdict, the claim and what
     * the run found, then the numbers behind it ({@link Finding#sentence()} with the verdict in bold).
     */
    public HtmlReport findings(List<Finding> findings) {
        if (findings.isEmpty()) {
            return this;
        }
        body.append("<ul class=\"findings\">\n");
        for (Finding f : findings) {
            body.append("<li><b>").append(escape(f.verdict())).append("</b>: ").append(escape(f.statement()))
                    .append(". ").append(escape(f.evidenceSentence())).append("</li>\n");
        }
        body.append("</ul>\n");
        return this;
    }

    /**
     * A JSON object (a config.json, a results record) as a two-column table: one row per value, nested ones
     * named by their path ({@code request / learning rate}: camelCase keys as words), lists of plain
     * values joined by commas.
     */
    public HtmlReport properties(JsonNode config) {
        Map<String, String> rows = new LinkedHashMap<>();
        flatten("", config, rows);
        return keyValues(rows);
    }

    private static void flatten(String path, JsonNode node, Map<String, String> rows) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(path.isEmpty() ? words(e.getKey())
                    : path + " / " + words(e.getKey()), e.getValue(), rows));
        } else if (node.isArray() && !hasContainers(node)) {
            List<String> items = new ArrayList<>();
            node.forEach(v -> items.add(scalar(v)));
            rows.put(path, items.isEmpty() ? "none" : String.join(", ", items));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + " / " + (i + 1), node.get(i), rows);
            }
        } else {
            rows.put(path, scalar(node));
        }
    }

    /** A camelCase JSON key as words: {@code finalTrainLoss} is "final train loss". */
    static String words(String key) {
        return key.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean hasContainers(JsonNode array) {
        for (JsonNode v : array) {
            if (v.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static String scalar(JsonNode v) {
        return v.isNull() ? "none" : v.isFloatingPointNumber() ? format(v.doubleValue()) : v.asText();
    }

    /** (key, value) rows for {@link #keyValueRows} from alternating keys and values. */
    public static List<List<Object>> pairs(Object... keysAndValues) {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            rows.add(java.util.Arrays.asList(keysAndValues[i], keysAndValues[i + 1]));
        }
        return rows;
    }

    /** An inlined PNG with a caption. */
    public HtmlReport image(String caption, byte[] png) {
        body.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"/><figcaption>")
                .append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** The whole page. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;"
                + "text-align:left;font-variant-numeric:tabular-nums}th{background:#eee}img{max-width:100%}"
                + "pre{background:#f4f4f4;padding:.5em;overflow-x:auto}figcaption{color:#555}</style></head>\n"
                + "<body><h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    /** Numbers with 4 significant digits (scientific when tiny or huge), everything else as text. */
    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double v = ((Number) value).doubleValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return String.valueOf(v);
            }
            double a = Math.abs(v);
            return (a != 0 && (a < 1e-3 || a >= 1e6)) ? String.format("%.4g", v) : String.format("%.4f", v)
                    .replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return String.valueOf(value);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
