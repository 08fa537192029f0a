package io.jdht.interop;

import io.jdht.bench.JsPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.identify.IdentifyInfo;
import io.jdht.net.perf.PerfResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The libp2p host against js-libp2p 3.x (TCP + Noise + yamux), both directions: ping, identify,
 * 64 MiB perf transfers, and a dial to the wrong peer id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HostInteropTest {
    private static final long SIXTY_FOUR_MIB = 64L << 20;
    private static final Duration T = Duration.ofSeconds(60);

    private JsPeer js;
    private Host java;

    @BeforeAll
    void start() throws Exception {
        js = JsPeer.start();
        byte[] seed = new byte[32];
        seed[0] = 42;
        java = Host.create(HostConfig.builder(Ed25519PrivateKey.fromSeed(seed)).agentVersion("jdht-interop").build());
        java.enablePerf(1L << 30);
        java.start().join();
    }

    @AfterAll
    void stop() {
        if (java != null) {
            java.close();
        }
        if (js != null) {
            js.close();
        }
    }

    private String javaAddress() {
        return java.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + java.peerId())).toString();
    }

    @Test
    void javaDialsJsPingsAndIdentifies() throws Exception {
        Connection c = java.connect(Multiaddr.parse(js.address())).get(30, TimeUnit.SECONDS);
        assertThat(c.remotePeer()).isEqualTo(PeerId.parse(js.peerId()));
        var pinger = java.openPing(c.remotePeer()).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertThat(pinger.ping().get(10, TimeUnit.SECONDS)).isPositive();
        }
        pinger.close();
        IdentifyInfo info = c.identified().get(30, TimeUnit.SECONDS);
        assertThat(info.agentVersion().orElseThrow()).startsWith("js-libp2p/");
        assertThat(info.protocols()).contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/kad/1.0.0", "/perf/1.0.0");
        assertThat(info.listenAddrs()).extracting(Multiaddr::toString)
                .contains(Multiaddr.parse(js.address()).withoutPeerId().toString());
        assertThat(info.publicKey()).isPresent();
        assertThat(c.remotePeer().matches(info.publicKey().get())).isTrue();
    }

    @Test
    void jsDialsJavaPingsAndIdentifies() throws Exception {
        JsonNode ping = js.call("ping", Map.of("addr", javaAddress()), T);
        assertThat(ping.get("rttMs").asDouble()).isGreaterThanOrEqualTo(0);
        JsonNode id = js.call("identify", Map.of("addr", javaAddress()), T);
        assertThat(id.get("peerId").asText()).isEqualTo(java.peerId().toString());
        assertThat(id.get("agentVersion").asText()).isEqualTo("jdht-interop");
        List<String> protocols = new ArrayList<>();
        id.get("protocols").forEach(p -> protocols.add(p.asText()));
        assertThat(protocols).contains("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0", "/perf/1.0.0");
        assertThat(id.get("listenAddrs").get(0).asText()).isEqualTo(java.listenAddresses().get(0).toString());
        assertThat(id.get("observedAddr").asText()).startsWith("/ip4/127.0.0.1/tcp/");
    }

    @Test
    void perfJavaToJsBothWays() throws Exception {
        PeerId peer = PeerId.parse(js.peerId());
        java.connect(Multiaddr.parse(js.address())).get(30, TimeUnit.SECONDS);
        PerfResult down = java.perf(peer, 0, SIXTY_FOUR_MIB).get(60, TimeUnit.SECONDS);
        assertThat(down.downloadedBytes()).isEqualTo(SIXTY_FOUR_MIB);
        PerfResult up = java.perf(peer, SIXTY_FOUR_MIB, 0).get(60, TimeUnit.SECONDS);
        assertThat(up.uploadedBytes()).isEqualTo(SIXTY_FOUR_MIB);
        System.out.printf("perf java->js: download %.1f MB/s, upload %.1f MB/s%n",
                down.megabytesPerSecond(), up.megabytesPerSecond());
    }

    @Test
    void perfJsToJavaBothWays() throws Exception {
        JsonNode down = js.call("perf", Map.of("addr", javaAddress(), "downloadBytes", SIXTY_FOUR_MIB), T);
        assertThat(down.get("downloadBytes").asLong()).isEqualTo(SIXTY_FOUR_MIB);
        JsonNode up = js.call("perf", Map.of("addr", javaAddress(), "uploadBytes", SIXTY_FOUR_MIB), T);
        assertThat(up.get("uploadBytes").asLong()).isEqualTo(SIXTY_FOUR_MIB);
        System.out.printf("perf js->java: download %.1f MB/s, upload %.1f MB/s%n",
                down.get("megabytesPerSecond").asDouble(), up.get("megabytesPerSecond").asDouble());
    }

    @Test
    void javaRefusesAJsPeerThatIsNotTheOneDialled() {
        byte[] other = new byte[32];
        other[0] = 7;
        PeerId impostor = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(other).publicKey());
        Multiaddr wrong = Multiaddr.parse(js.address()).withoutPeerId().encapsulate(Multiaddr.parse("/p2p/" + impostor));
        assertThatThrownBy(() -> java.connect(wrong).get(30, TimeUnit.SECONDS))
                .hasMessageContaining(impostor.toString());
        assertThat(java.connection(impostor)).isEmpty();
    }

    @Test
    void jsRefusesAJavaPeerThatIsNotTheOneDialled() {
        byte[] other = new byte[32];
        other[0] = 8;
        PeerId impostor = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(other).publicKey());
        String wrong = java.listenAddresses().get(0) + "/p2p/" + impostor;
        assertThatThrownBy(() -> js.call("ping", Map.of("addr", wrong), T))
                .isInstanceOf(JsPeer.JsPeerException.class);
    }
}
