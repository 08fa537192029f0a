package io.jdht.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadMessage;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.multistream.ProtocolRefusedException;
import io.jdht.net.host.PeerStore;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A kad request goes out optimistically, before the peer has agreed to the protocol; a peer that
 * no longer serves the DHT (its identify said it did) answers {@code na}. The request fails with
 * that reason, at once, and the peer is marked so that it is not asked again.
 */
@Timeout(60)
class KadRefusalTest {
    private static Host host() {
        Host h = Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").build());
        h.start().join();
        return h;
    }

    @Test
    void aRefusedRequestFailsCleanlyAndMarksThePeer() throws Exception {
        try (Host asker = host(); Host formerServer = host()) {
            KadService kad = new KadService(asker, Runnable::run, asker::listenAddresses);
            CompletableFuture<PeerId> marked = new CompletableFuture<>();
            kad.onProtocolRefused(marked::complete);
            PeerId remote = formerServer.peerId();
            asker.peerStore().addAddresses(remote, formerServer.listenAddresses(), PeerStore.TEMP_TTL);
            asker.peerStore().setProtocols(remote, Set.of(KadProtocol.ID, "/ipfs/ping/1.0.0"));

            PeerInfo peer = new PeerInfo(remote, formerServer.listenAddresses());

            assertThatThrownBy(() -> kad.request(peer, KadMessage.findNode(new byte[] {1, 2, 3})).get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ProtocolRefusedException.class)
                    .hasMessageContaining(KadProtocol.ID);
            assertThat(marked.get(10, TimeUnit.SECONDS)).isEqualTo(remote);
            assertThat(asker.peerStore().protocols(remote)).doesNotContain(KadProtocol.ID);
            assertThat(asker.connection(remote)).as("only the stream failed").isPresent();

        }
    }
}
