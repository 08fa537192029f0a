package io.jdht.sim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a simulator run (the JSON {@code jdht sim} produces) as one self-contained HTML page: summary
 * tables in plain HTML and charts drawn in the browser by uPlot. Everything is inlined (uPlot's script
 * and stylesheet, read from its webjar; our own script and styles; the run's JSON), so the file opens
 * anywhere without network access and can be archived next to the run.
 *
 * <p>Absent fields leave out what they would feed: a run without churn has no timeline chart, an
 * operation without successful lookups no latency curve. Given a second run, the page also compares
 * the two per operation and draws the other run's latency curves dashed.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWN_RESOURCES = "/io/jdht/sim/report/";
    // A closing tag inside inlined code would end the <script> or <style> element early.
    private static final Pattern CLOSING_SCRIPT = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOSING_STYLE = Pattern.compile("</(style)", Pattern.CASE_INSENSITIVE);

    private HtmlReport() {}

    /**
     * Writes the report on {@code run} to {@code out} (replacing it; parent folders are created).
     *
     * @param compareWith another run's JSON to set beside this one, if any
     */
    public static void write(JsonNode run, Optional<JsonNode> compareWith, Path out) throws IOException {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(compareWith, "compareWith");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, render(run, compareWith.orElse(null)), StandardCharsets.UTF_8);
    }

    /** The page as text; {@code other} may be null. */
    static String render(JsonNode run, JsonNode other) {
        UPlotAssets uplot = UPlotAssets.load();
        StringBuilder page = new StringBuilder(uplot.js().length() + 64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Html.escape(title(run))).append("</title>\n")
                // First, so that even an error while uPlot's own script loads leaves a trace.
                .append("<script>window.onerror=function(m){var d=document.documentElement.dataset;")
                .append("d.jsError=(d.jsError?d.jsError+' | ':'')+m;};</script>\n")
                .append("<style>\n").append(inlineStyle(uplot.css())).append("\n</style>\n")
                .append("<style>\n").append(inlineStyle(resource("report.css"))).append("</style>\n")
                .append("</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title(run))).append("</h1>\n")
                .append("<p class=\"lead\">").append(Html.escape(SummaryTables.describe(run)));
        if (other != null) {
            page.append("<br>Compared with: ").append(Html.escape(SummaryTables.describe(other)))
                    .append(" (dashed or lighter in the charts, in italics in the tables)");
        }
        page.append("</p>\n")
                .append("<div id=\"report-status\" data-state=\"pending\" hidden></div>\n")
                .append("<div class=\"charts\">\n");
        for (String chart : other == null
                ? new String[] {"rounds", "cdf", "timeline"}
                : new String[] {"rounds", "cdf", "timeline", "cmp-success", "cmp-latency"}) {
            page.append("<div class=\"chart\" id=\"chart-").append(chart).append("\"></div>\n");
        }
        page.append("</div>\n")
                .append("<h2>Summary</h2>\n<div class=\"tables\">\n")
                .append(SummaryTables.config(run, other))
                .append(SummaryTables.runStats(run, other))
                .append("</div>\n<h2>Operations</h2>\n")
                .append(SummaryTables.operations(run, other))
                .append(footer(uplot))
                .append(jsonElement("jdht-run", run));
        if (other != null) {
            page.append(jsonElement("jdht-compare", other));
        }
        page.append("<script>\n").append(inlineScript(uplot.js())).append("\n</script>\n")
                .append("<script>\n").append(inlineScript(resource("report.js"))).append("</script>\n")
                .append("</body>\n</html>\n");
        return page.toString();
    }

    private static String title(JsonNode run) {
        JsonNode nodes = run.path("config").path("nodes");
        return nodes.isNumber()
                ? String.format(Locale.ROOT, "jdht simulation: %,d nodes", nodes.asLong())
                : "jdht simulation";
    }

    // The MIT licence asks that its notice travel with every copy of uPlot, and the page is one.
    private static String footer(UPlotAssets uplot) {
        return "<footer>\n<p>Made by <code>jdht sim --report</code>. Charts drawn with uPlot "
                + Html.escape(uplot.version())
                + " (MIT licence; https://github.com/leeoniya/uPlot), inlined from the Maven artifact"
                + " org.webjars.npm:uplot. Its licence:</p>\n<details><summary>uPlot licence</summary><pre>"
                + Html.escape(uplot.licence()) + "</pre></details>\n</footer>\n";
    }

    /**
     * The JSON inside a {@code <script type="application/json">}. '<', '>' and '&' can only occur inside
     * JSON strings, where their \\u escapes mean the same, so no text in the run can close the element
     * or open a comment; U+2028/2029 are escaped as well so the text stays valid in any JS parser.
     */
    static String jsonElement(String id, JsonNode node) {
        String text;
        try {
            text = JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a run's JSON that cannot be written back", e);
        }
        StringBuilder safe = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<', '>', '&', '\u2028', '\u2029' -> safe.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                default -> safe.append(c);
            }
        }
        return "<script type=\"application/json\" id=\"" + id + "\">" + safe + "</script>\n";
    }

    // In script code "</script" can only sit in a string or regex literal, where "<\/script" is the same.
    static String inlineScript(String js) {
        return CLOSING_SCRIPT.matcher(js).replaceAll("<\\\\/$1");
    }

    // CSS has no such escape outside strings; a stylesheet that closes its element is refused.
    static String inlineStyle(String css) {
        if (CLOSING_STYLE.matcher(css).find()) {
            throw new IllegalStateException("a stylesheet that contains </style cannot be inlined");
        }
        return css;
    }

    static String resource(String name) {
        return UPlotAssets.read(HtmlReport.class, OWN_RESOURCES + name);
    }

    /** uPlot's files from its webjar: the version in the jar decides which folder to read. */
    record UPlotAssets(String version, String js, String css, String licence) {

        private static final String PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
        private static volatile UPlotAssets loaded;

        static UPlotAssets load() {
            UPlotAssets assets = loaded;
            if (assets == null) {
                java.util.Properties props = new java.util.Properties();
                try (var in = HtmlReport.class.getResourceAsStream(PROPERTIES)) {
                    if (in == null) {
                        throw new IllegalStateException("uPlot's webjar (org.webjars.npm:uplot) is not on the class path");
                    }
                    props.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String version = props.getProperty("version");
                String root = "/META-INF/resources/webjars/uplot/" + version + "/";
                assets = new UPlotAssets(version,
                        read(HtmlReport.class, root + "dist/uPlot.iife.min.js"),
                        read(HtmlReport.class, root + "dist/uPlot.min.css"),
                        read(HtmlReport.class, root + "LICENSE"));
                loaded = assets;
            }
            return assets;
        }

        static String read(Class<?> owner, String path) {
            try (var in = owner.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
