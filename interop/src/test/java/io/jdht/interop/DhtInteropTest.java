package io.jdht.interop;

import static io.jdht.interop.Interop.T;
import static io.jdht.interop.Interop.awaitJavaTable;
import static io.jdht.interop.Interop.awaitJsTable;
import static io.jdht.interop.Interop.b64;
import static io.jdht.interop.Interop.connect;
import static io.jdht.interop.Interop.dial;
import static io.jdht.interop.Interop.id;
import static io.jdht.interop.Interop.listenAddr;
import static io.jdht.interop.Interop.texts;
import static io.jdht.interop.Interop.unb64;
import static io.jdht.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.bench.JsPeer;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.crypto.PublicKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.kad.record.IpnsValidator;
import io.jdht.kad.record.PublicKeyValidator;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import io.jdht.node.DhtMode;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DHT against js-libp2p's kad-dht 16, each operation in both directions, in a small network:
 * two js and two Java DHT servers, all connected to each other, plus one client of each kind.
 *
 * <p>The clients are what make each direction provable. A DHT client is in nobody's routing table,
 * so it is never asked to store a record or a provider: whatever its get or findProviders returns
 * came over the wire from the servers, and the per-peer answers (Java's query events, js's
 * {@code values} and {@code namedBy}) say which servers gave it. The Java client is connected only
 * to the js servers and the js client only to the Java servers, so each starts its lookups at the
 * other implementation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DhtInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JsPeer jsA;
    private JsPeer jsB;
    private JsPeer jsClient;
    private PrivateKey javaAKey;
    private Node javaA;
    private Node javaB;
    private Node javaClient;
    private final List<AutoCloseable> extra = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        jsA = JsPeer.start();
        jsB = JsPeer.start();
        jsClient = JsPeer.start("--dht-client");
        javaAKey = Ed25519PrivateKey.generate(RANDOM);
        javaA = Interop.startNode(Node.builder().identity(javaAKey));
        javaB = Interop.startNode(DhtMode.SERVER);
        javaClient = Interop.startNode(DhtMode.CLIENT);

        dial(jsA, jsB);
        connect(javaA, jsA);
        connect(javaA, jsB);
        connect(javaB, jsA);
        connect(javaB, jsB);
        connect(javaA, javaB);
        connect(javaClient, jsA);
        connect(javaClient, jsB);
        dial(jsClient, javaA);
        dial(jsClient, javaB);

        // Admission both ways: js takes a Java server only after identify lists /ipfs/kad/1.0.0 and
        // a ping succeeds; Java takes a js server after its FIND_NODE check.
        awaitJsTable(jsA, List.of(jsB.peerId(), javaA.peerId().toString(), javaB.peerId().toString()));
        awaitJsTable(jsB, List.of(jsA.peerId(), javaA.peerId().toString(), javaB.peerId().toString()));
        awaitJsTable(jsClient, List.of(javaA.peerId().toString(), javaB.peerId().toString()));
        awaitJavaTable(javaA, List.of(jsA.peerId(), jsB.peerId(), javaB.peerId().toString()));
        awaitJavaTable(javaB, List.of(jsA.peerId(), jsB.peerId(), javaA.peerId().toString()));
        awaitJavaTable(javaClient, List.of(jsA.peerId(), jsB.peerId()));
        // Clients stay out of everybody's tables.
        assertThat(Interop.jsTable(jsA)).doesNotContain(jsClient.peerId(), javaClient.peerId().toString());
        assertThat(Interop.javaTable(javaA)).doesNotContain(jsClient.peerId(), javaClient.peerId().toString());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : extra) {
            closeQuietly(c);
        }
        for (AutoCloseable c : new AutoCloseable[] {javaClient, javaB, javaA, jsClient, jsB, jsA}) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    private List<String> jsServers() {
        return List.of(jsA.peerId(), jsB.peerId());
    }

    private List<String> javaServers() {
        return List.of(javaA.peerId().toString(), javaB.peerId().toString());
    }

    // ------------------------------------------------------------------ records

    /** js puts, the Java servers store it, the Java client reads it from js servers (and Java ones). */
    private void jsPutJavaGet(byte[] key, byte[] value) throws Exception {
        JsonNode put = jsA.call("put", Map.of("key", b64(key), "value", b64(value)), T);
        assertThat(texts(put.get("storedAt"))).as("peers that stored the js put (errors: %s)", put.get("queryErrors"))
                .containsAll(javaServers()).contains(jsB.peerId());

        Interop.Events events = new Interop.Events();
        byte[] got = javaClient.dht().get(key, QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(value);
        assertThat(events.valueSenders()).doesNotContain(javaClient.peerId().toString());
        // Java parsed the GET_VALUE answers of js servers, and Java servers serve what js put there.
        assertThat(events.valuesFrom(jsServers())).as("values from js servers").isNotEmpty().containsOnly(b64(value));
        assertThat(events.valuesFrom(javaServers())).as("values from Java servers").hasSize(2).containsOnly(b64(value));
    }

    /** Java puts, the js servers store it, the js client reads it from Java servers (and js ones). */
    private void javaPutJsGet(Node putter, byte[] key, byte[] value) throws Exception {
        Interop.Events events = new Interop.Events();
        int stored = putter.dht().putAndCount(key, value, QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS);
        assertThat(stored).as("peers that confirmed the Java put (errors: %s)", events.errors()).isGreaterThanOrEqualTo(3);
        for (JsPeer js : List.of(jsA, jsB)) {
            assertThat(js.call("getLocal", Map.of("key", b64(key)), T).get("value").asText())
                    .as("record held by js peer %s", js.peerId()).isEqualTo(b64(value));
        }

        JsonNode get = jsClient.call("get", Map.of("key", b64(key)), T);
        assertThat(get.get("value").asText()).isEqualTo(b64(value));
        Set<String> javaAnswers = new HashSet<>();
        for (JsonNode v : get.get("values")) {
            assertThat(v.get("value").asText()).as("value from %s", v.get("from")).isEqualTo(b64(value));
            assertThat(v.get("from").asText()).isNotEqualTo(jsClient.peerId());
            if (javaServers().contains(v.get("from").asText())) {
                javaAnswers.add(v.get("from").asText());
            }
        }
        // js parsed the GET_VALUE answers of both Java servers.
        assertThat(javaAnswers).as("Java servers whose answer js accepted (js errors: %s)", get.get("queryErrors")).containsExactlyInAnyOrderElementsOf(javaServers());
    }

    @Test
    void testNamespaceJsPutJavaGet() throws Exception {
        String id = UUID.randomUUID().toString();
        jsPutJavaGet(utf8("/test/" + id), utf8("put by js " + id));
    }

    @Test
    void testNamespaceJavaPutJsGet() throws Exception {
        String id = UUID.randomUUID().toString();
        javaPutJsGet(javaA, utf8("/test/" + id), utf8("put by Java " + id));
    }

    /** Both sides pick the same winner from different values: the unsigned-greatest one. */
    @Test
    void testNamespaceSelectorAgreesAcrossImplementations() throws Exception {
        byte[] key = utf8("/test/" + UUID.randomUUID());
        byte[] small = utf8("aaa");
        byte[] large = utf8("zzz");
        javaA.dht().put(key, small).get(60, TimeUnit.SECONDS);
        JsonNode put = jsA.call("put", Map.of("key", b64(key), "value", b64(large)), T);
        // A better record replaces the one a Java server holds.
        assertThat(texts(put.get("storedAt"))).containsAll(javaServers());
        assertThat(javaClient.dht().get(key).get(60, TimeUnit.SECONDS)).isEqualTo(large);
        assertThat(jsClient.call("get", Map.of("key", b64(key)), T).get("value").asText()).isEqualTo(b64(large));
    }

    @ParameterizedTest
    @ValueSource(strings = {"self", "RSA", "secp256k1"})
    void publicKeyRecordJsPutJavaGet(String keyType) throws Exception {
        JsonNode pk = jsA.call("publicKey", Map.of("keyType", keyType), T);
        PeerId peer = PeerId.parse(pk.get("peerId").asText());
        byte[] key = unb64(pk.get("key"));
        byte[] value = unb64(pk.get("publicKey"));
        assertThat(key).as("js and Java agree on the /pk/ key").isEqualTo(PublicKeyValidator.routingKey(peer));
        jsPutJavaGet(key, value);
        PublicKey decoded = PublicKey.unmarshal(value);
        assertThat(PeerId.fromPublicKey(decoded)).isEqualTo(peer);
        new PublicKeyValidator().validate(key, value, Instant.now());
    }

    /** ECDSA is left out: js-libp2p does not encode ECDSA keys as the spec says (see the next test). */
    @ParameterizedTest
    @ValueSource(strings = {"ED25519", "RSA", "SECP256K1"})
    void publicKeyRecordJavaPutJsGet(KeyType type) throws Exception {
        PublicKey pub = PrivateKey.generate(type, RANDOM).publicKey();
        javaPutJsGet(javaB, PublicKeyValidator.routingKey(PeerId.fromPublicKey(pub)), pub.marshal());
    }

    /**
     * Known js-libp2p deviation (@libp2p/crypto 5.1.23, @libp2p/peer-id 6.0.15): its ECDSA public
     * key protobuf carries, as Data, an ECPrivateKey-shaped ASN.1 structure without the private key
     * (30 55 02 01 01 a0 0a &lt;curve oid&gt; a1 44 03 42 00 &lt;point&gt;), its multihash of that
     * 91-byte protobuf is an identity multihash, and @libp2p/peer-id makes no peer id of an ECDSA
     * key at all ("Unsupported key type"). peer-ids.md (and its test vector
     * 0803125b3059301306072a8648ce3d0201…) says DER PKIX SubjectPublicKeyInfo, hashed with sha2-256
     * beyond 42 bytes, which is what jdht (and go-libp2p) write. So ECDSA keys do not cross between
     * jdht and js: both js peers close the stream on a Java /pk/ record for an ECDSA key, and jdht
     * rejects js's ECDSA key bytes. This test pins that state; if it fails because js now follows
     * the spec, move ECDSA back into the tests above.
     */
    @Test
    void ecdsaPublicKeysDifferBetweenJdhtAndJsLibp2p() throws Exception {
        PublicKey javaKey = PrivateKey.generate(KeyType.ECDSA, RANDOM).publicKey();
        assertThat(java.util.HexFormat.of().formatHex(javaKey.marshal())).startsWith("0803125b3059301306072a8648ce3d0201");

        JsonNode js = jsA.call("publicKey", Map.of("keyType", "ECDSA"), T);
        assertThat(js.get("peerId").isNull()).as("js makes no peer id of an ECDSA key").isTrue();
        byte[] jsKey = unb64(js.get("publicKey"));
        assertThat(java.util.HexFormat.of().formatHex(jsKey)).startsWith("080312573055020101a00a");
        assertThatThrownBy(() -> PublicKey.unmarshal(jsKey)).isInstanceOf(io.jdht.crypto.KeyFormatException.class);

        Interop.Events events = new Interop.Events();
        byte[] key = PublicKeyValidator.routingKey(PeerId.fromPublicKey(javaKey));
        int stored = javaB.dht().putAndCount(key, javaKey.marshal(), QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS);
        assertThat(stored).as("only Java peers store it").isEqualTo(1);
        assertThat(events.errors()).anySatisfy(e -> assertThat(e).startsWith(jsA.peerId()))
                .anySatisfy(e -> assertThat(e).startsWith(jsB.peerId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"self", "RSA", "secp256k1"})
    void ipnsRecordSignedByJsJsPutJavaGet(String keyType) throws Exception {
        String path = "/ipfs/" + rawCid(utf8("ipns " + UUID.randomUUID()));
        JsonNode r = jsA.call("ipnsRecord", Map.of("value", path, "sequence", 7, "keyType", keyType), T);
        PeerId name = PeerId.parse(r.get("name").asText());
        byte[] key = unb64(r.get("key"));
        byte[] record = unb64(r.get("record"));
        assertThat(key).as("js and Java agree on the /ipns/ key").isEqualTo(IpnsRecord.routingKey(name));
        if (keyType.equals("self")) {
            assertThat(name.toString()).isEqualTo(jsA.peerId());
        }

        jsPutJavaGet(key, record);

        IpnsRecord parsed = IpnsRecord.parse(record);
        parsed.verify(name, Instant.now());
        new IpnsValidator().validate(key, record, Instant.now());
        assertThat(parsed.value()).isEqualTo(utf8(path));
        assertThat(parsed.sequence()).isEqualTo(7);
        assertThat(parsed.hasV1()).isTrue();
        assertThat(parsed.validity()).isEqualTo(Instant.parse(r.get("validity").asText()));
    }

    @Test
    void ipnsRecordSignedByJsWithoutV1IsAcceptedByJava() throws Exception {
        String path = "/ipfs/" + rawCid(utf8("ipns v2 " + UUID.randomUUID()));
        JsonNode r = jsA.call("ipnsRecord", Map.of("value", path, "sequence", 3, "keyType", "Ed25519",
                "v1Compatible", false, "ttlNs", 5_000_000_000L), T);
        byte[] key = unb64(r.get("key"));
        byte[] record = unb64(r.get("record"));
        jsPutJavaGet(key, record);
        IpnsRecord parsed = IpnsRecord.parse(record);
        parsed.verify(PeerId.parse(r.get("name").asText()), Instant.now());
        assertThat(parsed.hasV1()).isFalse();
        assertThat(parsed.ttl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parsed.value()).isEqualTo(utf8(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-identity", "RSA-v1", "SECP256K1-v2only"})
    void ipnsRecordSignedByJavaJavaPutJsGet(String variant) throws Exception {
        PrivateKey key = switch (variant) {
            case "node-identity" -> javaAKey;
            case "RSA-v1" -> PrivateKey.generate(KeyType.RSA, RANDOM);
            default -> PrivateKey.generate(KeyType.SECP256K1, RANDOM);
        };
        boolean withV1 = !variant.endsWith("v2only");
        PeerId name = PeerId.fromPublicKey(key.publicKey());
        String path = "/ipfs/" + rawCid(utf8("java ipns " + UUID.randomUUID()));
        Instant eol = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        IpnsRecord record = IpnsRecord.create(key, utf8(path), 5, eol, Duration.ofMinutes(5), withV1);
        byte[] routingKey = IpnsRecord.routingKey(name);

        javaPutJsGet(javaA, routingKey, record.toBytes());

        JsonNode checked = jsA.call("validateIpnsRecord", Map.of("key", b64(routingKey), "record", b64(record.toBytes())), T);
        assertThat(checked.get("value").asText()).isEqualTo(path);
        assertThat(checked.get("sequence").asText()).isEqualTo("5");
        assertThat(Instant.parse(checked.get("validity").asText())).isEqualTo(eol);
    }

    /** A later IPNS record (higher sequence) from js replaces a Java one everywhere, and the reverse. */
    @Test
    void ipnsSequenceOrderingAgreesAcrossImplementations() throws Exception {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519, RANDOM);
        PeerId name = PeerId.fromPublicKey(key.publicKey());
        byte[] routingKey = IpnsRecord.routingKey(name);
        Instant eol = Instant.now().plus(1, ChronoUnit.HOURS);
        IpnsRecord first = IpnsRecord.create(key, utf8("/ipfs/" + rawCid(utf8("one"))), 1, eol, Duration.ofMinutes(1), true);
        IpnsRecord second = IpnsRecord.create(key, utf8("/ipfs/" + rawCid(utf8("two"))), 2, eol, Duration.ofMinutes(1), true);
        javaA.dht().put(routingKey, first.toBytes()).get(60, TimeUnit.SECONDS);
        // The js peer stores the better record it is given by another put (here: from js itself).
        JsonNode put = jsA.call("put", Map.of("key", b64(routingKey), "value", b64(second.toBytes())), T);
        assertThat(texts(put.get("storedAt"))).containsAll(javaServers());
        assertThat(javaClient.dht().get(routingKey).get(60, TimeUnit.SECONDS)).isEqualTo(second.toBytes());
        assertThat(jsClient.call("get", Map.of("key", b64(routingKey)), T).get("value").asText()).isEqualTo(b64(second.toBytes()));
    }

    /**
     * Divergent stores: js servers overwrite a record with whatever a PUT_VALUE brings, Java
     * servers keep the better one. A get from either side must pick the higher sequence, and a
     * Java get must send it to the js peers that returned the stale one (js stores the correction).
     */
    @Test
    void getPicksTheHigherIpnsSequenceAndJavaCorrectsStaleJsPeers() throws Exception {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519, RANDOM);
        byte[] routingKey = IpnsRecord.routingKey(PeerId.fromPublicKey(key.publicKey()));
        Instant eol = Instant.now().plus(1, ChronoUnit.HOURS);
        IpnsRecord newer = IpnsRecord.create(key, utf8("/ipfs/" + rawCid(utf8("newer"))), 2, eol, Duration.ofMinutes(1), true);
        IpnsRecord older = IpnsRecord.create(key, utf8("/ipfs/" + rawCid(utf8("older"))), 1, eol, Duration.ofMinutes(1), true);
        javaA.dht().put(routingKey, newer.toBytes()).get(60, TimeUnit.SECONDS);
        JsonNode put = jsA.call("put", Map.of("key", b64(routingKey), "value", b64(older.toBytes())), T);
        assertThat(texts(put.get("storedAt"))).as("js peers take the older record, Java servers refuse it")
                .contains(jsB.peerId()).doesNotContainAnyElementsOf(javaServers());
        for (JsPeer js : List.of(jsA, jsB)) {
            assertThat(js.call("getLocal", Map.of("key", b64(routingKey)), T).get("value").asText()).isEqualTo(b64(older.toBytes()));
        }

        JsonNode jsGet = jsClient.call("get", Map.of("key", b64(routingKey)), T);
        assertThat(jsGet.get("value").asText()).as("js selects the higher sequence").isEqualTo(b64(newer.toBytes()));

        // js's get may already have corrected them; put the older record back so Java has something to correct.
        jsA.call("put", Map.of("key", b64(routingKey), "value", b64(older.toBytes())), T);
        Interop.Events events = new Interop.Events();
        assertThat(javaClient.dht().get(routingKey, QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS))
                .as("Java selects the higher sequence").isEqualTo(newer.toBytes());
        assertThat(events.valuesFrom(jsServers())).contains(b64(older.toBytes()));
        for (JsPeer js : List.of(jsA, jsB)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(js.call("getLocal", Map.of("key", b64(routingKey)), T).get("value").asText())
                            .as("record at js %s after the Java get", js.peerId()).isEqualTo(b64(newer.toBytes())));
        }
    }

    // ------------------------------------------------------------------ providers

    @Test
    void jsProvidesJavaFindsProviders() throws Exception {
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha2_256(utf8("provided by js " + UUID.randomUUID())));
        PeerId provider = id(jsA);
        JsonNode provide = jsA.call("provide", Map.of("cid", cid.toString()), T);
        assertThat(texts(provide.get("sentTo"))).containsAll(javaServers());

        // The Java servers stored js's ADD_PROVIDER: their own store answers (from = themselves).
        for (Node server : List.of(javaA, javaB)) {
            Interop.Events local = new Interop.Events();
            List<PeerInfo> found = server.dht().findProvs(cid.hash(), FindProvsOptions.DEFAULT.withMaxNumProviders(1), local)
                    .get(60, TimeUnit.SECONDS);
            assertThat(found).extracting(PeerInfo::id).containsExactly(provider);
            assertThat(found.getFirst().addresses()).extracting(a -> a.withoutPeerId().toString()).contains(listenAddr(jsA));
            assertThat(local.all).contains(new QueryEvent.Provider(server.peerId(), found.getFirst()));
        }

        // The Java client has no store of its own to answer from: the providers came over the wire.
        Interop.Events events = new Interop.Events();
        List<PeerInfo> found = javaClient.dht().findProvs(cid.hash(), FindProvsOptions.DEFAULT, events).get(60, TimeUnit.SECONDS);
        assertThat(found).extracting(PeerInfo::id).containsExactly(provider);
        assertThat(found.getFirst().addresses()).extracting(a -> a.withoutPeerId().toString()).contains(listenAddr(jsA));
        assertThat(events.namedAsProviderBy(provider)).as("peers whose GET_PROVIDERS answer named the js provider")
                .containsAll(javaServers()).contains(jsB.peerId());
    }

    @Test
    void javaProvidesJsFindsProviders() throws Exception {
        Cid cid = javaA.blocks().put(utf8("provided by Java " + UUID.randomUUID()));
        List<Integer> sent = javaA.dht().provideAndCount(List.of(cid), QueryOptions.DEFAULT, e -> {}).get(60, TimeUnit.SECONDS);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst()).isGreaterThanOrEqualTo(3);
        for (JsPeer js : List.of(jsA, jsB)) {
            assertThat(texts(js.call("localProviders", Map.of("cid", cid.toString()), T).get("providers")))
                    .as("providers js peer %s holds", js.peerId()).containsExactly(javaA.peerId().toString());
        }

        JsonNode providers = jsClient.call("findProviders", Map.of("cid", cid.toString()), T).get("providers");
        assertThat(providers).hasSize(1);
        JsonNode p = providers.get(0);
        assertThat(p.get("peerId").asText()).isEqualTo(javaA.peerId().toString());
        assertThat(texts(p.get("addrs"))).contains(listenAddr(javaA));
        // js parsed the GET_PROVIDERS answers of Java servers (javaA names itself, javaB what it stored).
        assertThat(texts(p.get("namedBy"))).containsAll(javaServers());
    }

    // ------------------------------------------------------------------ peers

    /** A new Java node that knows only jsA finds jsB through jsA's FIND_NODE answer. */
    @Test
    void javaFindsJsPeerThroughAnotherPeer() throws Exception {
        Node searcher = Interop.startNode(DhtMode.CLIENT);
        extra.add(searcher);
        connect(searcher, jsA);
        PeerId target = id(jsB);
        assertThat(searcher.host().connection(target)).isEmpty();
        assertThat(Interop.javaTable(searcher)).containsExactly(jsA.peerId());

        Interop.Events events = new Interop.Events();
        PeerInfo found = searcher.dht().findPeer(target, QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS);
        assertThat(found.id()).isEqualTo(target);
        assertThat(found.addresses()).extracting(Multiaddr::toString).contains(listenAddr(jsB));
        assertThat(events.namedWithAddressesBy(target)).contains(jsA.peerId());
    }

    /**
     * A new js peer that knows only javaA finds javaB through javaA's FIND_NODE answer. (js's own
     * self-lookup may already have taken it to javaB, which then names itself too: namedBy lists
     * every peer whose answer named javaB.)
     */
    @Test
    void jsFindsJavaNodeThroughAnotherPeer() throws Exception {
        JsPeer searcher = JsPeer.start("--dht-client");
        extra.add(searcher);
        dial(searcher, javaA);
        awaitJsTable(searcher, List.of(javaA.peerId().toString()));
        String target = javaB.peerId().toString();
        JsonNode found = searcher.call("findPeer", Map.of("peerId", target, "useCache", false, "complete", true), T);
        assertThat(found.get("peerId").asText()).isEqualTo(target);
        assertThat(texts(found.get("addrs"))).contains(listenAddr(javaB));
        assertThat(texts(found.get("namedBy"))).contains(javaA.peerId().toString());
    }

    /** A new js peer that knows only jsA finds a Java node through it. */
    @Test
    void jsFindsJavaNodeThroughAJsPeer() throws Exception {
        JsPeer searcher = JsPeer.start("--dht-client");
        extra.add(searcher);
        dial(searcher, jsA);
        awaitJsTable(searcher, List.of(jsA.peerId()));
        String target = javaA.peerId().toString();
        JsonNode found = searcher.call("findPeer", Map.of("peerId", target, "useCache", false, "complete", true), T);
        assertThat(found.get("peerId").asText()).isEqualTo(target);
        assertThat(texts(found.get("addrs"))).contains(listenAddr(javaA));
        assertThat(texts(found.get("namedBy"))).contains(jsA.peerId());
    }

    /**
     * Switching modes is announced with identify push. A Java node that becomes a client is no
     * longer listed with /ipfs/kad/1.0.0 in a js peer's peer store, and is again once it is a
     * server. (js kad-dht 16.4.5 registers no onDisconnect with its topology, so js keeps a peer
     * that stopped serving in its routing table until a query to it fails; that is js's choice,
     * and not checked here.) A js peer that becomes a client leaves the Java node's routing table
     * and comes back when it serves again.
     */
    @Test
    void modeSwitchesAreSeenAcrossImplementations() throws Exception {
        // A pair of its own, stopped at the end, so that no other test meets these servers.
        Node switcher = Interop.startNode(DhtMode.SERVER);
        extra.add(switcher);
        JsPeer jsSwitcher = JsPeer.start();
        extra.add(jsSwitcher);
        try {
            switchModes(switcher, jsSwitcher);
        } finally {
            extra.remove(switcher);
            extra.remove(jsSwitcher);
            switcher.close();
            jsSwitcher.close();
        }
    }

    private void switchModes(Node switcher, JsPeer jsSwitcher) throws Exception {
        connect(switcher, jsSwitcher);
        String javaId = switcher.peerId().toString();
        awaitJsTable(jsSwitcher, List.of(javaId));
        awaitJavaTable(switcher, List.of(jsSwitcher.peerId()));
        String kad = "/ipfs/kad/1.0.0";

        switcher.setMode(DhtMode.CLIENT);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(texts(jsSwitcher.call("peerStore", Map.of("peerId", javaId), T).get("protocols")))
                        .contains("/ipfs/ping/1.0.0").doesNotContain(kad));
        switcher.setMode(DhtMode.SERVER);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(texts(jsSwitcher.call("peerStore", Map.of("peerId", javaId), T).get("protocols")))
                        .contains(kad));

        assertThat(jsSwitcher.call("dhtMode", Map.of("mode", "client"), T).get("dhtMode").asText()).isEqualTo("client");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Interop.javaTable(switcher)).doesNotContain(jsSwitcher.peerId()));
        assertThat(jsSwitcher.call("dhtMode", Map.of("mode", "server"), T).get("dhtMode").asText()).isEqualTo("server");
        awaitJavaTable(switcher, List.of(jsSwitcher.peerId()));
    }

    /**
     * With fewer than k (20) servers, the closest peers to any key are all the servers but the
     * one asking: both implementations must return exactly that. (The searchers other tests
     * start are DHT clients, so the servers are the four started above.)
     */
    @Test
    void closestPeersAgreeInASmallNetwork() throws Exception {
        PeerId target = PeerId.fromPublicKey(Ed25519PrivateKey.generate(RANDOM).publicKey());
        Set<String> servers = Set.of(jsA.peerId(), jsB.peerId(), javaA.peerId().toString(), javaB.peerId().toString());

        Set<String> fromJava = new HashSet<>();
        javaClient.dht().query(target).get(60, TimeUnit.SECONDS).forEach(p -> fromJava.add(p.id().toString()));
        Set<String> fromJs = new HashSet<>();
        jsClient.call("getClosestPeers", Map.of("peerId", target.toString()), T).get("peers")
                .forEach(p -> fromJs.add(p.get("peerId").asText()));
        assertThat(fromJava).isEqualTo(servers);
        assertThat(fromJs).isEqualTo(servers);

        Set<String> fromJavaServer = new HashSet<>();
        javaA.dht().query(target).get(60, TimeUnit.SECONDS).forEach(p -> fromJavaServer.add(p.id().toString()));
        fromJavaServer.add(javaA.peerId().toString());
        Set<String> fromJsServer = new HashSet<>();
        jsA.call("getClosestPeers", Map.of("peerId", target.toString()), T).get("peers")
                .forEach(p -> fromJsServer.add(p.get("peerId").asText()));
        fromJsServer.add(jsA.peerId());
        assertThat(fromJavaServer).isEqualTo(servers);
        assertThat(fromJsServer).isEqualTo(servers);
    }

    static Cid rawCid(byte[] data) {
        return Cid.v1(Multicodec.RAW, Multihash.sha2_256(data));
    }
}
