package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.identify.IdentifyInfo;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The peer store's bounds against a peer that keeps coming back as someone new: the measured attack
 * was 6,000 connections, each a fresh identity listing 600 long protocols in identify, and the
 * store kept all of it. Here the attack goes through the store's API and identify's decoding, as
 * the host would apply it, without the connections.
 */
class PeerStoreLimitsTest {
    private static final int IDENTITIES = 6_000;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Multiaddr addr = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");

    /** A distinct key per number, unlike the test keys of other tests, which run out at 256. */
    static PrivateKey key(int n) {
        byte[] seed = new byte[32];
        ByteBuffer.wrap(seed).putInt(n).putInt(0x6a646874);
        return Ed25519PrivateKey.fromSeed(seed);
    }

    private static final List<String> STUFFING =
            java.util.stream.IntStream.range(0, 600).mapToObj(i -> longProtocol(i, 200)).toList();
    private static final String LONG_AGENT = "x".repeat(2_000);

    /** The attacker's identify: 600 protocols of 200 characters and a long agent. */
    static IdentifyInfo stuffedIdentify(PrivateKey key) {
        return IdentifyInfo.fromProto(Identify.newBuilder()
                .setAgentVersion(LONG_AGENT)
                .setProtocolVersion("ipfs/0.1.0")
                .setPublicKey(com.google.protobuf.ByteString.copyFrom(key.publicKey().marshal()))
                .addListenAddrs(com.google.protobuf.ByteString.copyFrom(Multiaddr.parse("/ip4/192.0.2.9/tcp/4001").toBytes()))
                .addAllProtocols(STUFFING)
                .build());
    }

    static String longProtocol(int i, int length) {
        String head = "/attack/" + i + "/";
        return head + "p".repeat(length - head.length());
    }

    /** What the host does for one connection from {@code key}: connect, handshake, identify, hang up. */
    private static void connectIdentifyLeave(PeerStore store, PrivateKey key, IdentifyInfo info) {
        PeerId peer = PeerId.fromPublicKey(key.publicKey());
        store.connected(peer);
        store.addAddresses(peer, List.of(Multiaddr.parse("/ip4/192.0.2.9/tcp/4001")), PeerStore.RECENTLY_CONNECTED_TTL);
        store.setPublicKey(peer, key.publicKey());
        store.replaceAddresses(peer, info.listenAddrs(), PeerStore.RECENTLY_CONNECTED_TTL);
        store.setProtocols(peer, info.protocols());
        store.setAgentVersion(peer, info.agentVersion().orElse(""), info.protocolVersion().orElse(""));
        store.disconnected(peer);
    }

    @Test
    void freshIdentitiesStayWithinTheEntryCap() {
        PeerStore store = new PeerStore(now::get, 1_000, Long.MAX_VALUE);
        PeerId first = PeerId.fromPublicKey(key(0).publicKey());
        PeerId last = null;
        for (int i = 0; i < IDENTITIES; i++) {
            PrivateKey k = key(i);
            connectIdentifyLeave(store, k, stuffedIdentify(k));
            assertThat(store.size()).isLessThanOrEqualTo(1_000);
            last = PeerId.fromPublicKey(k.publicKey());
        }
        assertThat(store.size()).isEqualTo(1_000);
        // the least recently used went, the newest stayed
        assertThat(store.peers()).doesNotContain(first).contains(last);
    }

    @Test
    void freshIdentitiesStayWithinTheByteBudget() {
        long budget = 4L << 20;
        PeerStore store = new PeerStore(now::get, PeerStore.DEFAULT_MAX_PEERS, budget);
        for (int i = 0; i < IDENTITIES; i++) {
            PrivateKey k = key(i);
            connectIdentifyLeave(store, k, stuffedIdentify(k));
            assertThat(store.estimatedBytes()).isLessThanOrEqualTo(budget);
        }
        // each stuffed entry is charged tens of KiB, so far fewer than 6,000 fit
        assertThat(store.size()).isBetween(1, IDENTITIES / 10);
    }

