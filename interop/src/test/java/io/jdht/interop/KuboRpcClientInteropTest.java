package io.jdht.interop;

import static io.jdht.interop.Interop.b64;
import static io.jdht.interop.Interop.texts;
import static io.jdht.interop.Interop.unb64;
import static io.jdht.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.repo.Repo;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.kad.record.IpnsValidator;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import io.jdht.node.DhtKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's RPC API as the JavaScript world uses it: kubo-rpc-client 7.1.0, run in Node by
 * interop/js/kubo-client.mjs, against daemon A of three jdht daemons on 127.0.0.1 (B dialled A, C
 * dialled B). Every routing command, id and swarm go through the client, which maps Kubo's JSON
 * events to its own; a {@code TypeError} from it (a null {@code Addrs}, an {@code ID} that is not a
 * peer id) fails the run. The data the lookups look for also goes in through the client, on B and C.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class KuboRpcClientInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    // static: JUnit fills an instance field only after @BeforeAll has run
    @TempDir
    static Path dir;
    private final List<Daemon> daemons = new ArrayList<>();
    private Daemon a;
    private Daemon b;
    private Daemon c;
    private KuboClient clientA;
    private KuboClient clientB;
    private KuboClient clientC;

    @BeforeAll
    void start() throws Exception {
        a = startDaemon("a");
        b = startDaemon("b");
        c = startDaemon("c");
        // Node.connect completes once the other side is in the routing table
        b.node().connect(a.node().addresses().getFirst()).get(60, TimeUnit.SECONDS);
        c.node().connect(b.node().addresses().getFirst()).get(60, TimeUnit.SECONDS);
        awaitTable(a, List.of(b));
        awaitTable(b, List.of(a, c));
        awaitTable(c, List.of(b));
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        clientA = KuboClient.of(a, scratch);
        clientB = KuboClient.of(b, scratch);
        clientC = KuboClient.of(c, scratch);
    }

    private Daemon startDaemon(String name) throws Exception {
        Repo repo = Repo.at(dir.resolve(name));
        repo.init(KeyType.ED25519, "test");
        Daemon d = Daemon.start(repo, DaemonOptions.fromConfig());
        daemons.add(d);
        return d;
    }

    private static void awaitTable(Daemon d, Collection<Daemon> others) {
        List<String> ids = others.stream().map(KuboRpcClientInteropTest::id).toList();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(d.node().routingTable().get(10, TimeUnit.SECONDS)).extracting(p -> p.id().toString()).containsAll(ids));
    }

    @AfterAll
    void stop() {
        for (Daemon d : daemons.reversed()) {
            d.close();
        }
    }

    private static String id(Daemon d) {
        return d.node().peerId().toString();
    }

    private static String listenAddr(Daemon d) {
        return d.node().host().listenAddresses().getFirst().toString();
    }

    private static List<String> peerIds(List<JsonNode> peers) {
        return peers.stream().map(p -> p.path("id").asText()).toList();
    }

    /** Stores {@code data} as a raw block through the daemon's API; its CID. */
    private static String blockPut(KuboClient client, byte[] data) throws Exception {
        return client.run("blockPut", b64(data)).single().get("cid").asText();
    }

    private static String randomPeer() {
        return PeerId.fromPublicKey(Ed25519PrivateKey.generate(RANDOM).publicKey()).toString();
    }

    // ------------------------------------------------------------ id and swarm

    @Test
    void idParsesWithPeerIdAndP2pAddresses() throws Exception {
        JsonNode id = clientA.run("id").single();
        assertThat(id.get("id").asText()).isEqualTo(id(a));
        assertThat(texts(id.get("addresses"))).isNotEmpty().allSatisfy(addr -> {
            assertThat(addr).endsWith("/p2p/" + id(a));
            assertThat(Multiaddr.parse(addr).toString()).isEqualTo(addr);
        }).contains(listenAddr(a) + "/p2p/" + id(a));
        assertThat(texts(id.get("protocols"))).contains("/ipfs/kad/1.0.0");
        assertThat(id.get("publicKey").asText()).isNotEmpty();
    }

    @Test
    void swarmConnectAndPeers() throws Exception {
        JsonNode connected = clientA.run("connect", c.node().addresses().getFirst().toString()).single();
        assertThat(texts(connected.get("strings"))).containsExactly("connect " + id(c) + " success");
        JsonNode peers = clientA.run("peers").single().get("peers");
        List<String> ids = new ArrayList<>();
        peers.forEach(p -> {
            ids.add(p.get("peer").asText());
            assertThat(Multiaddr.parse(p.get("addr").asText()).value("ip4")).contains("127.0.0.1");
        });
        assertThat(ids).contains(id(b), id(c));
    }

    // ------------------------------------------------------------ findPeer and query

    @Test
    void findPeerYieldsTheFinalPeerWithAddresses() throws Exception {
        List<JsonNode> finals = clientA.run("findPeer", id(b)).named("FINAL_PEER");
        assertThat(finals).isNotEmpty();
        JsonNode found = finals.getLast().get("peer");
        assertThat(found.get("id").asText()).isEqualTo(id(b));
        assertThat(texts(found.get("multiaddrs"))).contains(listenAddr(b));
    }

    @Test
    void findPeerOfAnUnknownPeerYieldsQueryErrors() throws Exception {
        KuboClient.Run run = clientA.run("findPeer", randomPeer());
        assertThat(run.named("QUERY_ERROR")).as("%s", run).isNotEmpty();
        assertThat(run.named("FINAL_PEER")).as("%s", run).isEmpty();
    }

    @Test
    void queryHearsFromBAndBNamesItself() throws Exception {
        KuboClient.Run run = clientA.run("query", id(b));
        List<JsonNode> fromB = run.named("PEER_RESPONSE").stream().filter(e -> e.path("from").asText().equals(id(b))).toList();
        assertThat(fromB).as("%s", run).isNotEmpty();
        // a FIND_NODE for a server's own key is answered with the server itself first
        assertThat(fromB).anySatisfy(e -> assertThat(e.get("closer")).anySatisfy(p -> {
            assertThat(p.get("id").asText()).isEqualTo(id(b));
            assertThat(texts(p.get("multiaddrs"))).contains(listenAddr(b));
        }));
        assertThat(peerIds(run.named("FINAL_PEER").stream().map(e -> e.get("peer")).toList())).contains(id(b));
    }

    // ------------------------------------------------------------ providers

    @Test
    void findProvsYieldsBothProviders() throws Exception {
        byte[] block = utf8("provided by B and C " + UUID.randomUUID());
        String cid = blockPut(clientB, block);
        assertThat(blockPut(clientC, block)).isEqualTo(cid);
        assertThat(clientB.run("provide", cid).ok()).isEmpty();
        assertThat(clientC.run("provide", cid).ok()).isEmpty();

        KuboClient.Run run = clientA.run("findProvs", cid);
        List<JsonNode> providers = new ArrayList<>();
        run.named("PROVIDER").forEach(e -> e.get("providers").forEach(providers::add));
        assertThat(peerIds(providers)).as("%s", run).contains(id(b), id(c));
        for (JsonNode p : providers) {
            Daemon d = p.get("id").asText().equals(id(b)) ? b : c;
            assertThat(texts(p.get("multiaddrs"))).contains(listenAddr(d));
        }
    }

    @Test
    void provideOfAMissingBlockRejects() throws Exception {
        Cid missing = Cid.v1(Multicodec.RAW, Multihash.sha2_256(utf8("never stored " + UUID.randomUUID())));
        KuboClient.Run run = clientA.run("provide", missing.toString());
        assertThat(run.threw()).as("%s", run).isTrue();
        assertThat(run.end().get("threw").asText()).isEqualTo("HTTPError");
        assertThat(run.end().get("message").asText()).contains("not found locally");
    }

    // ------------------------------------------------------------ records

    @Test
    void getYieldsAValuePutThroughAnotherDaemon() throws Exception {
        PkRecord record = PkRecord.fresh(); // a daemon stores values only under /pk/ and /ipns/, as Kubo
        String key = record.key();
        byte[] value = record.value();
        KuboClient.Run put = clientC.run("put", key, b64(value));
        assertThat(put.named("VALUE")).as("%s", put).hasSize(1);

        KuboClient.Run get = clientA.run("get", key);
        assertThat(get.named("VALUE")).as("%s", get).hasSize(1)
                .allSatisfy(e -> assertThat(e.get("value").asText()).isEqualTo(b64(value)));
        assertThat(get.named("QUERY_ERROR")).isEmpty();
    }

    /**
     * B publishes its IPNS name through its API; A reads the record (signed by B, naming the path)
     * and puts the same bytes again, which C then reads back unchanged.
     */
    @Test
    void getAndPutOfAnIpnsRecordPublishedOnB() throws Exception {
        String cid = blockPut(clientB, utf8("IPNS target " + UUID.randomUUID()));
        JsonNode published = clientB.run("publish", "/ipfs/" + cid).single();
        assertThat(published.get("value").asText()).isEqualTo("/ipfs/" + cid);
        String key = "/ipns/" + published.get("name").asText();
        byte[] routingKey = DhtKeys.parse(key);
        assertThat(routingKey).isEqualTo(IpnsRecord.routingKey(b.node().peerId()));

        KuboClient.Run get = clientA.run("get", key);
        List<JsonNode> values = get.named("VALUE");
        assertThat(values).as("%s", get).hasSize(1);
        byte[] record = unb64(values.getFirst().get("value"));
        new IpnsValidator().validate(routingKey, record, Instant.now());
        assertThat(IpnsRecord.parse(record).value()).isEqualTo(utf8("/ipfs/" + cid));

        KuboClient.Run put = clientA.run("put", key, b64(record));
        assertThat(put.named("VALUE")).as("%s", put).hasSize(1);
        KuboClient.Run again = clientC.run("get", key);
        assertThat(again.named("VALUE")).as("%s", again).singleElement()
                .satisfies(e -> assertThat(e.get("value").asText()).isEqualTo(b64(record)));
    }

    @Test
    void getOfAnUnknownKeyYieldsAQueryError() throws Exception {
        KuboClient.Run run = clientA.run("get", "/test/never-put-" + UUID.randomUUID());
        assertThat(run.named("QUERY_ERROR")).as("%s", run).isNotEmpty();
        assertThat(run.named("VALUE")).as("%s", run).isEmpty();
    }
}
