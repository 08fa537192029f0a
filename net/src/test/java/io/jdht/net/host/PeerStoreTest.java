package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeerStoreTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final PeerStore store = new PeerStore(() -> now.get());
    private final PeerId peer = PeerId.fromPublicKey(HostLoopbackTest.key(1).publicKey());
    private final Multiaddr a = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    private final Multiaddr b = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");

    @Test
    void addressesExpire() {
        store.addAddresses(peer, List.of(a), Duration.ofMinutes(1));
        store.addAddresses(peer, List.of(b.encapsulate(Multiaddr.parse("/p2p/" + peer))), Duration.ofMinutes(10));
        assertThat(store.addresses(peer)).containsExactly(a, b); // the /p2p suffix is not stored
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(store.addresses(peer)).containsExactly(b);
        store.addAddresses(peer, List.of(b), PeerStore.PERMANENT);
        now.set(now.get().plus(Duration.ofDays(400)));
        assertThat(store.addresses(peer)).containsExactly(b);
    }

    @Test
    void replaceForgetsOldAddresses() {
        store.addAddresses(peer, List.of(a), Duration.ofMinutes(1));
        store.replaceAddresses(peer, List.of(b), Duration.ofMinutes(1));
        assertThat(store.addresses(peer)).containsExactly(b);
    }

    @Test
    void keysMustMatchThePeerAndShortKeysComeFromTheId() {
        assertThat(store.publicKey(peer)).contains(HostLoopbackTest.key(1).publicKey());
        assertThatThrownBy(() -> store.setPublicKey(peer, HostLoopbackTest.key(2).publicKey()))
                .hasMessageContaining("does not belong");
    }

    @Test
    void protocolsAndExpiry() {
        store.setProtocols(peer, Set.of("/ipfs/kad/1.0.0"));
        assertThat(store.supports(peer, "/ipfs/kad/1.0.0")).isTrue();
        assertThat(store.supports(peer, "/other")).isFalse();
        PeerId other = PeerId.fromPublicKey(HostLoopbackTest.key(3).publicKey());
        store.addAddresses(other, List.of(a), Duration.ofSeconds(1));
        now.set(now.get().plusSeconds(2));
        store.removeExpired();
        assertThat(store.peers()).containsExactly(peer);
    }
}
