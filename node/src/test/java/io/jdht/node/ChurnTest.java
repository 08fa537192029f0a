package io.jdht.node;

import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.KadConfig;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.multiformats.Cid;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nodes leave; what was stored survives on the others, and lookups route around the gone. */
@Timeout(120)
class ChurnTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void recordsAndProvidersSurviveAQuarterOfTheNetworkLeaving() {
        List<Node> net = nodes.network(24, 11);
        byte[] key = "/test/churn".getBytes(UTF_8);
        join(net.get(0).dht().put(key, "survives".getBytes(UTF_8)));
        Cid cid = net.get(1).blocks().put("churn block".getBytes(UTF_8));
        join(net.get(1).dht().provide(cid));

        Node watcher = net.get(2);
        List<Node> leaving = net.subList(18, 24);
        for (Node n : leaving) { // the watcher meets the peers that will leave: they enter its table
            join(watcher.dht().findPeer(n.peerId()));
            join(watcher.connect(n.addresses().getFirst()));
        }
        long before = goneInTable(watcher, leaving);
        assertThat(before).isPositive();

        // six nodes go away without a word (their sockets just close)
        leaving.forEach(Node::close);
        for (int i = 2; i < 18; i += 5) {
            Node reader = net.get(i);
            assertThat(join(reader.dht().get(key, QueryOptions.timeout(Duration.ofSeconds(20)))))
                    .isEqualTo("survives".getBytes(UTF_8));
            assertThat(join(reader.dht().findProvs(cid))).extracting(PeerInfo::id).containsExactly(net.get(1).peerId());
        }
        // a lookup for each gone peer starts at it, finds it unreachable, and drops it from the table
        for (Node gone : leaving) {
            join(watcher.dht().query(gone.peerId()).handle((r, e) -> null));
        }
        assertThat(goneInTable(watcher, leaving)).isZero();
    }

    private static long goneInTable(Node node, List<Node> gone) {
        return join(node.routingTable()).stream()
                .filter(p -> gone.stream().anyMatch(n -> n.peerId().equals(p.id()))).count();
    }

    @Test
    void aNodeUsingDisjointPathsFindsTheSameClosestPeers() {
        List<Node> net = nodes.network(22, 5);
        Node disjoint = nodes.start(Node.builder()
                .kadConfig(KadConfig.DEFAULT.withLookup(LookupConfig.DEFAULT.withDisjointPaths(3))));
        for (int i = 0; i < 3; i++) {
            TestNodes.connect(disjoint, net.get(i * 7));
        }
        var target = net.get(13).peerId();
        List<PeerInfo> plain = join(net.get(1).dht().query(target));
        List<PeerInfo> viaPaths = join(disjoint.dht().query(target));
        assertThat(viaPaths.stream().map(PeerInfo::id).filter(p -> !p.equals(net.get(1).peerId())).limit(19))
                .containsAnyElementsOf(plain.stream().map(PeerInfo::id).toList());
        assertThat(viaPaths).extracting(PeerInfo::id).contains(target);
    }

    @Test
    void aStrictNodeRefusesKeysWithoutARegisteredNamespace() {
        Node strict = nodes.start(Node.builder());
        Node strictOnly = Node.builder().listen("/ip4/127.0.0.1/tcp/0")
                .validator(NamespacedValidator.builder().strict(true).build()).build();
        try (strictOnly) {
            join(strictOnly.start());
            Throwable t = join(strictOnly.dht().put("no-namespace".getBytes(UTF_8), "v".getBytes(UTF_8))
                    .handle((v, e) -> e instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : e));
            assertThat(t).isInstanceOf(io.jdht.kad.DhtException.InvalidRecord.class).hasMessageContaining("no-namespace");
            // the default, non-strict node takes the same key, as the seed's tests require
            join(strict.dht().put("no-namespace".getBytes(UTF_8), "v".getBytes(UTF_8)));
        }
    }
}
