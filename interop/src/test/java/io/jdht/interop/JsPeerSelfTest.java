package io.jdht.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.bench.JsPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The js-libp2p test peer and its Java driver, js against js only: if these fail, a failing
 * Java-against-js test says nothing about the Java side. Three peers in a line, a - b - c (a dials b,
 * b dials c), so DHT lookups from a must go through b to reach c.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class JsPeerSelfTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final long SIXTY_FOUR_MIB = 64L << 20;
    /** Seed 0x01 0x02 … 0x20; the peer id was derived independently by io.jdht.crypto. */
    private static final String SEED = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    private static final String SEED_PEER_ID = "12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf";

    private JsPeer a;
    private JsPeer b;
    private JsPeer c;

    @BeforeAll
    void start() throws Exception {
        a = JsPeer.start();
        b = JsPeer.start();
        c = JsPeer.start("--seed", SEED);
        a.call("dial", Map.of("addr", b.address()), T);
        b.call("dial", Map.of("addr", c.address()), T);
    }

    @AfterAll
    void stop() {
        for (JsPeer p : new JsPeer[] {a, b, c}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void readyLineGivesPeerIdAndAddressAndSeedFixesThePeerId() {
        assertThat(c.peerId()).isEqualTo(SEED_PEER_ID);
        assertThat(c.address()).matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + SEED_PEER_ID);
        assertThat(a.peerId()).isNotEqualTo(b.peerId());
    }

    @Test
    void pingsAndIdentifiesAnotherJsPeer() throws Exception {
        assertThat(a.call("ping", Map.of("addr", b.address()), T).get("rttMs").asDouble()).isGreaterThanOrEqualTo(0);

        JsonNode id = a.call("identify", Map.of("addr", b.address()), T);
        assertThat(id.get("peerId").asText()).isEqualTo(b.peerId());
        assertThat(id.get("agentVersion").asText()).startsWith("js-libp2p/");
        assertThat(texts(id.get("protocols")))
                .contains("/ipfs/kad/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/id/1.0.0", "/perf/1.0.0");
        assertThat(texts(id.get("listenAddrs"))).contains(b.address().replaceFirst("/p2p/.*", ""));
        assertThat(id.get("observedAddr").asText()).startsWith("/ip4/127.0.0.1/tcp/");
    }

    @Test
    void perfMovesSixtyFourMebibytesEachWay() throws Exception {
        JsonNode down = a.call("perf", Map.of("addr", b.address(), "downloadBytes", SIXTY_FOUR_MIB), T);
        assertThat(down.get("downloadBytes").asLong()).isEqualTo(SIXTY_FOUR_MIB);
        assertThat(down.get("uploadBytes").asLong()).isZero();
        JsonNode up = a.call("perf", Map.of("addr", b.address(), "uploadBytes", SIXTY_FOUR_MIB), T);
        assertThat(up.get("uploadBytes").asLong()).isEqualTo(SIXTY_FOUR_MIB);
        assertThat(up.get("downloadBytes").asLong()).isZero();
        System.out.printf("perf js->js, 64 MiB: download %.0f MB/s, upload %.0f MB/s%n",
                down.get("megabytesPerSecond").asDouble(), up.get("megabytesPerSecond").asDouble());
    }

    @Test
    void putGetProvideAndLookupsAcrossThreeJsPeers() throws Exception {
        awaitRoutingTable(a, b);
        awaitRoutingTable(b, c);
        awaitRoutingTable(c, b);

        String key = base64("/test/" + UUID.randomUUID());
        JsonNode put = a.call("put", Map.of("key", key, "value", base64("hello")), T);
        assertThat(texts(put.get("storedAt"))).contains(b.peerId());
        assertThat(b.call("getLocal", Map.of("key", key), T).get("value").asText()).isEqualTo(base64("hello"));
        assertThat(c.call("get", Map.of("key", key), T).get("value").asText()).isEqualTo(base64("hello"));

        String cid = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
        assertThat(texts(a.call("provide", Map.of("cid", cid), T).get("sentTo"))).contains(b.peerId());
        assertThat(texts(b.call("localProviders", Map.of("cid", cid), T).get("providers"))).contains(a.peerId());
        JsonNode providers = c.call("findProviders", Map.of("cid", cid, "count", 1), T).get("providers");
        assertThat(providers.get(0).get("peerId").asText()).isEqualTo(a.peerId());

        JsonNode found = a.call("findPeer", Map.of("peerId", c.peerId(), "useCache", false), T);
        assertThat(texts(found.get("addrs"))).contains(c.address().replaceFirst("/p2p/.*", ""));

        List<String> closest = new ArrayList<>();
        a.call("getClosestPeers", Map.of("peerId", c.peerId()), T).get("peers")
                .forEach(p -> closest.add(p.get("peerId").asText()));
        assertThat(closest).contains(c.peerId());
    }

    @Test
    void failuresComeBackAsExceptionsWithJsMessage() {
        assertThatThrownBy(() -> a.call("frobnicate", Map.of(), T))
                .isInstanceOf(JsPeer.JsPeerException.class)
                .hasMessageContaining("unknown command \"frobnicate\"");
        assertThatThrownBy(() -> a.call("get", Map.of("key", "not base64!"), T))
                .isInstanceOf(JsPeer.JsPeerException.class)
                .hasMessageContaining("argument \"key\" must be standard base64");
        // Not b's id: a dial to a peer already connected would reuse that connection.
        String nobody = "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
        assertThatThrownBy(() -> a.call("ping", Map.of("addr", nobody, "timeoutMs", 5000), T))
                .isInstanceOf(JsPeer.JsPeerException.class);
    }

    /** Waits until {@code peer} holds {@code other} in its k-buckets (js adds a peer after identify and a ping). */
    private static void awaitRoutingTable(JsPeer peer, JsPeer other) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(texts(peer.call("routingTable", Map.of(), T).get("peers"))).contains(other.peerId()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
