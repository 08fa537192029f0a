package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.crypto.KeyType;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands a user types against running daemons: found through each repo's api file, with the
 * same output as the short-lived mode. Three daemons on loopback: B and C joined through A.
 */
@Timeout(120)
class DaemonCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static final List<Daemon> daemons = new ArrayList<>();
    private static final List<Repo> repos = new ArrayList<>();
    private ConsoleCapture console;

    @BeforeAll
    static void network() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            Repo r = Repo.at(dir.resolve(name));
            r.init(KeyType.ED25519, "test");
            DaemonOptions o = DaemonOptions.fromConfig().withRouting(RoutingType.DHTSERVER);
            if (!daemons.isEmpty()) {
                o = o.withBootstrap(List.of(daemons.getFirst().node().addresses().getFirst()));
            }
            daemons.add(Daemon.start(r, o));
            repos.add(r);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                daemons.stream().allMatch(d -> d.node().routingTable().join().size() == 2));
    }

    @AfterAll
    static void stop() {
        daemons.forEach(Daemon::close);
    }

    @BeforeEach
    void capture() {
        console = ConsoleCapture.start();
    }

    @AfterEach
    void restore() {
        console.close();
    }

    private int on(int node, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--repo";
        all[args.length + 1] = repos.get(node).dir().toString();
        return console.run(all);
    }

    private String id(int node) {
        return daemons.get(node).node().peerId().toString();
    }

    @Test
    void idAsksTheDaemon() throws Exception {
        assertThat(on(0, "id", "--json")).isZero();
        var answer = JSON.readTree(console.stdout());
        assertThat(answer.path("ID").asText()).isEqualTo(id(0));
        assertThat(answer.path("Addresses").get(0).asText()).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + id(0));
        assertThat(on(0, "id")).isZero();
        assertThat(console.stdout()).contains("Address:       /ip4/127.0.0.1/");
    }

    @Test
    void putThroughOneDaemonGetThroughAnother() throws Exception {
        PkRecord record = PkRecord.fresh(); // a daemon stores values only under /pk/ and /ipns/, as Kubo
        Path value = dir.resolve("value.bin");
        Files.write(value, record.value());
        assertThat(on(0, "dht", "put", "/demo/greeting", value.toString())).isEqualTo(1);
        assertThat(console.stderr()).contains("put \"/demo/greeting\": refused: namespace 'demo' is not registered;"
                + " namespaced records are accepted only under [/ipns/, /pk/]");
        assertThat(on(0, "dht", "put", record.key(), value.toString())).isZero();
        assertThat(console.stdout()).isIn("stored " + record.key() + " at 1 peers\n", "stored " + record.key() + " at 2 peers\n");
        assertThat(on(1, "dht", "get", record.key())).isZero();
        assertThat(console.stdoutBytes()).isEqualTo(record.value());
        assertThat(on(2, "dht", "get", "--json", "-v", record.key())).isZero();
        assertThat(JSON.readTree(console.stdout()).path("key").asText()).isEqualTo(record.key());
        assertThat(console.stderr()).contains("SendingQuery ");
        assertThat(on(2, "dht", "get", "/test/never-put")).isEqualTo(1);
        assertThat(console.stderr()).contains("jdht: get /test/never-put: routing: not found");
    }

    @Test
    void provideFindprovsFindpeerQuery() throws Exception {
        Path block = dir.resolve("block.txt");
        Files.writeString(block, "provided through the daemon\n");
        assertThat(on(1, "dht", "provide", "--json", "--block", block.toString())).isZero();
        var provided = JSON.readTree(console.stdout());
        String cid = provided.path("cid").asText();
        assertThat(cid).startsWith("bafkrei");
        assertThat(provided.path("peers").asInt()).isBetween(1, 2);
        assertThat(on(0, "dht", "findprovs", cid)).isZero();
        assertThat(console.stdout().lines()).contains(id(1));
        assertThat(on(0, "dht", "findpeer", id(2))).isZero();
        assertThat(console.stdout().lines().toList()).first().isEqualTo(id(2));
        assertThat(console.stdout()).contains("/ip4/127.0.0.1/tcp/");
        assertThat(on(0, "dht", "query", id(1))).isZero();
        assertThat(console.stdout().lines()).contains(id(1));
    }

    @Test
    void optimisticProvideAndPutThroughTheDaemon() throws Exception {
        Path block = dir.resolve("optimistic.txt");
        Files.writeString(block, "provided optimistically\n");
        // the daemon has too few lookups behind it for a size estimate: the classic way is taken, and works
        assertThat(on(1, "dht", "provide", "--optimistic", "--json", "--block", block.toString())).as(console.stderr()).isZero();
        String cid = JSON.readTree(console.stdout()).path("cid").asText();
        assertThat(on(0, "dht", "findprovs", cid)).isZero();
        assertThat(console.stdout().lines()).contains(id(1));
        PkRecord record = PkRecord.fresh();
        Path value = dir.resolve("optimistic.bin");
        Files.write(value, record.value());
        assertThat(on(0, "dht", "put", "--optimistic", record.key(), value.toString())).as(console.stderr()).isZero();
        assertThat(on(2, "dht", "get", record.key())).isZero();
        assertThat(console.stdoutBytes()).isEqualTo(record.value());
    }

    @Test
    void swarmBlockAndName() throws Exception {
        assertThat(on(1, "swarm", "peers")).isZero();
        assertThat(console.stdout().lines()).anyMatch(l -> l.endsWith("/p2p/" + id(0)));
        Path data = dir.resolve("raw.bin");
        Files.write(data, new byte[] {1, 2, 3, 4});
        assertThat(on(0, "block", "put", data.toString())).isZero();
        String cid = console.stdout().trim();
        assertThat(cid).startsWith("bafkrei");
        assertThat(on(0, "block", "get", cid)).isZero();
        assertThat(console.stdoutBytes()).containsExactly(1, 2, 3, 4);
        assertThat(on(0, "block", "stat", cid)).isZero();
        assertThat(console.stdout()).isEqualTo("Key: " + cid + "\nSize: 4\n");
        assertThat(on(0, "name", "publish", "/ipfs/" + cid)).isZero();
        assertThat(console.stdout()).startsWith("Published to k51").endsWith(": /ipfs/" + cid + "\n");
        String name = console.stdout().substring("Published to ".length(), console.stdout().indexOf(':'));
        assertThat(on(2, "name", "resolve", name)).isZero();
        assertThat(console.stdout()).isEqualTo("/ipfs/" + cid + "\n");
        assertThat(on(0, "block", "rm", cid)).isZero();
        assertThat(console.stdout()).isEqualTo("removed " + cid + "\n");
        assertThat(on(0, "block", "stat", cid)).isEqualTo(1);
        assertThat(console.stderr()).contains("could not find " + cid);
    }

    @Test
    void aRepoWithoutADaemonSaysSo() {
        Path empty = dir.resolve("nobody");
        assertThat(console.run("swarm", "peers", "--repo", empty.toString())).isEqualTo(1);
        assertThat(console.stderr()).contains("no daemon is running on " + empty);
    }
}
