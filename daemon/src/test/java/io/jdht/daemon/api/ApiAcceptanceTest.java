package io.jdht.daemon.api;

import static io.jdht.daemon.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.PkRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance cases 19 to 28 of the RPC API, over real HTTP against real daemons on 127.0.0.1.
 * Three daemons are shared by the class, joined as A ← B ← C (B connected to A, C to B); a case
 * that needs a daemon in another state starts its own.
 */
@Timeout(120)
class ApiAcceptanceTest extends DaemonNetworkTest {
    @TempDir
    static Path shared;

    static TestDaemons net;
    static ApiClient a;
    static ApiClient b;
    static ApiClient c;

    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void network() {
        net = new TestDaemons(shared);
        List<ApiClient> apis = chain(net, 3);
        a = apis.get(0);
        b = apis.get(1);
        c = apis.get(2);
    }

    @AfterAll
    static void stopNetwork() {
        net.close();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String randomPeerId() {
        return PeerId.fromPublicKey(Ed25519PrivateKey.generate(RANDOM).publicKey()).toString();
    }

    /** Every query event has Kubo's four fields, in sorted order. */
    static void assertQueryEvents(List<JsonNode> events) {
        for (JsonNode e : events) {
            assertThat(e.fieldNames()).toIterable().as("fields of %s", e).containsExactly("Extra", "ID", "Responses", "Type");
        }
    }

    // ------------------------------------------------------------ 19

    @Test
    void case19_postOnlyUnknownCommandsAndMissingArguments() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(a.baseUri() + "/api/v0/routing/findpeer?arg=" + b.peerId()))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
        }
        assertThat(a.post("/api/v0/routing/nosuchcommand").status()).isEqualTo(404);
        assertThat(a.post("/api/v0/nosuch").status()).isEqualTo(404);
        HttpAnswer missing = a.post("/api/v0/routing/findpeer");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorMessage()).isEqualTo("argument \"peerID\" is required");
        assertThat(missing.json().path("Code").asInt()).isEqualTo(1);
        assertThat(missing.json().path("Type").asText()).isEqualTo("error");
    }

    // ------------------------------------------------------------ 20

    @Test
    void case20_findpeerFindsAConnectedPeer() {
        String bid = b.peerId();
        for (String path : List.of("/api/v0/routing/findpeer", "/api/v0/dht/findpeer")) {
            HttpAnswer r = a.post(path + "?arg=" + bid);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            assertThat(r.header("content-type")).startsWith("application/json");
            List<JsonNode> events = r.lines();
            assertQueryEvents(events);
            List<JsonNode> found = Ndjson.ofType(events, 2);
            assertThat(found).as("%s", r).anySatisfy(e -> {
                JsonNode first = e.path("Responses").get(0);
                assertThat(first.path("ID").asText()).isEqualTo(bid);
                assertThat(first.path("Addrs").isArray()).isTrue();
                assertThat(first.path("Addrs")).isNotEmpty();
            });
            assertThat(r.streamError()).as("%s", r).isNull();
        }
    }

    /** A peer A has never been connected to, found through B. */
    @Test
    void case20_findpeerFindsAPeerThroughAnother() {
        String cid = c.peerId();
        HttpAnswer r = a.post("/api/v0/routing/findpeer?arg=" + cid);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> events = r.lines();
        assertQueryEvents(events);
        assertThat(Ndjson.ofType(events, 2)).as("%s", r).anySatisfy(e -> {
            assertThat(e.path("Responses").get(0).path("ID").asText()).isEqualTo(cid);
            assertThat(e.path("Responses").get(0).path("Addrs")).isNotEmpty();
        });
    }

    // ------------------------------------------------------------ 21

    @Test
    void case21_findpeerOfAnUnknownPeer() {
        HttpAnswer r = a.post("/api/v0/routing/findpeer?arg=Qmd7qZS4T7xXtsNFdRoK1trfMs5zU94EpokQ9WFtxdPxsZ");
        if (r.status() == 200) {
            List<JsonNode> events = r.lines();
            assertQueryEvents(events);
            assertThat(Ndjson.ofType(events, 3)).as("%s", r).isNotEmpty();
            assertThat(Ndjson.ofType(events, 2)).as("%s", r).isEmpty();
            assertThat(r.streamError()).as("%s", r).isNotBlank();
        } else {
            assertThat(r.status()).as("%s", r).isEqualTo(500);
            assertThat(r.errorMessage()).isNotBlank();
        }
    }

    @Test
    void case21_findpeerOfSelfIsRefused() {
        HttpAnswer r = a.post("/api/v0/routing/findpeer?arg=" + a.peerId());
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.errorMessage()).isEqualTo("finding your own node in the DHT is currently not supported");
    }

    // ------------------------------------------------------------ 22

    @Test
    void case22_findprovsFindsExactlyTheProviders() {
        byte[] content = randomBytes(64);
        String cid = b.blockPut(content);
        assertThat(c.blockPut(content)).isEqualTo(cid);
        assertThat(b.post("/api/v0/routing/provide?arg=" + cid).status()).isEqualTo(200);
        assertThat(c.post("/api/v0/routing/provide?arg=" + cid).status()).isEqualTo(200);

        HttpAnswer r = a.post("/api/v0/routing/findprovs?arg=" + cid + "&num-providers=20");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> events = r.lines();
        assertQueryEvents(events);
        List<JsonNode> providers = Ndjson.ofType(events, 4);
        List<String> ids = Ndjson.responseIds(providers);
        assertThat(ids).as("%s", r).containsExactlyInAnyOrder(b.peerId(), c.peerId());
        for (JsonNode e : events) {
            for (JsonNode info : e.path("Responses")) {
                assertThat(info.path("Addrs").isArray()).as("Addrs of %s", e).isTrue();
            }
        }
        assertThat(r.streamError()).as("%s", r).isNull();
    }

    /**
     * jdht's rule for every lookup that finds nothing (where Kubo's findprovs just ends): 200, the
     * lookup's events, a final QueryError without a peer, no Provider, and the error in the trailer,
     * so that clients that ignore trailers (kubo-rpc-client) still see why.
     */
    @Test
    void case22_findprovsOfContentNobodyProvidesEndsWithAQueryError() {
        String cid = a.add(randomBytes(64), "only-hash=true&cid-version=1");
        HttpAnswer r = a.post("/api/v0/routing/findprovs?arg=" + cid);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> events = r.lines();
        assertQueryEvents(events);
        assertThat(Ndjson.ofType(events, 4)).as("%s", r).isEmpty();
        assertThat(Ndjson.ofType(events, 1)).as("the lookup asked B: %s", r).isNotEmpty();
        JsonNode last = events.getLast();
        assertThat(last.path("Type").asInt()).as("%s", r).isEqualTo(3);
        assertThat(last.path("ID").asText()).isEmpty();
        assertThat(last.path("Extra").asText()).isEqualTo("routing: not found");
        assertThat(r.streamError()).as("%s", r).isEqualTo("routing: not found");
    }

    @Test
    void case22_zeroProvidersIsAnError() {
        String cid = b.blockPut(randomBytes(16));
        HttpAnswer r = a.post("/api/v0/routing/findprovs?arg=" + cid + "&num-providers=0");
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.errorMessage()).isEqualTo("number of providers must be greater than 0");
    }

    // ------------------------------------------------------------ 23

    @Test
    void case23_getOfAPresentKeyIsOneValueLine() {
        PkRecord record = PkRecord.fresh(); // a daemon stores values only under /pk/ and /ipns/, as Kubo
        String key = record.key();
        byte[] value = record.value();
        HttpAnswer put = b.post("/api/v0/routing/put?arg=" + enc(key), Multipart.of(value));
        assertThat(put.status()).as("%s", put).isEqualTo(200);

        HttpAnswer r = a.post("/api/v0/routing/get?arg=" + enc(key));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"Extra\":\"" + Base64.getEncoder().encodeToString(value)
                + "\",\"ID\":\"\",\"Responses\":null,\"Type\":5}\n");
        assertThat(r.streamError()).isNull();
    }

    @Test
    void case23_getOfAMissingKeyStreamsTheLookupAndFailsInTheTrailer() {
        HttpAnswer r = a.post("/api/v0/routing/get?arg=" + enc("/ipns/" + randomPeerId()));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> events = r.lines();
        assertQueryEvents(events);
        assertThat(Ndjson.ofType(events, 3)).as("%s", r).isNotEmpty();
        assertThat(Ndjson.ofType(events, 5)).as("%s", r).isEmpty();
        assertThat(Ndjson.ofType(events, 2)).as("%s", r).isEmpty();
        // the lookup's own progress comes along: A asked B
        assertThat(events).as("%s", r).anySatisfy(e ->
                assertThat(e.path("Type").asInt()).isIn(0, 1));
        assertThat(r.streamError()).as("%s", r).isNotBlank();
    }

    @Test
    void case23_getOfAMalformedKeyIs500InvalidKey() {
        HttpAnswer r = a.post("/api/v0/routing/get?arg=" + enc("/ipns/notapeer"));
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.errorMessage()).contains("invalid key");
    }

    // ------------------------------------------------------------ 24

    @Test
    void case24_putThenGetFromAnotherDaemon() {
        PkRecord record = PkRecord.fresh();
        String key = record.key();
        byte[] value = record.value();
        HttpAnswer put = a.post("/api/v0/routing/put?arg=" + enc(key), Multipart.of(value));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        List<JsonNode> lines = put.lines();
        assertQueryEvents(lines);
        assertThat(lines).as("%s", put).hasSize(1);
        assertThat(lines.getFirst().path("Type").asInt()).isEqualTo(5);
        // Kubo names the node that put the record, whatever the key
        assertThat(lines.getFirst().path("ID").asText()).isEqualTo(a.peerId());
        assertThat(lines.getFirst().path("Extra").asText()).isEmpty();

        List<JsonNode> got = c.lines("/api/v0/routing/get?arg=" + enc(key));
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().path("Extra").asText()).isEqualTo(Base64.getEncoder().encodeToString(value));
    }

    @Test
    void case24_verbosePutNamesEveryPeerThatTookTheRecord() {
        PkRecord record = PkRecord.fresh();
        HttpAnswer put = b.post("/api/v0/routing/put?verbose=true&arg=" + enc(record.key()), Multipart.of(record.value()));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        List<JsonNode> lines = put.lines();
        assertQueryEvents(lines);
        assertThat(lines.getLast().path("Type").asInt()).isEqualTo(5);
        List<JsonNode> took = lines.subList(0, lines.size() - 1);
        assertThat(took).as("%s", put).isNotEmpty().allSatisfy(e -> assertThat(e.path("Type").asInt()).isEqualTo(1));
        Set<String> peers = new HashSet<>();
        took.forEach(e -> assertThat(peers.add(e.path("ID").asText())).as("one line per peer: %s", put).isTrue());
        assertThat(peers).isSubsetOf(a.peerId(), c.peerId()).contains(a.peerId(), c.peerId());
    }

    @Test
    void case24_theOldFormWithTheValueAsSecondArgument() {
        // A daemon takes values only under /pk/ and /ipns/, and neither kind is text, which is all this
        // form can carry: the text reaches the IPNS validator and is refused as a record, which shows
        // that the second argument was read as the value.
        String key = "/ipns/" + a.peerId();
        HttpAnswer put = a.post("/api/v0/dht/put?arg=" + enc(key) + "&arg=hello-value");
        assertThat(put.status()).as("%s", put).isEqualTo(500);
        assertThat(put.errorMessage()).as("%s", put).contains("IPNS");
    }

    // ------------------------------------------------------------ 25

    @Test
    void case25_provideOfAMissingBlock() {
        String cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"; // never stored here
        HttpAnswer r = a.post("/api/v0/routing/provide?arg=" + cid);
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.errorMessage()).isEqualTo("block " + cid + " not found locally, cannot provide");
        assertThat(r.json().path("Type").asText()).isEqualTo("error");
    }

    @Test
    void case25_provideOfALocalBlockWithAConnectedPeer() {
        String cid = a.blockPut(randomBytes(32));
        HttpAnswer r = a.post("/api/v0/routing/provide?arg=" + cid);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.streamError()).isNull();
    }

    @Test
    void case25_provideWithNoConnectedPeers() {
        ApiClient alone = extra.start();
        String cid = alone.blockPut(randomBytes(32));
        HttpAnswer r = alone.post("/api/v0/routing/provide?arg=" + cid);
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.errorMessage()).contains("cannot provide, no connected peers");
    }

    // ------------------------------------------------------------ 26

    @Test
    void case26_queryStreamsTheResponsesAndTheClosestPeers() {
        String bid = b.peerId();
        HttpAnswer r = a.post("/api/v0/dht/query?arg=" + bid);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> events = r.lines();
        assertQueryEvents(events);
        assertThat(Ndjson.ofType(events, 1)).as("%s", r).anySatisfy(e -> {
            assertThat(e.path("ID").asText()).isEqualTo(bid);
            assertThat(Ndjson.responseIds(List.of(e))).contains(bid);
        });
        List<JsonNode> closest = Ndjson.ofType(events, 2);
        assertThat(closest).as("%s", r).isNotEmpty();
        assertThat(closest.stream().map(e -> e.path("ID").asText())).contains(bid, c.peerId()).doesNotContain(a.peerId());
        assertThat(r.streamError()).isNull();
    }

    @Test
    void case26_queryOfGarbageIs400() {
        HttpAnswer r = a.post("/api/v0/dht/query?arg=garbage");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"Message\":\"invalid peer ID\",\"Code\":1,\"Type\":\"error\"}\n");
    }

    // ------------------------------------------------------------ 27

    @Test
    void case27_aTinyTimeoutEndsTheLookup() {
        // content nobody has: the lookup would go on until its budget runs out
        String cid = a.add(randomBytes(64), "only-hash=true&cid-version=1");
        HttpAnswer r = a.post("/api/v0/routing/findprovs?arg=" + cid + "&timeout=1ms");
        if (r.status() == 200) {
            for (JsonNode e : Ndjson.ofType(r.lines(), 3)) {
                assertThat(e.path("Extra").asText()).contains("context deadline exceeded");
            }
            if (r.streamError() != null) {
                assertThat(r.streamError()).contains("context deadline exceeded");
            }
        } else {
            assertThat(r.status()).as("%s", r).isEqualTo(500);
            assertThat(r.errorMessage()).contains("context deadline exceeded");
        }
        assertThat(a.post("/api/v0/version").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------ 28

    @Test
    void case28_idShowsConcreteAddresses() {
        JsonNode id = a.json("/api/v0/id");
        assertThat(id.fieldNames()).toIterable().contains("ID", "PublicKey", "Addresses", "AgentVersion", "Protocols");
        String self = id.path("ID").asText();
        assertThat(self).isEqualTo(a.daemon().node().peerId().toString());
        assertThat(id.path("PublicKey").asText()).isNotEmpty();
        assertThat(id.path("AgentVersion").asText()).isNotEmpty();
        assertThat(id.path("Protocols")).isNotEmpty();
        assertThat(id.path("Protocols").toString()).contains("/ipfs/kad/1.0.0");
        assertThat(id.path("Addresses")).isNotEmpty().allSatisfy(addr -> {
            assertThat(addr.asText()).endsWith("/p2p/" + self).doesNotContain("0.0.0.0").startsWith("/ip4/127.0.0.1/tcp/");
        });
    }

    @Test
    void case28_swarmConnectAndPeers() {
        ApiClient x = extra.start();
        ApiClient y = extra.start();
        JsonNode before = x.json("/api/v0/swarm/peers");
        assertThat(before.path("Peers").isArray() || before.path("Peers").isNull()).as("%s", before).isTrue();
        assertThat(before.path("Peers")).isEmpty();

        JsonNode connected = x.json("/api/v0/swarm/connect?arg=" + enc(y.firstAddress()));
        assertThat(connected.toString()).isEqualTo("{\"Strings\":[\"connect " + y.peerId() + " success\"]}");

        JsonNode after = x.json("/api/v0/swarm/peers");
        assertThat(after.path("Peers")).hasSize(1);
        JsonNode p = after.path("Peers").get(0);
        assertThat(p.path("Peer").asText()).isEqualTo(y.peerId());
        assertThat(p.path("Addr").asText()).startsWith("/ip4/127.0.0.1/tcp/");
    }
}
