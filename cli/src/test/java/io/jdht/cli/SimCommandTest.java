package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdht sim}: the simulator from the command line, its JSON, its report and its argument errors. */
@Timeout(300)
class SimCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ConsoleCapture console;

    @BeforeEach
    void capture() {
        console = ConsoleCapture.start();
    }

    @AfterEach
    void restore() {
        console.close();
    }

    @Test
    void jsonHasAnOperationsMapAndTheSameSeedGivesTheSameRun(@TempDir Path dir) throws Exception {
        assertThat(console.run("sim", "--nodes", "150", "--ops", "4", "--seed", "9", "--json")).as(console.stderr()).isZero();
        JsonNode first = JSON.readTree(console.stdout());
        JsonNode ops = first.get("operations");
        for (String op : new String[] {"findPeer", "provide", "findProvs", "put", "get", "query"}) {
            assertThat(ops.has(op)).as(op).isTrue();
            assertThat(ops.get(op).get("successRate").asDouble()).as(op).isBetween(0.0, 1.0);
            assertThat(ops.get(op).has("roundsP50")).isTrue();
            assertThat(ops.get(op).has("latencyMsP50")).isTrue();
        }
        assertThat(ops.get("provide").get("count").asInt()).isEqualTo(4);
        assertThat(first.get("config").get("nodes").asInt()).isEqualTo(150);
        assertThat(first.get("run").get("events").asLong()).isPositive();

        Path other = dir.resolve("first.json");
        Files.writeString(other, console.stdout());
        Path report = dir.resolve("run.html");
        console.close();
        console = ConsoleCapture.start();
        assertThat(console.run("sim", "--nodes", "150", "--ops", "4", "--seed", "9", "--json", "--report", report.toString(),
                "--compare", other.toString())).as(console.stderr()).isZero();
        JsonNode second = JSON.readTree(console.stdout());
        assertThat(second.get("run").get("digest")).isEqualTo(first.get("run").get("digest"));
        assertThat(second.get("operations")).isEqualTo(first.get("operations"));
        assertThat(Files.readString(report)).contains("<html").contains("uPlot");
    }

    @Test
    void theTableNamesEveryOperation() {
        assertThat(console.run("sim", "--nodes", "100", "--ops", "2", "--undialable", "0.2")).as(console.stderr()).isZero();
        assertThat(console.stdout()).contains("findPeer", "provide", "findProvs", "put", "get", "query", "events", "peak heap");
    }

    @Test
    void badArgumentsSayWhichAndWhy() {
        assertThat(console.run("sim", "--nodes", "3")).isEqualTo(2);
        assertThat(console.stderr()).contains("--nodes must be between 10");
        console.close();
        console = ConsoleCapture.start();
        assertThat(console.run("sim", "--provide", "fast")).isEqualTo(2);
        assertThat(console.stderr()).contains("--provide must be 'classic' or 'optimistic'");
        console.close();
        console = ConsoleCapture.start();
        assertThat(console.run("sim", "--compare", "/nonexistent/run.json")).isEqualTo(2);
        assertThat(console.stderr()).contains("--compare: no such file");
    }
}
