package io.jdht.node;

import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.RenewalLog;
import io.jdht.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node built with a {@link NodePersistence} saves its table and renewals and takes them back at the next start. */
@Timeout(120)
class NodeRestartTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    /** Keeps everything in memory, as a datastore would on disk. */
    private static final class Kept implements NodePersistence {
        volatile List<SavedPeer> peers = List.of();
        final List<RenewalLog.Provided> provided = new CopyOnWriteArrayList<>();
        final List<RenewalLog.Published> published = new CopyOnWriteArrayList<>();

        @Override
        public List<SavedPeer> savedPeers() {
            return peers;
        }

        @Override
        public void savePeers(List<SavedPeer> snapshot) {
            peers = List.copyOf(snapshot);
        }

        @Override
        public List<RenewalLog.Provided> savedProvided() {
            return List.copyOf(provided);
        }

        @Override
        public List<RenewalLog.Published> savedPublished() {
            return List.copyOf(published);
        }

        @Override
        public RenewalLog renewalLog() {
            return new RenewalLog() {
                @Override
                public void provided(byte[] multihash, Instant at) {
                    provided.removeIf(p -> java.util.Arrays.equals(p.multihash(), multihash));
                    provided.add(new RenewalLog.Provided(multihash.clone(), at));
                }

                @Override
                public void published(byte[] key, byte[] value, Instant at) {
                    unpublished(key);
                    published.add(new RenewalLog.Published(key.clone(), value.clone(), at));
                }

                @Override
                public void unpublished(byte[] key) {
                    published.removeIf(p -> java.util.Arrays.equals(p.key(), key));
                }
            };
        }
    }

    @Test
    void aRestartedNodeHasItsTableAtOnceDropsDeadPeersAndKeepsItsRenewals() {
        List<Node> net = nodes.network(4, 3);
        Kept kept = new Kept();
        PrivateKey identity = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        Node first = nodes.start(Node.builder().identity(identity).persistence(kept));
        TestNodes.connect(first, net.get(0));
        join(first.dht().put("/test/kept".getBytes(UTF_8), "v".getBytes(UTF_8)));
        join(first.dht().provide(first.blocks().put("kept block".getBytes(UTF_8))));
        assertThat(join(first.routingTable())).hasSizeGreaterThanOrEqualTo(4);
        first.close();

        assertThat(kept.peers).extracting(SavedPeer::id)
                .containsAll(net.stream().map(Node::peerId).toList());
        assertThat(kept.peers).allSatisfy(p -> {
            assertThat(p.addresses()).isNotEmpty();
            assertThat(p.protocols()).contains("/ipfs/kad/1.0.0");
        });
        assertThat(kept.provided).hasSize(1);
        assertThat(kept.published).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo("v".getBytes(UTF_8)));

        // one saved peer has gone away for good
        PeerId ghost = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, new SecureRandom()).publicKey());
        List<SavedPeer> withGhost = new ArrayList<>(kept.peers);
        withGhost.add(new SavedPeer(ghost, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/9")), Optional.empty(),
                Set.of("/ipfs/kad/1.0.0"), Optional.of("gone/1.0")));
        kept.peers = withGhost;

        Node again = nodes.start(Node.builder().identity(identity).persistence(kept)); // no bootstrap peers
        List<PeerId> table = join(again.routingTable()).stream().map(PeerInfo::id).toList();
        assertThat(table).containsAll(net.stream().map(Node::peerId).toList());
        assertThat(again.host().peerStore().agentVersion(net.get(1).peerId())).isPresent();
        // answers a lookup at once, through the restored table alone
        assertThat(join(again.dht().get("/test/kept".getBytes(UTF_8)))).isEqualTo("v".getBytes(UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(join(again.routingTable())).extracting(PeerInfo::id).doesNotContain(ghost));
    }
}
