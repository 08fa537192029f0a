package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multihash;
import io.jdht.node.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdht dht} against a real four-node network in this process: what each operation prints,
 * that what the CLI stores the nodes can read (and the reverse), and the exit codes.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DhtCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Node> nodes = new ArrayList<>();
    private ConsoleCapture console;

    @TempDir
    Path dir;

    @BeforeAll
    void startNetwork() {
        for (int i = 0; i < 4; i++) {
            Node node = Node.builder().listen("/ip4/127.0.0.1/tcp/0").build();
            nodes.add(node);
            node.start().join();
            // a chain plus one shortcut: the CLI, joining at node 0, must hop to reach node 3
            if (i > 0) {
                node.connect(nodes.get(i - 1).addresses().getFirst()).join();
            }
        }
        nodes.get(3).connect(nodes.get(1).addresses().getFirst()).join();
    }

    @AfterAll
    void stopNetwork() {
        nodes.forEach(Node::close);
    }

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

    private String stdout() {
        return console.stdout();
    }

    private String stderr() {
        return console.stderr();
    }

    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private String bootstrap() {
        return nodes.getFirst().addresses().getFirst().toString();
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        PkRecord record = PkRecord.fresh(); // binary bytes, under a key every node validates
        byte[] value = record.value();
        Path valueFile = file("value.bin", value);
        assertThat(run("dht", "put", "--bootstrap", bootstrap(), "--json", record.key(), valueFile.toString()))
                .as(stderr()).isZero();
        JsonNode put = JSON.readTree(stdout());
        assertThat(put.get("key").asText()).isEqualTo(record.key());
        assertThat(put.get("peers").asInt()).isBetween(1, nodes.size());

        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "--json", record.key())).as(stderr()).isZero();
        JsonNode got = JSON.readTree(stdout());
        assertThat(got.get("key").asText()).isEqualTo(record.key());
        assertThat(Base64.getDecoder().decode(got.get("value").asText())).isEqualTo(value);

        // text output is the value's bytes unchanged, not text
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), record.key())).isZero();
        assertThat(console.stdoutBytes()).isEqualTo(value);

        // and the network itself holds it: a node that never talked to the CLI reads it
        assertThat(nodes.get(3).dht().get(record.keyBytes()).join()).isEqualTo(value);
    }

    @Test
    void aKeyWithoutARegisteredNamespaceIsRefusedSayingWhichAndWhy() throws Exception {
        Path valueFile = file("v", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(run("dht", "put", "--bootstrap", bootstrap(), "/cli-test/a", valueFile.toString())).isEqualTo(1);
        assertThat(stderr()).contains("put \"/cli-test/a\": refused: namespace 'cli-test' is not registered;"
                + " namespaced records are accepted only under [/ipns/, /pk/]");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void base64KeysAreShownAsGiven() throws Exception {
        PkRecord record = PkRecord.fresh();
        String key = Base64.getEncoder().encodeToString(record.keyBytes());
        Path valueFile = file("v", record.value());
        assertThat(run("dht", "put", "--bootstrap", bootstrap(), "--json", "--key-base64", key, valueFile.toString()))
                .as(stderr()).isZero();
        assertThat(JSON.readTree(stdout()).get("key").asText()).isEqualTo(key);
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "--json", "--key-base64", key)).isZero();
        assertThat(JSON.readTree(stdout()).get("value").asText()).isEqualTo(Base64.getEncoder().encodeToString(record.value()));
    }

    @Test
    void provideAnnouncesEachBlockToTheNetwork() throws Exception {
        Path a = file("a", "block a".getBytes(StandardCharsets.UTF_8));
        Path b = file("b", "block b".getBytes(StandardCharsets.UTF_8));
        assertThat(run("dht", "provide", "--bootstrap", bootstrap(), "--json", "--block", a.toString(), "--block", b.toString()))
                .as(stderr()).isZero();
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(2);
        Cid expected = nodes.get(2).blocks().put("block a".getBytes(StandardCharsets.UTF_8));
        assertThat(lines.get(0).get("cid").asText()).isEqualTo(expected.toString());
        for (JsonNode line : lines) {
            assertThat(line.get("peers").asInt()).isPositive();
            Cid cid = Cid.parse(line.get("cid").asText());
            assertThat(nodes.get(3).dht().findProvs(cid).join()).isNotEmpty();
        }
    }

    @Test
    void optimisticProvideAndPutFallBackToClassicOnAShortLivedNode() throws Exception {
        Path block = file("optimistic", "block o".getBytes(StandardCharsets.UTF_8));
        assertThat(run("dht", "provide", "--bootstrap", bootstrap(), "--optimistic", "--json", "--block", block.toString()))
                .as(stderr()).isZero();
        JsonNode provided = JSON.readTree(stdout());
        assertThat(provided.get("peers").asInt()).isPositive();
        assertThat(nodes.get(3).dht().findProvs(Cid.parse(provided.get("cid").asText())).join()).isNotEmpty();

        PkRecord record = PkRecord.fresh();
        Path valueFile = file("optimistic.bin", record.value());
        assertThat(run("dht", "put", "--bootstrap", bootstrap(), "--optimistic", record.key(), valueFile.toString()))
                .as(stderr()).isZero();
        assertThat(nodes.get(3).dht().get(record.keyBytes()).join()).isEqualTo(record.value());
    }

    @Test
    void aProvideThatNoPeerKeptExitsOneAndSaysSo() throws Exception {
        // a node whose provider store is full with one key of its own, for which no one gives way
        InMemoryProviderStore full = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20,
                new StoreLimits(1, 1 << 20, 1, 1 << 20));
        try (Node refusing = Node.builder().listen("/ip4/127.0.0.1/tcp/0").providerStore(full).build()) {
            full.add(Multihash.sha2_256("its own".getBytes(StandardCharsets.UTF_8)).toBytes(), new ProviderRecord(
                    refusing.peerId(), nodes.getFirst().addresses(), Instant.now()));
            refusing.start().join();
            Path a = file("dropped", "a block nobody keeps".getBytes(StandardCharsets.UTF_8));
            assertThat(run("dht", "provide", "--bootstrap", refusing.addresses().getFirst().toString(), "--block",
                    a.toString())).isEqualTo(1);
            assertThat(stdout()).matches("provided bafkrei\\w+ to 0 peers\\n");
            assertThat(stderr()).contains("no peer kept the provider record for bafkrei")
                    .contains("asked back, did not name this node");
        }
    }

    @Test
    void findprovsFindsANodesBlock() throws Exception {
        Node provider = nodes.get(3);
        Cid cid = provider.blocks().put("provided by node 3".getBytes(StandardCharsets.UTF_8));
        provider.dht().provide(cid).join();
        assertThat(run("dht", "findprovs", "--bootstrap", bootstrap(), "--json", "-n", "1", cid.toString()))
                .as(stderr()).isZero();
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().get("id").asText()).isEqualTo(provider.peerId().toString());
        assertThat(lines.getFirst().get("addrs").isArray()).isTrue();

        assertThat(run("dht", "findprovs", "--bootstrap", bootstrap(), cid.toString())).isZero();
        assertThat(stdout().strip()).isEqualTo(provider.peerId().toString());
    }

    @Test
    void findpeerPrintsTheAddresses() throws Exception {
        Node target = nodes.get(3);
        String listen = target.host().listenAddresses().getFirst().toString();
        assertThat(run("dht", "findpeer", "--bootstrap", bootstrap(), "--json", target.peerId().toString()))
                .as(stderr()).isZero();
        JsonNode found = JSON.readTree(stdout());
        assertThat(found.get("id").asText()).isEqualTo(target.peerId().toString());
        assertThat(found.get("addrs").toString()).contains(listen);

        assertThat(run("dht", "findpeer", "--bootstrap", bootstrap(), target.peerId().toString())).isZero();
        List<String> text = stdout().strip().lines().toList();
        assertThat(text.getFirst()).isEqualTo(target.peerId().toString());
        assertThat(text.subList(1, text.size())).contains(listen);
    }

    @Test
    void queryPrintsTheClosestPeers() throws Exception {
        Set<String> ids = nodes.stream().map(n -> n.peerId().toString()).collect(Collectors.toSet());
        assertThat(run("dht", "query", "--bootstrap", bootstrap(), "--json", nodes.get(2).peerId().toString()))
                .as(stderr()).isZero();
        List<JsonNode> lines = jsonLines();
        assertThat(lines).isNotEmpty();
        for (JsonNode line : lines) {
            assertThat(ids).contains(line.get("id").asText());
            assertThat(line.get("addrs").size()).isPositive();
        }
    }

    @Test
    void verbosePrintsQueryEventsOnStderr() throws Exception {
        assertThat(run("dht", "query", "-v", "--bootstrap", bootstrap(), nodes.get(3).peerId().toString()))
                .as(stderr()).isZero();
        assertThat(stderr()).contains("Joined through 1 of 1 bootstrap peers")
                .contains("SendingQuery " + nodes.getFirst().peerId())
                .contains("PeerResponse from ").contains(" closer=");
        // stdout stays the result alone
        assertThat(stdout().strip().lines()).allSatisfy(line -> PeerId.parse(line));
    }

    @Test
    void aMissingKeyExitsOne() {
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "--timeout", "2s", "/cli-test/never-stored")).isEqualTo(1);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).startsWith("jdht: ");
        assertThat(stderr().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void anUnreachableBootstrapPeerExitsOneWithOneLine() {
        // nothing listens on port 1
        String nobody = "/ip4/127.0.0.1/tcp/1/p2p/" + nodes.get(1).peerId();
        assertThat(run("dht", "query", "--bootstrap", nobody, nodes.get(2).peerId().toString())).isEqualTo(1);
        assertThat(stderr()).startsWith("jdht: could not join the DHT").contains("--bootstrap");
        assertThat(stderr().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void usageErrorsExitTwoAndNameTheArgument() throws Exception {
        String peer = nodes.get(1).peerId().toString();
        // without --bootstrap the command needs a daemon; none runs on an empty repo
        assertThat(run("dht", "findpeer", "--repo", dir.resolve("no-repo").toString(), peer)).isEqualTo(1);
        assertThat(stderr()).contains("no daemon is running on").contains("--bootstrap");
        assertThat(run("dht", "findpeer", "--bootstrap", "/ip4/127.0.0.1/tcp/4001", peer)).isEqualTo(2);
        assertThat(stderr()).contains("--bootstrap").contains("/p2p/");
        assertThat(run("dht", "findpeer", "--bootstrap", "nonsense", peer)).isEqualTo(2);
        assertThat(stderr()).contains("--bootstrap").contains("not a valid multiaddr");
        assertThat(run("dht", "findpeer", "--bootstrap", bootstrap(), "12D3-not-a-peer")).isEqualTo(2);
        assertThat(stderr()).contains("<peer-id>").contains("12D3-not-a-peer");
        assertThat(run("dht", "query", "--bootstrap", bootstrap(), "Qmnope")).isEqualTo(2);
        assertThat(stderr()).contains("<peer-id>");
        assertThat(run("dht", "findprovs", "--bootstrap", bootstrap(), "--num-providers", "0",
                "bafkreihhpqxoev5vxaytygnjohzvs4zwep7zxxoozgvfh6h7ewooeucske")).isEqualTo(2);
        assertThat(stderr()).contains("--num-providers").contains("number of providers must be greater than 0");
        assertThat(run("dht", "findprovs", "--bootstrap", bootstrap(), "not-a-cid")).isEqualTo(2);
        assertThat(stderr()).contains("<cid>").contains("not-a-cid");
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "/ipns/not-a-peer")).isEqualTo(2);
        assertThat(stderr()).contains("<key>");
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "--key-base64", "!!!")).isEqualTo(2);
        assertThat(stderr()).contains("<key>").contains("base64");
        assertThat(run("dht", "put", "--bootstrap", bootstrap(), "/k", dir.resolve("absent").toString())).isEqualTo(2);
        assertThat(stderr()).contains("<value-file>");
        assertThat(run("dht", "provide", "--bootstrap", bootstrap())).isEqualTo(2);
        assertThat(stderr()).contains("--block");
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "--timeout", "later", "/k")).isEqualTo(2);
        assertThat(stderr()).contains("not a duration");
        assertThat(run("dht", "get", "--bootstrap", bootstrap(), "--listen", "bad", "/k")).isEqualTo(2);
        assertThat(stderr()).contains("--listen");
        assertThat(run("dht")).isEqualTo(2);
        assertThat(stderr()).contains("subcommand");
    }
}
