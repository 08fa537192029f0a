package io.jdht.interop;

import static io.jdht.interop.Interop.T;
import static io.jdht.interop.Interop.b64;
import static io.jdht.interop.Interop.texts;
import static io.jdht.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.bench.JsPeer;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import io.jdht.node.DhtMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jdht daemons, driven only through their RPC API (by kubo-rpc-client), in one DHT with js-libp2p
 * kad-dht servers. Four daemons and four js peers serve the DHT; each joined by dialling the two
 * that joined before it, so the network is the same every run. With eight servers and k = 20 every
 * lookup reaches every server, which makes the outcomes exact.
 *
 * <p>Two more nodes are DHT clients, in nobody's routing table and so never asked to store a
 * record or a provider: the daemon R and the js peer JC. Whatever they read came over the wire
 * from the servers, which is what makes each direction provable: a record a daemon put through its
 * API is read by JC, whose per-peer answers name the servers (daemons among them) that returned
 * it; a record a js peer put is read through R's API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class DaemonMixedNetworkInteropTest {
    private static final int JS_SERVERS = 4;
    private static final int DAEMON_SERVERS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    private final List<JsPeer> js = new ArrayList<>();
    private final List<Daemon> daemons = new ArrayList<>();
    /** Every server's peer id: the answer to any closest-peers question in a network smaller than k. */
    private final Set<String> servers = new HashSet<>();
    private Daemon reader;
    private JsPeer jsReader;
    private KuboClient readerApi;
    private final List<KuboClient> daemonApis = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(JS_SERVERS + 1)) {
            List<Future<JsPeer>> starting = new ArrayList<>();
            for (int i = 0; i < JS_SERVERS; i++) {
                starting.add(pool.submit(() -> JsPeer.start()));
            }
            Future<JsPeer> client = pool.submit(() -> JsPeer.start("--dht-client"));
            // keep every peer that started, so that @AfterAll stops it even if another failed
            Exception failed = null;
            for (Future<JsPeer> f : starting) {
                try {
                    js.add(f.get(90, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failed = e;
                }
            }
            jsReader = client.get(90, TimeUnit.SECONDS);
            if (failed != null) {
                throw failed;
            }
        }
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        for (int i = 0; i < DAEMON_SERVERS; i++) {
            Daemon d = startDaemon("d" + i, DaemonOptions.fromConfig());
            assertThat(d.node().mode()).as("test profile, alone on loopback").isEqualTo(DhtMode.SERVER);
            daemonApis.add(KuboClient.of(d, scratch));
        }
        reader = startDaemon("reader", DaemonOptions.fromConfig().withRouting(RoutingType.DHTCLIENT));
        assertThat(reader.node().mode()).isEqualTo(DhtMode.CLIENT);
        readerApi = KuboClient.of(reader, scratch);

        // J0, D0, J1, D1, …: each dials the two before it
        List<Object> order = new ArrayList<>();
        for (int i = 0; i < Math.max(JS_SERVERS, DAEMON_SERVERS); i++) {
            if (i < JS_SERVERS) {
                order.add(js.get(i));
            }
            if (i < DAEMON_SERVERS) {
                order.add(daemons.get(i));
            }
        }
        for (int i = 0; i < order.size(); i++) {
            for (int j = Math.max(0, i - 2); j < i; j++) {
                connect(order.get(i), order.get(j));
            }
            servers.add(idOf(order.get(i)));
        }
        // A self lookup on every server, as a joining node does, makes every server known to every other.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> lookups = new ArrayList<>();
            for (JsPeer p : js) {
                lookups.add(pool.submit(() -> p.call("getClosestPeers", Map.of("peerId", p.peerId()), T)));
            }
            for (Daemon d : daemons) {
                lookups.add(pool.submit(() -> d.node().dht().query(d.node().peerId()).get(60, TimeUnit.SECONDS)));
            }
            for (Future<?> f : lookups) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
        for (Object server : order) {
            awaitTable(server, servers);
        }

        // The clients each start from one server of the other kind and learn the rest with a self lookup.
        Interop.connect(reader.node(), js.getFirst());
        reader.node().dht().query(reader.node().peerId()).get(60, TimeUnit.SECONDS);
        awaitTable(reader, servers);
        Interop.dial(jsReader, daemons.getFirst().node());
        jsReader.call("getClosestPeers", Map.of("peerId", jsReader.peerId()), T);
        awaitTable(jsReader, servers);
        // the clients stay out of the servers' tables
        for (Object server : order) {
            assertThat(table(server)).doesNotContain(idOf(reader), jsReader.peerId());
        }
    }

    @AfterAll
    void stop() {
        if (reader != null) {
            reader.close();
        }
        for (Daemon d : daemons) {
            d.close();
        }
        if (jsReader != null) {
            jsReader.close();
        }
        for (JsPeer p : js) {
            p.close();
        }
    }

    private Daemon startDaemon(String name, DaemonOptions options) throws Exception {
        Repo repo = Repo.at(dir.resolve(name));
        repo.init(KeyType.ED25519, "test");
        Daemon d = Daemon.start(repo, options);
        if (options.routing().isEmpty()) {
            daemons.add(d);
        }
        return d;
    }

    private static String idOf(Object peer) {
        return peer instanceof JsPeer p ? p.peerId() : ((Daemon) peer).node().peerId().toString();
    }

    private static String listenAddr(Object peer) {
        return peer instanceof JsPeer p ? Interop.listenAddr(p) : Interop.listenAddr(((Daemon) peer).node());
    }

    private static void connect(Object from, Object to) throws Exception {
        switch (from) {
            case Daemon d when to instanceof JsPeer p -> Interop.connect(d.node(), p);
            case Daemon d -> Interop.connect(d.node(), ((Daemon) to).node());
            case JsPeer p when to instanceof Daemon d -> Interop.dial(p, d.node());
            case JsPeer p -> Interop.dial(p, (JsPeer) to);
            default -> throw new IllegalArgumentException(String.valueOf(from));
        }
    }

    private static List<String> table(Object peer) throws Exception {
        return peer instanceof JsPeer p ? Interop.jsTable(p) : Interop.javaTable(((Daemon) peer).node());
    }

    /** Waits until the peer's routing table holds every one of {@code ids} but itself. */
    private static void awaitTable(Object peer, Set<String> ids) {
        Set<String> others = new HashSet<>(ids);
        others.remove(idOf(peer));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(table(peer)).as("routing table of %s", idOf(peer)).containsAll(others));
    }

    private List<String> daemonServerIds() {
        return daemons.stream().map(DaemonMixedNetworkInteropTest::idOf).toList();
    }

    private List<String> jsServerIds() {
        return js.stream().map(JsPeer::peerId).toList();
    }

    private static List<String> ids(List<JsonNode> peers) {
        return peers.stream().map(p -> p.path("id").asText()).toList();
    }

    // ------------------------------------------------------------ records

    /**
     * A record put through the API of a server daemon, and one put through the client daemon's,
     * is held by every js server, and the js client reads it from the daemons' answers too.
     */
    @Test
    void aValuePutThroughADaemonsApiIsReadByJs() throws Exception {
        for (KuboClient putter : List.of(daemonApis.get(1), readerApi)) {
            PkRecord record = PkRecord.fresh(); // a daemon stores values only under /pk/ and /ipns/, as Kubo
            String key = record.key();
            byte[] value = record.value();
            KuboClient.Run put = putter.run("put", key, b64(value));
            assertThat(put.named("VALUE")).as("%s", put).hasSize(1);
            for (JsPeer p : js) {
                assertThat(p.call("getLocal", Map.of("key", b64(record.keyBytes())), T).get("value").asText())
                        .as("record held by js server %s", p.peerId()).isEqualTo(b64(value));
            }

            JsonNode got = jsReader.call("get", Map.of("key", b64(record.keyBytes())), T);
            assertThat(got.get("value").asText()).isEqualTo(b64(value));
            Set<String> daemonAnswers = new HashSet<>();
            for (JsonNode v : got.get("values")) {
                assertThat(v.get("value").asText()).as("value from %s", v.get("from")).isEqualTo(b64(value));
                if (daemonServerIds().contains(v.get("from").asText())) {
                    daemonAnswers.add(v.get("from").asText());
                }
            }
            assertThat(daemonAnswers).as("daemons whose answer js accepted (js errors %s)", got.get("queryErrors")).isNotEmpty();
        }
    }

    /** A record a js server put is stored by every server daemon and read through both kinds of daemon's API. */
    @Test
    void aValuePutByJsIsReadThroughADaemonsApi() throws Exception {
        PkRecord record = PkRecord.fresh(); // under a namespace the daemons validate
        String key = record.key();
        byte[] value = record.value();
        JsonNode put = js.get(2).call("put", Map.of("key", b64(record.keyBytes()), "value", b64(value)), T);
        assertThat(texts(put.get("storedAt"))).as("peers that stored the js put (errors %s)", put.get("queryErrors"))
                .containsAll(daemonServerIds());

        // the client daemon holds no records: this value came over the wire
        for (KuboClient getter : List.of(readerApi, daemonApis.get(3))) {
            KuboClient.Run get = getter.run("get", key);
            assertThat(get.named("VALUE")).as("%s", get).singleElement()
                    .satisfies(e -> assertThat(e.get("value").asText()).isEqualTo(b64(value)));
        }
    }

    // ------------------------------------------------------------ providers

    /** A daemon that provides through its API (a server and the client) is found by the js client. */
    @Test
    void aProviderAnnouncedThroughADaemonsApiIsFoundByJs() throws Exception {
        for (Daemon provider : List.of(daemons.get(2), reader)) {
            KuboClient api = provider == reader ? readerApi : daemonApis.get(2);
            String cid = api.run("blockPut", b64(utf8("provided through the API " + UUID.randomUUID()))).single().get("cid").asText();
            assertThat(api.run("provide", cid).ok()).isEmpty();
            for (JsPeer p : js) {
                assertThat(texts(p.call("localProviders", Map.of("cid", cid), T).get("providers")))
                        .as("providers js server %s holds", p.peerId()).containsExactly(idOf(provider));
            }

            JsonNode providers = jsReader.call("findProviders", Map.of("cid", cid), T).get("providers");
            assertThat(providers).hasSize(1);
            assertThat(providers.get(0).get("peerId").asText()).isEqualTo(idOf(provider));
            assertThat(texts(providers.get(0).get("addrs"))).contains(listenAddr(provider));
        }
    }

    /** A js server's provider record is found through the client daemon's API. */
    @Test
    void aJsProviderIsFoundThroughADaemonsApi() throws Exception {
        JsPeer provider = js.get(1);
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha2_256(utf8("provided by js " + UUID.randomUUID())));
        JsonNode provide = provider.call("provide", Map.of("cid", cid.toString()), T);
        assertThat(texts(provide.get("sentTo"))).containsAll(daemonServerIds());

        KuboClient.Run find = readerApi.run("findProvs", cid.toString());
        List<JsonNode> found = new ArrayList<>();
        find.named("PROVIDER").forEach(e -> e.get("providers").forEach(found::add));
        assertThat(ids(found)).as("%s", find).containsOnly(provider.peerId()).isNotEmpty();
        assertThat(texts(found.getFirst().get("multiaddrs"))).contains(listenAddr(provider));
    }

    // ------------------------------------------------------------ peers

    /**
     * findPeer through the client daemon's API, of a js server (in the daemon's table: answered at
     * once) and of the js client, which is in nobody's table: once the daemon is not connected to
     * it, only the answers of servers it talked to can give its addresses, so the daemon must look
     * it up and parse a server's answer naming it.
     */
    @Test
    void findPeerOfJsPeersThroughADaemonsApi() throws Exception {
        KuboClient.Run known = readerApi.run("findPeer", js.get(3).peerId());
        assertThat(known.named("FINAL_PEER")).as("%s", known).singleElement().satisfies(e -> {
            assertThat(e.get("peer").get("id").asText()).isEqualTo(js.get(3).peerId());
            assertThat(texts(e.get("peer").get("multiaddrs"))).contains(Interop.listenAddr(js.get(3)));
        });

        // earlier tests can leave the two clients connected, and a connected peer is answered
        // without a lookup. The js client also keeps the reader in its routing table once it saw
        // it as a provider (kad-dht 16 adds every peer an answer names), and redials it at once
        // after a hang-up: it is told to forget the reader. It may still dial back between our
        // hang-up and the request, so the lookup is tried a bounded number of times
        jsReader.call("forgetPeer", Map.of("peerId", idOf(reader)), T);
        PeerId client = PeerId.parse(jsReader.peerId());
        KuboClient.Run run = null;
        List<JsonNode> naming = List.of();
        List<String> attempts = new ArrayList<>();
        for (int attempt = 0; attempt < 8 && naming.isEmpty(); attempt++) {
            jsReader.call("hangUp", Map.of("peerId", idOf(reader)), T);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                reader.node().host().connection(client).ifPresent(c -> c.close().join());
                return reader.node().host().connection(client).isEmpty();
            });
            run = readerApi.run("findPeer", jsReader.peerId());
            naming = run.named("PEER_RESPONSE").stream()
                    .filter(e -> ids(toList(e.get("closer"))).contains(jsReader.peerId())).toList();
            boolean inTable = reader.node().routingTable().join().stream().anyMatch(p -> p.id().equals(client));
            attempts.add("attempt " + attempt + ": connected after " + reader.node().host().connection(client).map(c -> c.direction().toString()).orElse("no")
                    + ", in the routing table " + inTable + ", " + run.events().size() + " events");
        }
        assertThat(naming).as("answers that named the js client: %s (%s)", run, attempts).isNotEmpty();
        KuboClient.Run found = run;
        assertThat(found.named("FINAL_PEER")).as("%s", found).singleElement().satisfies(e -> {
            assertThat(e.get("peer").get("id").asText()).isEqualTo(jsReader.peerId());
            assertThat(texts(e.get("peer").get("multiaddrs"))).contains(Interop.listenAddr(jsReader));
        });
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /**
     * dht/query through the API of the client daemon and of a server daemon: every server answers,
     * js ones included, and the closest peers are exactly the servers (fewer than k), less the asker.
     */
    @Test
    void queryFindsEveryServer() throws Exception {
        String target = PeerId.fromPublicKey(Ed25519PrivateKey.generate(RANDOM).publicKey()).toString();
        for (int i = 0; i < 2; i++) {
            KuboClient api = i == 0 ? readerApi : daemonApis.get(0);
            String asker = i == 0 ? idOf(reader) : idOf(daemons.get(0));
            Set<String> expected = new HashSet<>(servers);
            expected.remove(asker);

            KuboClient.Run run = api.run("query", target);
            Set<String> closest = new HashSet<>(ids(run.named("FINAL_PEER").stream().map(e -> e.get("peer")).toList()));
            assertThat(closest).as("%s", run).isEqualTo(expected);
            Set<String> answered = new HashSet<>();
            run.named("PEER_RESPONSE").forEach(e -> answered.add(e.get("from").asText()));
            assertThat(answered).containsAll(jsServerIds());
        }
    }
}
