package io.jdht.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.bench.JsPeer;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.RecordValidator;
import io.jdht.multiformats.Multiaddr;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** What the DHT interop tests share: Java nodes set up like the js peers, and small helpers. */
final class Interop {
    /** Deadline of one js command or Java operation. */
    static final Duration T = Duration.ofSeconds(60);

    private Interop() {}

    /**
     * The {@code /test/} namespace as interop/js/lib/records.mjs defines it: any value is valid, and
     * of several the greatest in unsigned byte order wins (a longer value beats its own prefix).
     */
    static final class TestNamespace implements RecordValidator {
        @Override
        public void validate(byte[] key, byte[] value, Instant now) {
            // anything goes
        }

        @Override
        public int select(byte[] key, List<byte[]> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values to select from");
            }
            int best = 0;
            for (int i = 1; i < values.size(); i++) {
                if (Arrays.compareUnsigned(values.get(i), values.get(best)) > 0) {
                    best = i;
                }
            }
            return best;
        }
    }

    static NamespacedValidator validator() {
        return NamespacedValidator.builder().register("test", new TestNamespace()).build();
    }

    /** A node on 127.0.0.1 with the js peers' validators, started. */
    static Node startNode(Node.Builder builder) throws Exception {
        Node node = builder.listen("/ip4/127.0.0.1/tcp/0").validator(validator()).agentVersion("jdht-interop").build();
        try {
            return node.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    static Node startNode(DhtMode mode) throws Exception {
        return startNode(Node.builder().mode(mode));
    }

    static Multiaddr addr(JsPeer js) {
        return Multiaddr.parse(js.address());
    }

    /** The js peer's listen address without /p2p. */
    static String listenAddr(JsPeer js) {
        return js.address().replaceFirst("/p2p/.*", "");
    }

    static String listenAddr(Node node) {
        return node.host().listenAddresses().getFirst().toString();
    }

    static PeerId id(JsPeer js) {
        return PeerId.parse(js.peerId());
    }

    static String address(Node node) {
        return node.addresses().getFirst().toString();
    }

    static void connect(Node node, JsPeer js) throws Exception {
        PeerInfo p = node.connect(addr(js)).get(60, TimeUnit.SECONDS);
        assertThat(p.id()).isEqualTo(id(js));
    }

    static void connect(Node node, Node other) throws Exception {
        PeerInfo p = node.connect(other.addresses().getFirst()).get(60, TimeUnit.SECONDS);
        assertThat(p.id()).isEqualTo(other.peerId());
    }

    static void dial(JsPeer js, Node node) throws Exception {
        JsonNode r = js.call("dial", java.util.Map.of("addr", address(node)), T);
        assertThat(r.get("peerId").asText()).isEqualTo(node.peerId().toString());
    }

    static void dial(JsPeer js, JsPeer other) throws Exception {
        JsonNode r = js.call("dial", java.util.Map.of("addr", other.address()), T);
        assertThat(r.get("peerId").asText()).isEqualTo(other.peerId());
    }

    static List<String> jsTable(JsPeer js) throws Exception {
        return texts(js.call("routingTable", java.util.Map.of(), T).get("peers"));
    }

    static List<String> javaTable(Node node) throws Exception {
        return node.routingTable().get(10, TimeUnit.SECONDS).stream().map(p -> p.id().toString()).toList();
    }

    /** Waits until the js peer holds all of {@code ids} in its k-buckets (identify + ping admission). */
    static void awaitJsTable(JsPeer js, Collection<String> ids) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(jsTable(js)).containsAll(ids));
    }

    /** Waits until the Java node holds all of {@code ids} in its routing table. */
    static void awaitJavaTable(Node node, Collection<String> ids) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(javaTable(node)).containsAll(ids));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(UTF_8));
    }

    static byte[] unb64(JsonNode text) {
        return Base64.getDecoder().decode(text.asText());
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    /** A listener that keeps every event of one operation. */
    static final class Events implements QueryListener {
        final List<QueryEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(QueryEvent event) {
            all.add(event);
        }

        /** The values each peer returned (this node's own record included), as (peer id, base64). */
        List<String> valuesFrom(Collection<String> peers) {
            return all.stream().filter(e -> e instanceof QueryEvent.Value v && peers.contains(v.from().toString()))
                    .map(e -> b64(((QueryEvent.Value) e).value())).toList();
        }

        /** The query errors, as "peer: message". */
        List<String> errors() {
            return all.stream().filter(e -> e instanceof QueryEvent.QueryError).map(e -> {
                QueryEvent.QueryError q = (QueryEvent.QueryError) e;
                return q.peer() + ": " + q.message();
            }).toList();
        }

        List<String> valueSenders() {
            return all.stream().filter(e -> e instanceof QueryEvent.Value).map(e -> ((QueryEvent.Value) e).from().toString()).toList();
        }

        /** The peers whose GET_PROVIDERS answer named {@code provider}. */
        List<String> namedAsProviderBy(PeerId provider) {
            return all.stream().filter(e -> e instanceof QueryEvent.PeerResponse r
                            && r.providers().stream().anyMatch(p -> p.id().equals(provider)))
                    .map(e -> ((QueryEvent.PeerResponse) e).from().toString()).distinct().toList();
        }

        /** The peers whose FIND_NODE answer named {@code peer} with at least one address. */
        List<String> namedWithAddressesBy(PeerId peer) {
            return all.stream().filter(e -> e instanceof QueryEvent.PeerResponse r
                            && r.closerPeers().stream().anyMatch(p -> p.id().equals(peer) && !p.addresses().isEmpty()))
                    .map(e -> ((QueryEvent.PeerResponse) e).from().toString()).distinct().toList();
        }
    }
}
