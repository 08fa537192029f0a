package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.KadConfig;
import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code QueryOptions.withPublish} reaches the engine, over real streams on 127.0.0.1. The two ways
 * are told apart by their events: a classic publish names the closest peers its full lookup found
 * ({@link QueryEvent.FinalPeer}) before it stores; an optimistic one stores as the walk goes and
 * names none. k is 2 here, so that a network of five nodes gives the size estimator full samples.
 */
@Timeout(60)
class OptimisticPublishNodeTest {
    private static final KadConfig K2 = KadConfig.DEFAULT
            .withLookup(new LookupConfig(2, 3, 2, Duration.ofSeconds(5), 1));
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    private static boolean named(List<QueryEvent> events) {
        return events.stream().anyMatch(QueryEvent.FinalPeer.class::isInstance);
    }

    @Test
    void theOptimisticOptionOfProvideAndPutReachesTheEngine() {
        Node a = nodes.start(Node.builder().kadConfig(K2));
        List<Node> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Node n = nodes.start(Node.builder().kadConfig(K2));
            connect(a, n);
            others.add(n);
        }
        Cid cid = a.blocks().put("optimistic".getBytes(UTF_8));
        QueryOptions optimistic = QueryOptions.DEFAULT.withPublish(PublishStrategy.OPTIMISTIC);

        // no estimate yet: optimistic falls back to classic, which names the closest peers
        List<QueryEvent> fallback = new CopyOnWriteArrayList<>();
        assertThat(join(a.dht().provideAndCount(List.of(cid), optimistic, fallback::add)).getFirst()).isPositive();
        assertThat(named(fallback)).isTrue();

        // five more completed lookups give the estimator its minimum
        for (int i = 0; i < 5; i++) {
            join(a.dht().query(new PeerId(Multihash.sha2_256(("target " + i).getBytes(UTF_8)))));
        }
        List<QueryEvent> provided = new CopyOnWriteArrayList<>();
        assertThat(join(a.dht().provideAndCount(List.of(cid), optimistic, provided::add)).getFirst()).isPositive();
        assertThat(provided).anyMatch(QueryEvent.AddingPeer.class::isInstance);
        assertThat(named(provided)).isFalse();

        List<QueryEvent> put = new CopyOnWriteArrayList<>();
        assertThat(join(a.dht().putAndCount("/test/optimistic".getBytes(UTF_8), "v".getBytes(UTF_8), optimistic,
                put::add))).isPositive();
        assertThat(named(put)).isFalse();

        List<QueryEvent> classic = new CopyOnWriteArrayList<>();
        join(a.dht().putAndCount("/test/classic".getBytes(UTF_8), "v".getBytes(UTF_8), QueryOptions.DEFAULT, classic::add));
        assertThat(named(classic)).isTrue();

        // and the others find the provider
        assertThat(join(others.get(3).dht().findProvs(cid))).extracting(p -> p.id()).contains(a.peerId());
    }
}
