package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.kad.PeerInfo;
import io.jdht.net.host.Connection;
import io.jdht.net.host.PeerStore;
import io.jdht.node.protocol.KadProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node retains its routing table's peers in the peer store, and only those, once they disconnect. */
@Timeout(60)
class PeerStoreRetentionTest {
    private final TestNodes nodes = new TestNodes();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void routingTablePeersKeepTheirEntryAfterOthersExpired() {
        Node a = nodes.start(Node.builder().clock(now::get));
        Node server = nodes.start();
        Node client = nodes.start(Node.builder().mode(DhtMode.CLIENT));
        connect(a, server);
        connect(a, client);
        assertThat(join(a.routingTable())).extracting(PeerInfo::id).containsExactly(server.peerId());

        a.host().connectionManager().connections().forEach(Connection::close);
        await().atMost(TestNodes.WAIT).until(() -> a.host().connectionManager().size() == 0);
        now.set(now.get().plus(PeerStore.RECENTLY_CONNECTED_TTL).plus(Duration.ofHours(1)));
        a.host().peerStore().removeExpired();

        PeerStore store = a.host().peerStore();
        assertThat(store.peers()).contains(server.peerId()).doesNotContain(client.peerId());
        assertThat(store.supports(server.peerId(), KadProtocol.ID)).isTrue();
    }
}