    @Test
    void sixHundredLongProtocolsAreCutToTheCap() {
        PeerStore store = new PeerStore(now::get);
        PeerId peer = PeerId.fromPublicKey(key(1).publicKey());
        Set<String> offered = new LinkedHashSet<>();
        for (int i = 0; i < 10; i++) {
            offered.add(longProtocol(i, IdentifyProtocol.MAX_PROTOCOL_LENGTH + 1)); // too long: dropped
        }
        for (int i = 10; i < 600; i++) {
            offered.add(longProtocol(i, IdentifyProtocol.MAX_PROTOCOL_LENGTH));
        }
        store.setProtocols(peer, offered);
        store.setAgentVersion(peer, "a".repeat(10_000), "v".repeat(10_000));

        assertThat(store.protocols(peer)).hasSize(IdentifyProtocol.MAX_PROTOCOLS)
                .allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(IdentifyProtocol.MAX_PROTOCOL_LENGTH));
        assertThat(store.agentVersion(peer)).hasValueSatisfying(a -> assertThat(a).hasSize(IdentifyProtocol.MAX_VERSION_LENGTH));
        assertThat(store.protocolVersion(peer)).hasValueSatisfying(v -> assertThat(v).hasSize(IdentifyProtocol.MAX_VERSION_LENGTH));
        // the same through identify's decoding
        assertThat(stuffedIdentify(key(2)).protocols()).hasSize(IdentifyProtocol.MAX_PROTOCOLS);
    }

    @Test
    void aDisconnectedPeersEntryExpiresThirtyMinutesAfterItLeft() {
        PeerStore store = new PeerStore(now::get);
        PeerId peer = PeerId.fromPublicKey(key(1).publicKey());
        store.connected(peer);
        store.setPublicKey(peer, key(1).publicKey());
        store.replaceAddresses(peer, List.of(addr), PeerStore.RECENTLY_CONNECTED_TTL);
        store.setProtocols(peer, Set.of("/ipfs/kad/1.0.0"));
        store.setAgentVersion(peer, "kubo/0.30.0", "ipfs/0.1.0");

        // connected for hours: the addresses expire, the rest stays
        advance(Duration.ofHours(3));
        store.removeExpired();
        assertThat(store.addresses(peer)).isEmpty();
        assertThat(store.supports(peer, "/ipfs/kad/1.0.0")).isTrue();

        store.disconnected(peer);
        advance(PeerStore.RECENTLY_CONNECTED_TTL.minusMinutes(1));
        store.removeExpired();
        assertThat(store.peers()).contains(peer);
        assertThat(store.agentVersion(peer)).contains("kubo/0.30.0");

        advance(Duration.ofMinutes(2));
        store.removeExpired();
        assertThat(store.peers()).doesNotContain(peer);
        assertThat(store.protocols(peer)).isEmpty();
        assertThat(store.agentVersion(peer)).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(store.estimatedBytes()).isZero();
    }

    @Test
    void anAddressOutlivesTheRestOfTheEntryIfItsTtlIsLonger() {
        PeerStore store = new PeerStore(now::get);
        PeerId peer = PeerId.fromPublicKey(key(1).publicKey());
        store.setProtocols(peer, Set.of("/ipfs/kad/1.0.0"));
        store.addAddresses(peer, List.of(addr), Duration.ofHours(2));
        advance(Duration.ofHours(1));
        store.removeExpired();
        assertThat(store.addresses(peer)).containsExactly(addr);
        advance(Duration.ofHours(1));
        store.removeExpired();
        assertThat(store.peers()).doesNotContain(peer);
    }

    @Test
    void connectedAndRetainedPeersSurviveEvictionAndExpiry() {
        PeerStore store = new PeerStore(now::get, 10, Long.MAX_VALUE);
        PeerId connected = PeerId.fromPublicKey(key(1).publicKey());
        PeerId retained = PeerId.fromPublicKey(key(2).publicKey());
        PeerId loose = PeerId.fromPublicKey(key(3).publicKey());
        store.setRetained(retained::equals);
        store.connected(connected);
        for (PeerId p : List.of(connected, retained, loose)) {
            store.setProtocols(p, Set.of("/ipfs/kad/1.0.0"));
        }
        // the three are the least recently used; a crowd of newcomers pushes past the cap
        for (int i = 10; i < 110; i++) {
            store.setProtocols(PeerId.fromPublicKey(key(i).publicKey()), Set.of("/x"));
        }
        assertThat(store.size()).isEqualTo(10);
        assertThat(store.peers()).contains(connected, retained).doesNotContain(loose);

        advance(Duration.ofDays(1));
        store.removeExpired();
        assertThat(store.peers()).containsExactlyInAnyOrder(connected, retained);
        assertThat(store.supports(retained, "/ipfs/kad/1.0.0")).isTrue();

        // out of the routing table, and long past its time: it goes at the next sweep
        store.setRetained(p -> false);
        store.removeExpired();
        assertThat(store.peers()).containsExactly(connected);
    }

    @Test
    void aPeerOverTheCapIsEvictedWhenItsLastConnectionCloses() {
        PeerStore store = new PeerStore(now::get, 2, Long.MAX_VALUE);
        List<PeerId> peers = List.of(PeerId.fromPublicKey(key(1).publicKey()),
                PeerId.fromPublicKey(key(2).publicKey()), PeerId.fromPublicKey(key(3).publicKey()));
        for (PeerId p : peers) {
            store.connected(p);
            store.connected(p);
            store.setProtocols(p, Set.of("/x"));
        }
        assertThat(store.size()).isEqualTo(3); // all protected: over the cap for now
        store.disconnected(peers.get(0));
        assertThat(store.size()).isEqualTo(3); // one connection left
        store.disconnected(peers.get(0));
        assertThat(store.peers()).containsExactlyInAnyOrderElementsOf(peers.subList(1, 3));
        assertThat(store.publicKey(peers.get(0))).isEqualTo(Optional.of(key(1).publicKey())); // from the id
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }
}
