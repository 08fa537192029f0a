package io.jdht.sim.report;

import static io.jdht.sim.report.HtmlReportBrowserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page as text: self-contained, the runs embedded intact and inert, the licence carried along. */
class HtmlReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void thePageLoadsNothingFromOutside() throws Exception {
        Path page = dir.resolve("nested/report.html");
        HtmlReport.write(fixture("run.json"), Optional.of(fixture("compare.json")), page);
        String html = Files.readString(page, StandardCharsets.UTF_8);

        assertThat(html).startsWith("<!DOCTYPE html>");
        // No external script, stylesheet, image or frame: every resource is inline.
        assertThat(Pattern.compile("\\s(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("<link").doesNotContain("@import");
        // uPlot itself is inside, and its MIT notice with it.
        assertThat(html).contains("var uPlot=").contains("uPlot 1.6.30").contains("The MIT License (MIT)")
                .contains("Copyright (c) 2022 Leon Sorokin");
    }

    @Test
    void bothRunsAreEmbeddedAsTheSameJson() throws Exception {
        JsonNode run = fixture("run.json");
        JsonNode other = fixture("compare.json");
        String html = HtmlReport.render(run, other);

        assertThat(embedded(html, "jdht-run")).isEqualTo(run);
        assertThat(embedded(html, "jdht-compare")).isEqualTo(other);
        assertThat(HtmlReport.render(run, null)).doesNotContain("id=\"jdht-compare\"");
    }

    @Test
    void textInTheRunCannotCloseItsElementOrOpenAComment() throws Exception {
        JsonNode run = fixture("degenerate.json");
        String html = HtmlReport.render(run, null);

        assertThat(html).doesNotContain("</script><script>document").doesNotContain("<!--");
        assertThat(embedded(html, "jdht-run")).isEqualTo(run);
        // In the table it is escaped text.
        assertThat(html).contains("&lt;/script&gt;&lt;script&gt;document");
    }

    @Test
    void inlinedCodeCannotEndItsElement() {
        assertThat(HtmlReport.inlineScript("var s = \"</SCRIPT>\";")).isEqualTo("var s = \"<\\/SCRIPT>\";");
        assertThatThrownBy(() -> HtmlReport.inlineStyle("a { content: \"</style>\" }"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tablesShowEveryOperationBothRunsAndDashesForAbsentFigures() throws Exception {
        String html = HtmlReport.render(fixture("degenerate.json"), fixture("run.json"));

        assertThat(SummaryTables.operationNames(fixture("degenerate.json"), fixture("run.json")))
                .containsExactly("findPeer", "provide", "findProvs", "get", "walk");
        assertThat(html).contains("<td class=\"name\">walk (this run)</td><td>0</td><td>–</td>")
                .contains("<tr class=\"other\"><td class=\"name\">provide (other run)</td><td>200</td><td>93.0 %</td>")
                .contains("<td class=\"name\">peakHeapBytes</td><td>–</td><td>1536.0 MiB</td>");
    }

    private static JsonNode embedded(String html, String id) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("element %s", id).isTrue();
        return JSON.readTree(m.group(1));
    }
}
