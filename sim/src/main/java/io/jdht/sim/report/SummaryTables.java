package io.jdht.sim.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The report's tables in plain HTML (readable without scripts, and copied as text): the configuration,
 * the run's own cost, and the figures per operation. Fields come from the JSON as they are; an unknown
 * field is still shown, an absent one leaves its cell with a dash.
 */
final class SummaryTables {

    private static final List<String> OP_ORDER = List.of("findPeer", "provide", "findProvs", "put", "get", "query");
    private static final String DASH = "–";

    /** Per-operation columns: heading, field, how to show it. */
    private record Column(String heading, String field, Function<JsonNode, String> format) {}

    private static final List<Column> OP_COLUMNS = List.of(
            new Column("count", "count", SummaryTables::integer),
            new Column("success", "successRate", SummaryTables::percent),
            new Column("rounds p50", "roundsP50", SummaryTables::decimal),
            new Column("rounds p95", "roundsP95", SummaryTables::decimal),
            new Column("peers contacted p50", "peersContactedP50", SummaryTables::decimal),
            new Column("messages (mean)", "messagesMean", SummaryTables::decimal),
            new Column("bytes (mean)", "bytesMean", v -> bytes(v)),
            new Column("latency p50", "latencyMsP50", SummaryTables::millis),
            new Column("latency p95", "latencyMsP95", SummaryTables::millis),
            new Column("latency p99", "latencyMsP99", SummaryTables::millis));

    // Run figures with a unit that reads better than the raw number.
    private static final Map<String, Function<JsonNode, String>> RUN_FORMATS = Map.of(
            "wallMs", v -> String.format(Locale.ROOT, "%.1f s", v.asDouble() / 1000),
            "simulatedMs", v -> String.format(Locale.ROOT, "%.2f h", v.asDouble() / 3_600_000),
            "peakHeapBytes", v -> String.format(Locale.ROOT, "%.1f MiB", v.asDouble() / (1 << 20)),
            "eventsPerSecond", v -> String.format(Locale.ROOT, "%,.0f", v.asDouble()));

    private SummaryTables() {}

    /** One line naming the run: its size, seed and network model. */
    static String describe(JsonNode run) {
        JsonNode config = run.path("config");
        List<String> parts = new ArrayList<>();
        for (String field : List.of("nodes", "ops", "seed", "churn", "loss", "undialable", "clients", "provide")) {
            JsonNode value = config.get(field);
            if (value != null && !value.isNull() && !value.isContainerNode()) {
                parts.add(field + " " + scalar(value));
            }
        }
        return parts.isEmpty() ? "a run without its configuration" : String.join(", ", parts);
    }

    static String config(JsonNode run, JsonNode other) {
        return keyValueTable("Configuration", run.path("config"), other == null ? null : other.path("config"), Map.of());
    }

    static String runStats(JsonNode run, JsonNode other) {
        return keyValueTable("The run", run.path("run"), other == null ? null : other.path("run"), RUN_FORMATS);
    }

    static String operations(JsonNode run, JsonNode other) {
        List<String> ops = operationNames(run, other);
        if (ops.isEmpty()) {
            return "<p class=\"omitted\">No operation figures in this run.</p>\n";
        }
        StringBuilder html = new StringBuilder("<table class=\"ops\">\n<tr><th class=\"name\">operation</th>");
        for (Column column : OP_COLUMNS) {
            html.append("<th>").append(Html.escape(column.heading())).append("</th>");
        }
        html.append("</tr>\n");
        for (String op : ops) {
            row(html, op + (other == null ? "" : " (this run)"), run.path("operations").path(op), "");
            if (other != null) {
                row(html, op + " (other run)", other.path("operations").path(op), " class=\"other\"");
            }
        }
        return html.append("</table>\n").toString();
    }

    private static void row(StringBuilder html, String label, JsonNode op, String rowAttributes) {
        html.append("<tr").append(rowAttributes).append("><td class=\"name\">").append(Html.escape(label)).append("</td>");
        for (Column column : OP_COLUMNS) {
            JsonNode value = op.get(column.field());
            String text = value != null && value.isNumber() ? column.format().apply(value) : DASH;
            html.append("<td>").append(Html.escape(text)).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** Known operations first in their usual order, then any others as the runs list them. */
    static List<String> operationNames(JsonNode run, JsonNode other) {
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode r : other == null ? List.of(run) : List.of(run, other)) {
            r.path("operations").fieldNames().forEachRemaining(seen::add);
        }
        List<String> names = new ArrayList<>();
        OP_ORDER.stream().filter(seen::contains).forEach(names::add);
        seen.stream().filter(n -> !OP_ORDER.contains(n)).forEach(names::add);
        return names;
    }

    private static String keyValueTable(String title, JsonNode mine, JsonNode theirs,
            Map<String, Function<JsonNode, String>> formats) {
        Set<String> fields = new LinkedHashSet<>();
        mine.fieldNames().forEachRemaining(fields::add);
        if (theirs != null) {
            theirs.fieldNames().forEachRemaining(fields::add);
        }
        StringBuilder html = new StringBuilder("<table>\n<tr><th class=\"name\">").append(Html.escape(title)).append("</th>");
        html.append(theirs == null ? "<th></th>" : "<th>this run</th><th>other run</th>").append("</tr>\n");
        if (fields.isEmpty()) {
            html.append("<tr><td class=\"name\" colspan=\"3\">").append(DASH).append("</td></tr>\n");
        }
        for (String field : fields) {
            html.append("<tr><td class=\"name\">").append(Html.escape(field)).append("</td>");
            html.append("<td>").append(Html.escape(value(mine.get(field), formats.get(field)))).append("</td>");
            if (theirs != null) {
                html.append("<td>").append(Html.escape(value(theirs.get(field), formats.get(field)))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static String value(JsonNode value, Function<JsonNode, String> format) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return DASH;
        }
        return format != null && value.isNumber() ? format.apply(value) : scalar(value);
    }

    private static String scalar(JsonNode value) {
        if (value.isIntegralNumber()) {
            return integer(value);
        }
        if (value.isNumber()) {
            return decimal(value);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String integer(JsonNode v) {
        return String.format(Locale.ROOT, "%,d", v.asLong());
    }

    private static String decimal(JsonNode v) {
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            return DASH;
        }
        if (Math.abs(d) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        // Three significant digits without trailing zeros: 0.01, 3, 28.5.
        return new BigDecimal(d).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String percent(JsonNode v) {
        return Double.isFinite(v.asDouble()) ? String.format(Locale.ROOT, "%.1f %%", 100 * v.asDouble()) : DASH;
    }

    private static String millis(JsonNode v) {
        return Double.isFinite(v.asDouble()) ? decimal(v) + " ms" : DASH;
    }

    private static String bytes(JsonNode v) {
        return Double.isFinite(v.asDouble()) ? String.format(Locale.ROOT, "%,.0f B", v.asDouble()) : DASH;
    }
}
