package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.kad.PeerInfo;
import io.jdht.node.protocol.KadProtocol;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client and server mode, and switching between them with identify push. */
@Timeout(60)
class ModeTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void aClientUsesTheDhtButStaysOutOfRoutingTablesUntilItBecomesAServer() {
        Node server = nodes.start();
        Node client = nodes.start(Node.builder().mode(DhtMode.CLIENT));
        connect(client, server);

        assertThat(client.host().protocols()).doesNotContain(KadProtocol.ID);
        assertThat(join(client.routingTable())).extracting(PeerInfo::id).containsExactly(server.peerId());
        assertThat(join(server.routingTable())).isEmpty();
        // a client can still use the DHT through the server
        assertThat(join(client.dht().query(server.peerId()))).extracting(PeerInfo::id).contains(server.peerId());

        client.setMode(DhtMode.SERVER);
        await().atMost(Duration.ofSeconds(10)).until(() -> join(server.routingTable()).stream()
                .anyMatch(p -> p.id().equals(client.peerId())));

        client.setMode(DhtMode.CLIENT);
        await().atMost(Duration.ofSeconds(10)).until(() -> join(server.routingTable()).isEmpty());
    }
}
