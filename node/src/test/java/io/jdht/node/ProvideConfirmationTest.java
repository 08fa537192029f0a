package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provide counts the peers that hold the announcement, over real streams: a peer whose provider
 * store takes nothing more is not counted, though the ADD_PROVIDER reached it.
 */
@Timeout(60)
class ProvideConfirmationTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    /** A provider store holding someone else's key and room for no other. */
    private static InMemoryProviderStore full() {
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20,
                new StoreLimits(1, 1 << 20, 1, 1 << 20));
        PeerId someone = new PeerId(Multihash.sha2_256("someone".getBytes(UTF_8)));
        store.add(Multihash.sha2_256("their content".getBytes(UTF_8)).toBytes(),
                new ProviderRecord(someone, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")), Instant.now()));
        return store;
    }

    @Test
    void aPeerThatDroppedTheAnnouncementIsNotCounted() {
        Node a = nodes.start();
        Node refusing = nodes.start(Node.builder().providerStore(full()));
        Node keeping = nodes.start();
        connect(a, refusing);
        connect(a, keeping);
        Cid cid = a.blocks().put("confirmed".getBytes(UTF_8));
        List<QueryEvent> events = new CopyOnWriteArrayList<>();
        List<Integer> counts = join(a.dht().provideAndCount(List.of(cid), QueryOptions.DEFAULT, events::add));
        assertThat(counts).containsExactly(1);
        assertThat(events).filteredOn(QueryEvent.AddingPeer.class::isInstance).hasSize(2);
        assertThat(events).filteredOn(e -> e instanceof QueryEvent.QueryError q && refusing.peerId().equals(q.peer()))
                .singleElement().satisfies(e -> assertThat(((QueryEvent.QueryError) e).message())
                        .contains("does not list this node as a provider"));
        assertThat(join(keeping.dht().findProvs(cid))).extracting(p -> p.id()).containsExactly(a.peerId());
    }

    @Test
    void whenNoPeerKeptItTheCountIsZero() {
        Node a = nodes.start();
        Node refusing = nodes.start(Node.builder().providerStore(full()));
        connect(a, refusing);
        Cid cid = a.blocks().put("dropped".getBytes(UTF_8));
        assertThat(join(a.dht().provideAndCount(List.of(cid), QueryOptions.DEFAULT, e -> {}))).containsExactly(0);
    }
}
