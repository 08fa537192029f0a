package io.jdht.interop;

import static io.jdht.interop.Interop.T;
import static io.jdht.interop.Interop.b64;
import static io.jdht.interop.Interop.listenAddr;
import static io.jdht.interop.Interop.texts;
import static io.jdht.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.bench.JsPeer;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import io.jdht.node.DhtMode;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One network of js-libp2p and jdht DHT servers, joined in a random pattern fixed by a seed: each
 * peer, in a shuffled order, connects to three random peers that joined before it. Every operation
 * then runs from either side against the other: put/get, provide/findProviders, findPeer, and the
 * closest-peers lookup, whose answers are compared with the true closest set.
 *
 * <p>There are 24 servers, more than k = 20, so that "the 20 closest" is a real selection and the
 * two lookups can be compared with each other and with the truth computed from all ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class MixedNetworkInteropTest {
    private static final int JS_PEERS = 10;
    private static final int JAVA_NODES = 14;
    private static final int K = 20;
    private static final long SEED = 20261201L;

    private final Random random = new Random(SEED);
    private final List<JsPeer> js = new ArrayList<>();
    private final List<Node> javaNodes = new ArrayList<>();
    /** All servers by peer id, in join order; values are JsPeer or Node. */
    private final Map<String, Object> byId = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<JsPeer>> starting = new ArrayList<>();
            for (int i = 0; i < JS_PEERS; i++) {
                starting.add(pool.submit(() -> JsPeer.start()));
            }
            for (Future<JsPeer> f : starting) {
                js.add(f.get(90, TimeUnit.SECONDS));
            }
        }
        for (int i = 0; i < JAVA_NODES; i++) {
            javaNodes.add(Interop.startNode(DhtMode.SERVER));
        }
        List<Object> all = new ArrayList<>();
        all.addAll(js);
        all.addAll(javaNodes);
        Collections.shuffle(all, random);
        for (int i = 0; i < all.size(); i++) {
            Object joining = all.get(i);
            List<Object> earlier = new ArrayList<>(all.subList(0, i));
            Collections.shuffle(earlier, random);
            for (Object other : earlier.subList(0, Math.min(3, earlier.size()))) {
                connect(joining, other);
            }
            byId.put(idOf(joining), joining);
        }
        // A self lookup on every peer, as a joining node does, spreads knowledge of the others.
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> lookups = new ArrayList<>();
            for (JsPeer p : js) {
                lookups.add(pool.submit(() -> p.call("getClosestPeers", Map.of("peerId", p.peerId()), T)));
            }
            for (Node n : javaNodes) {
                lookups.add(pool.submit(() -> n.dht().query(n.peerId()).get(60, TimeUnit.SECONDS)));
            }
            for (Future<?> f : lookups) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
        // Every table holds peers of both kinds.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (JsPeer p : js) {
                List<String> table = Interop.jsTable(p);
                assertThat(table).as("routing table of js %s", p.peerId()).hasSizeGreaterThanOrEqualTo(8)
                        .anySatisfy(id -> assertThat(byId.get(id)).isInstanceOf(Node.class));
            }
            for (Node n : javaNodes) {
                List<String> table = Interop.javaTable(n);
                assertThat(table).as("routing table of Java %s", n.peerId()).hasSizeGreaterThanOrEqualTo(8)
                        .anySatisfy(id -> assertThat(byId.get(id)).isInstanceOf(JsPeer.class));
            }
        });
    }

    @AfterAll
    void stop() {
        for (Node n : javaNodes) {
            n.close();
        }
        for (JsPeer p : js) {
            p.close();
        }
    }

    private static String idOf(Object peer) {
        return peer instanceof JsPeer p ? p.peerId() : ((Node) peer).peerId().toString();
    }

    private static void connect(Object from, Object to) throws Exception {
        switch (from) {
            case Node n when to instanceof JsPeer p -> Interop.connect(n, p);
            case Node n -> Interop.connect(n, (Node) to);
            case JsPeer p when to instanceof Node n -> Interop.dial(p, n);
            case JsPeer p -> Interop.dial(p, (JsPeer) to);
            default -> throw new IllegalArgumentException(String.valueOf(from));
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String listen(Object peer) {
        return peer instanceof JsPeer p ? listenAddr(p) : listenAddr((Node) peer);
    }

    @Test
    void javaPutsJsGets() throws Exception {
        for (int round = 0; round < 3; round++) {
            Node putter = pick(javaNodes);
            JsPeer getter = pick(js);
            byte[] key = utf8("/test/mixed-java-" + round + "-" + random.nextLong());
            byte[] value = utf8("from Java " + putter.peerId() + " round " + round);
            Interop.Events events = new Interop.Events();
            int stored = putter.dht().putAndCount(key, value, QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS);
            assertThat(stored).as("peers that stored the Java put (errors %s)", events.errors()).isGreaterThanOrEqualTo(K - 2);
            JsonNode got = getter.call("get", Map.of("key", b64(key)), T);
            assertThat(got.get("value").asText()).isEqualTo(b64(value));
            Set<String> javaAnswers = new HashSet<>();
            Set<String> jsAnswers = new HashSet<>();
            for (JsonNode v : got.get("values")) {
                assertThat(v.get("value").asText()).isEqualTo(b64(value));
                (byId.get(v.get("from").asText()) instanceof Node ? javaAnswers : jsAnswers).add(v.get("from").asText());
            }
            assertThat(javaAnswers).as("Java nodes whose record js accepted").isNotEmpty();
            assertThat(jsAnswers).as("js peers that stored the Java put and answered").isNotEmpty();
        }
    }

    @Test
    void jsPutsJavaGets() throws Exception {
        for (int round = 0; round < 3; round++) {
            JsPeer putter = pick(js);
            Node getter = pick(javaNodes);
            byte[] key = utf8("/test/mixed-js-" + round + "-" + random.nextLong());
            byte[] value = utf8("from js " + putter.peerId() + " round " + round);
            JsonNode put = putter.call("put", Map.of("key", b64(key), "value", b64(value)), T);
            List<String> storedAt = texts(put.get("storedAt"));
            assertThat(storedAt).as("peers that stored the js put (errors %s)", put.get("queryErrors"))
                    .hasSizeGreaterThanOrEqualTo(K - 2)
                    .anySatisfy(id -> assertThat(byId.get(id)).isInstanceOf(Node.class));
            Interop.Events events = new Interop.Events();
            assertThat(getter.dht().get(key, QueryOptions.DEFAULT, events).get(60, TimeUnit.SECONDS)).isEqualTo(value);
            List<String> jsIds = js.stream().map(JsPeer::peerId).toList();
            assertThat(events.valuesFrom(jsIds)).as("values js peers returned").isNotEmpty().containsOnly(b64(value));
        }
    }

    @Test
    void javaProvidesJsFindsProviders() throws Exception {
        for (int round = 0; round < 3; round++) {
            Node provider = pick(javaNodes);
            JsPeer finder = pick(js);
            Cid cid = provider.blocks().put(utf8("mixed Java block " + round + " " + random.nextLong()));
            List<Integer> sent = provider.dht().provideAndCount(List.of(cid), QueryOptions.DEFAULT, e -> {}).get(60, TimeUnit.SECONDS);
            assertThat(sent.getFirst()).isGreaterThanOrEqualTo(K - 2);
            JsonNode providers = finder.call("findProviders", Map.of("cid", cid.toString()), T).get("providers");
            assertThat(providers).hasSize(1);
            assertThat(providers.get(0).get("peerId").asText()).isEqualTo(provider.peerId().toString());
            assertThat(texts(providers.get(0).get("addrs"))).contains(listenAddr(provider));
        }
    }

    @Test
    void jsProvidesJavaFindsProviders() throws Exception {
        for (int round = 0; round < 3; round++) {
            JsPeer provider = pick(js);
            Node finder = pick(javaNodes);
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha2_256(utf8("mixed js block " + round + " " + random.nextLong())));
            JsonNode provide = provider.call("provide", Map.of("cid", cid.toString()), T);
            assertThat(texts(provide.get("sentTo"))).hasSizeGreaterThanOrEqualTo(K - 2);
            List<PeerInfo> found = finder.dht().findProvs(cid.hash(), FindProvsOptions.DEFAULT, io.jdht.kad.QueryListener.NONE)
                    .get(60, TimeUnit.SECONDS);
            assertThat(found).extracting(PeerInfo::id).containsExactly(PeerId.parse(provider.peerId()));
            assertThat(found.getFirst().addresses()).extracting(a -> a.withoutPeerId().toString()).contains(listenAddr(provider));
        }
    }

    @Test
    void findPeerBothWays() throws Exception {
        for (int round = 0; round < 3; round++) {
            Node searcher = pick(javaNodes);
            JsPeer target = pick(js);
            PeerInfo found = searcher.dht().findPeer(PeerId.parse(target.peerId())).get(60, TimeUnit.SECONDS);
            assertThat(found.id().toString()).isEqualTo(target.peerId());
            assertThat(found.addresses()).extracting(a -> a.withoutPeerId().toString()).contains(listenAddr(target));

            JsPeer jsSearcher = pick(js);
            Node javaTarget = pick(javaNodes);
            JsonNode f = jsSearcher.call("findPeer", Map.of("peerId", javaTarget.peerId().toString(), "useCache", false), T);
            assertThat(f.get("peerId").asText()).isEqualTo(javaTarget.peerId().toString());
            assertThat(texts(f.get("addrs"))).contains(listenAddr(javaTarget));
        }
    }

    /**
     * For random targets, Java's query and js's getClosestPeers from random peers of each kind are
     * compared with the true 20 closest servers (computed from all ids; the asking peer never
     * counts itself). In a 24-server network where every table holds most peers, both lookups
     * should find the exact set; a lookup that stops once its closest peers have all answered may
     * still miss one at the edge, so each result must share at least 18 of 20 with the truth, and
     * the recall over all lookups must be at least 0.95.
     */
    @Test
    void closestPeersAgreeWithEachOtherAndWithTheTruth() throws Exception {
        int hits = 0;
        int total = 0;
        for (int round = 0; round < 3; round++) {
            PeerId target = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
            Node javaAsker = pick(javaNodes);
            JsPeer jsAsker = pick(js);

            Set<String> fromJava = new HashSet<>();
            javaAsker.dht().query(target).get(60, TimeUnit.SECONDS).forEach(p -> fromJava.add(p.id().toString()));
            Set<String> fromJs = new HashSet<>();
            jsAsker.call("getClosestPeers", Map.of("peerId", target.toString()), T).get("peers")
                    .forEach(p -> fromJs.add(p.get("peerId").asText()));

            Set<String> javaTruth = truth(target, javaAsker.peerId().toString());
            Set<String> jsTruth = truth(target, jsAsker.peerId());
            int javaHits = intersection(fromJava, javaTruth);
            int jsHits = intersection(fromJs, jsTruth);
            // The two answers compared with each other, each asker counted in its own set.
            Set<String> javaWithSelf = new HashSet<>(fromJava);
            javaWithSelf.add(javaAsker.peerId().toString());
            Set<String> jsWithSelf = new HashSet<>(fromJs);
            jsWithSelf.add(jsAsker.peerId());
            System.out.printf("closest to %s: Java %d/%d, js %d/%d correct, Java and js share %d%n",
                    target, javaHits, K, jsHits, K, intersection(javaWithSelf, jsWithSelf));
            assertThat(fromJava).as("Java's closest peers").hasSize(K).allMatch(byId::containsKey);
            assertThat(fromJs).as("js's closest peers").hasSize(K).allMatch(byId::containsKey);
            assertThat(javaHits).as("Java's closest peers vs the truth").isGreaterThanOrEqualTo(K - 2);
            assertThat(jsHits).as("js's closest peers vs the truth").isGreaterThanOrEqualTo(K - 2);
            hits += javaHits + jsHits;
            total += 2 * K;
        }
        assertThat((double) hits / total).isGreaterThanOrEqualTo(0.95);
    }

    /** The K servers closest to {@code target}, leaving out {@code asker}. */
    private Set<String> truth(PeerId target, String asker) {
        Key t = Key.of(target);
        return byId.keySet().stream().filter(id -> !id.equals(asker))
                .sorted(Comparator.comparing(id -> Key.of(PeerId.parse(id)).distance(t)))
                .limit(K).collect(Collectors.toSet());
    }

    private static int intersection(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.retainAll(b);
        return s.size();
    }
}
