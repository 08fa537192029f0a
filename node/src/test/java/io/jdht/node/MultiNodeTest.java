package io.jdht.node;

import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryEvent;
import io.jdht.multiformats.Cid;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** 25 nodes on loopback, each joined through three earlier ones: every operation works from anywhere. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MultiNodeTest {
    private static final int N = 25;
    private final TestNodes nodes = new TestNodes();
    private List<Node> net;

    @BeforeAll
    void startNetwork() {
        net = nodes.network(N, 7);
        // one refresh round each, as a node that has run a while would have done
        for (Node n : net) {
            join(n.dht().query(n.peerId()).handle((r, e) -> null));
        }
    }

    @AfterAll
    void stop() {
        nodes.close();
    }

    @Test
    void putOnOneNodeGetOnEveryOther() {
        byte[] key = "/test/multinode-put".getBytes(UTF_8);
        byte[] value = "v1".getBytes(UTF_8);
        int stored = join(net.get(3).dht().putAndCount(key, value, QueryOptions.DEFAULT, e -> {}));
        assertThat(stored).isBetween(10, 20);
        for (int i = 0; i < N; i += 4) {
            assertThat(join(net.get(i).dht().get(key))).as("get from node %d", i).isEqualTo(value);
        }
    }

    @Test
    void getPicksTheBestValueAndCorrectsStalePeers() {
        byte[] key = "/test/multinode-select".getBytes(UTF_8);
        join(net.get(1).dht().put(key, "a-old".getBytes(UTF_8)));
        // a better value (the test namespace prefers the lexically larger) put by a node that only reaches some holders
        join(net.get(2).dht().put(key, "b-new".getBytes(UTF_8)));
        assertThat(join(net.get(20).dht().get(key))).isEqualTo("b-new".getBytes(UTF_8));
    }

    @Test
    void provideOnOneNodeFindOnEveryOther() {
        Node provider = net.get(5);
        Cid cid = provider.blocks().put("multinode block".getBytes(UTF_8));
        List<Integer> reached = join(provider.dht().provideAndCount(List.of(cid), QueryOptions.DEFAULT, e -> {}));
        assertThat(reached.getFirst()).isBetween(10, 20);
        for (int i = 0; i < N; i += 3) {
            if (i == 5) {
                continue;
            }
            assertThat(join(net.get(i).dht().findProvs(cid))).as("findProvs from node %d", i)
                    .extracting(PeerInfo::id).containsExactly(provider.peerId());
        }
    }

    @Test
    void findPeerOfEveryNodeFromAFarNode() {
        Node asker = net.get(N - 1);
        for (Node target : net) {
            if (target == asker) {
                continue;
            }
            PeerInfo found = join(asker.dht().findPeer(target.peerId()));
            assertThat(found.id()).isEqualTo(target.peerId());
            assertThat(found.addresses()).isNotEmpty();
        }
    }

    @Test
    void queryFindsTheTrueClosestPeers() {
        Node asker = net.get(0);
        PeerId target = net.get(17).peerId();
        Set<PeerId> contacted = ConcurrentHashMap.newKeySet();
        List<PeerInfo> closest = join(asker.dht().query(target, QueryOptions.DEFAULT, e -> {
            if (e instanceof QueryEvent.SendingQuery s) {
                contacted.add(s.peer());
            }
        }));
        Key t = Key.of(target);
        List<PeerId> truth = net.stream().map(Node::peerId).filter(p -> !p.equals(asker.peerId()))
                .sorted(Comparator.comparing((PeerId p) -> Key.of(p), (a, b) -> a.compareDistance(b, t)))
                .limit(20).toList();
        Set<PeerId> found = closest.stream().map(PeerInfo::id).collect(Collectors.toSet());
        assertThat(found).containsExactlyInAnyOrderElementsOf(truth);
        assertThat(contacted).isNotEmpty();
    }
}
