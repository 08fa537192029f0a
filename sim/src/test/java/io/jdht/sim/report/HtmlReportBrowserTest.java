package io.jdht.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens written reports in a real browser (headless Chromium) and checks that the charts were drawn:
 * the page's script marks each chart it drew and records any error, which {@code --dump-dom} shows; and
 * a screenshot holds each series' colour inside that chart's plotting area (the canvas, not the legend).
 * The fixtures under {@code report/} are made-up runs shaped like the simulator's output.
 */
class HtmlReportBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2400;
    // The page's fixed colours per operation (report.js), and the comparison charts' own.
    private static final String FIND_PEER = "#1f77b4";
    private static final String PROVIDE = "#ff7f0e";
    private static final String FIND_PROVS = "#2ca02c";
    private static final String GET = "#9467bd";

    @TempDir
    Path dir;

    @Test
    void aRunComparedWithAnotherDrawsEveryChartInItsColours() throws Exception {
        Path page = dir.resolve("compare.html");
        HtmlReport.write(fixture("run.json"), Optional.of(fixture("compare.json")), page);
        HeadlessChromium chromium = HeadlessChromium.find(dir);

        String dom = chromium.dumpDom(page);
        assertDrewWithoutError(dom);
        Map<String, Chart> charts = charts(dom);
        assertThat(charts.keySet()).containsExactlyInAnyOrder("rounds", "cdf", "timeline", "cmp-success", "cmp-latency");
        assertThat(charts.get("rounds").colours()).containsExactly(FIND_PEER, PROVIDE, FIND_PROVS, GET);
        // This run's curves, then the other run's, dashed in the same colours.
        assertThat(charts.get("cdf").colours()).containsExactly(
                FIND_PEER, PROVIDE, FIND_PROVS, GET, FIND_PEER, PROVIDE, FIND_PROVS, GET);
        assertThat(charts.get("timeline").colours()).containsExactly("#2ca02c", "#1f77b4", "#98df8a", "#aec7e8");
        assertThat(charts.get("cmp-latency").colours()).containsExactly("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78");
        assertThat(charts.get("cmp-success").colours()).containsExactly("#2ca02c", "#98df8a");

        Path png = chromium.screenshot(page, WIDTH, HEIGHT);
        keepForInspection(page, png);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        for (Chart chart : charts.values()) {
            assertColoursDrawn(shot, chart);
        }
    }

    @Test
    void aSingleRunDrawsItsThreeCharts() throws Exception {
        Path page = dir.resolve("run.html");
        HtmlReport.write(fixture("run.json"), Optional.empty(), page);
        HeadlessChromium chromium = HeadlessChromium.find(dir);

        String dom = chromium.dumpDom(page);
        assertDrewWithoutError(dom);
        Map<String, Chart> charts = charts(dom);
        assertThat(charts.keySet()).containsExactlyInAnyOrder("rounds", "cdf", "timeline");
        assertThat(dom).doesNotContain("id=\"chart-cmp-");

        BufferedImage shot = ImageIO.read(chromium.screenshot(page, WIDTH, HEIGHT).toFile());
        for (Chart chart : charts.values()) {
            assertColoursDrawn(shot, chart);
        }
    }

    @Test
    void aRunWithNothingToChartSaysSoWithoutAnErrorOrInjectedScript() throws Exception {
        // No successful operation, empty histograms, no timeline; its churn text tries to end the JSON's element.
        Path page = dir.resolve("degenerate.html");
        HtmlReport.write(fixture("degenerate.json"), Optional.empty(), page);

        String dom = HeadlessChromium.find(dir).dumpDom(page);
        assertDrewWithoutError(dom);
        assertThat(dom).doesNotContain("data-injected");
        assertThat(charts(dom)).isEmpty();
        for (String chart : List.of("rounds", "cdf", "timeline")) {
            assertThat(startTag(dom, "chart-" + chart)).contains("data-omitted=");
        }
        // The text is shown as text in the configuration table.
        assertThat(dom).contains("&lt;/script&gt;&lt;script&gt;document.documentElement.dataset.injected");
    }

    // A copy under target/ for a human to open; the test's own files go with its temporary folder.
    private static void keepForInspection(Path page, Path png) throws IOException {
        Path keep = Path.of("target", "report-test");
        Files.createDirectories(keep);
        Files.copy(page, keep.resolve("compare.html"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(png, keep.resolve("compare.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void assertDrewWithoutError(String dom) {
        Matcher html = Pattern.compile("<html[^>]*>").matcher(dom);
        assertThat(html.find()).as("an <html> element in the dumped DOM").isTrue();
        assertThat(html.group()).as("errors caught by window.onerror").doesNotContain("data-js-error");
        String status = startTag(dom, "report-status");
        assertThat(status).as("the page's own status").contains("data-state=\"ok\"").doesNotContain("data-errors");
    }

    /** Each chart's series colours must colour some pixels inside its plotting area. */
    private static void assertColoursDrawn(BufferedImage shot, Chart chart) {
        int[] r = chart.plotRect();
        assertThat(r[0] >= 0 && r[1] >= 0 && r[2] > 50 && r[3] > 50
                        && r[0] + r[2] <= shot.getWidth() && r[1] + r[3] <= shot.getHeight())
                .as("chart %s's plot area %s inside the %dx%d screenshot", chart.id(), Arrays.toString(r),
                        shot.getWidth(), shot.getHeight())
                .isTrue();
        for (String colour : new LinkedHashSet<>(chart.colours())) {
            int rgb = Integer.parseInt(colour.substring(1), 16);
            int count = 0;
            for (int y = r[1]; y < r[1] + r[3]; y++) {
                for (int x = r[0]; x < r[0] + r[2]; x++) {
                    if (close(shot.getRGB(x, y), rgb)) {
                        count++;
                    }
                }
            }
            assertThat(count).as("pixels of %s in chart %s", colour, chart.id()).isGreaterThanOrEqualTo(20);
        }
    }

    // Canvas colours come out exact for opaque fills; a small margin allows for colour management.
    private static boolean close(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((argb >> shift) & 0xff) - ((rgb >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }

    private record Chart(String id, List<String> colours, int[] plotRect) {}

    private static final Pattern CHART_TAG = Pattern.compile("<div class=\"chart\" id=\"chart-([a-z-]+)\"[^>]*>");

    /** The charts the page marked as drawn, with their colours and plotting areas. */
    private static Map<String, Chart> charts(String dom) {
        Map<String, Chart> charts = new LinkedHashMap<>();
        Matcher tag = CHART_TAG.matcher(dom);
        while (tag.find()) {
            String text = tag.group();
            if (!text.contains("data-drawn=\"true\"")) {
                continue;
            }
            List<String> colours = List.of(attribute(text, "data-colors").split(","));
            int[] rect = Arrays.stream(attribute(text, "data-plot-rect").split(",")).mapToInt(Integer::parseInt).toArray();
            charts.put(tag.group(1), new Chart(tag.group(1), colours, rect));
        }
        Set<String> listed = new LinkedHashSet<>(List.of(attribute(startTag(dom, "report-status"), "data-charts").split(" ")));
        listed.remove("");
        assertThat(listed).as("charts the status lists as drawn").isEqualTo(charts.keySet());
        return charts;
    }

    private static String startTag(String dom, String id) {
        Matcher m = Pattern.compile("<[a-z]+ [^>]*id=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
        assertThat(m.find()).as("element #%s in the dumped DOM", id).isTrue();
        return m.group();
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(" " + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : "";
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = HtmlReportBrowserTest.class.getResourceAsStream("/report/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
