package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jdht devnet}: a whole network in one command, every operation reported. */
@Timeout(120)
class DevnetCommandTest {
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

    private int run(String... args) {
        return console.run(args);
    }

    @Test
    void sixOperationsSucceedOnSixNodes() throws Exception {
        assertThat(run("devnet", "--nodes", "6", "--json", "--seed", "11")).as(console.stderr()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : console.stdout().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        JsonNode setup = lines.getFirst();
        assertThat(setup.get("nodes").asInt()).isEqualTo(6);
        assertThat(setup.get("seed").asLong()).isEqualTo(11);
        assertThat(setup.get("setupMs").asDouble()).isPositive();
        List<JsonNode> ops = lines.subList(1, lines.size());
        assertThat(ops).extracting(n -> n.get("op").asText())
                .containsExactlyInAnyOrder("put", "get", "provide", "findprovs", "findpeer", "query");
        for (JsonNode op : ops) {
            assertThat(op.get("ok").asBoolean()).as(op.toString()).isTrue();
            assertThat(op.get("ms").asDouble()).isPositive();
            assertThat(op.get("peers").asInt()).isBetween(0, 5);
            assertThat(op.get("detail").asText()).isNotBlank();
        }
        // a lookup over five other nodes asks at least one of them
        assertThat(ops).filteredOn(n -> n.get("op").asText().equals("query"))
                .allSatisfy(n -> assertThat(n.get("peers").asInt()).isPositive());
    }

    @Test
    void textOutputIsATable() {
        assertThat(run("devnet", "--nodes", "3")).isZero();
        String text = console.stdout();
        assertThat(text).startsWith("devnet: 3 nodes on 127.0.0.1, set up in ")
                .contains("OPERATION").contains("PEERS").contains("TIME (ms)")
                .contains("6 of 6 operations succeeded");
        assertThat(text.lines().filter(l -> l.contains(" ok: "))).hasSize(6);
    }

    @Test
    void nodeCountOutOfRangeIsAUsageError() {
        assertThat(run("devnet", "--nodes", "1")).isEqualTo(2);
        assertThat(console.stderr()).contains("--nodes").contains("between 2 and 200");
        assertThat(run("devnet", "--nodes", "201")).isEqualTo(2);
        assertThat(run("devnet", "--seed", "abc")).isEqualTo(2);
        assertThat(console.stderr()).contains("--seed");
        // the usage error points at --help, so it has to work
        assertThat(run("devnet", "--help")).isZero();
        assertThat(console.stdout()).contains("--nodes");
    }
}
