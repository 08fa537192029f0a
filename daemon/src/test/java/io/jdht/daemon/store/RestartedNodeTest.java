package io.jdht.daemon.store;

import static io.jdht.daemon.store.TestData.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.PublicKeyValidator;
import io.jdht.kad.record.Sweep;
import io.jdht.multiformats.Cid;
import io.jdht.node.Node;
import io.jdht.node.SavedPeer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node on 127.0.0.1 with a datastore, in a network of in-memory nodes: it stops, and comes
 * back 23 hours later (on its clock) with its records, providers, renewal lists and routing table.
 */
@Timeout(120)
class RestartedNodeTest {
    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(Node::close);
    }

    private Node start(Node.Builder builder) {
        Node n = builder.listen("/ip4/127.0.0.1/tcp/0").build();
        nodes.add(n);
        join(n.start());
        return n;
    }

    private static void connect(Node a, Node b) {
        join(a.connect(b.addresses().getFirst()));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("operation failed: " + e, e);
        }
    }

    /** A provider store the test may read while the node's DHT thread writes it. */
    private static final class Watched implements ProviderStore {
        private final InMemoryProviderStore store = new InMemoryProviderStore();

        @Override
        public synchronized void add(byte[] key, ProviderRecord record) {
            store.add(key, record);
        }

        @Override
        public synchronized List<ProviderRecord> providers(byte[] key, Instant now) {
            return store.providers(key, now);
        }

        @Override
        public synchronized int removeExpired(Instant now) {
            return store.removeExpired(now);
        }

        @Override
        public synchronized Sweep removeExpired(Instant now, int budget) {
            return store.removeExpired(now, budget);
        }

        @Override
        public synchronized int keyCount() {
            return store.keyCount();
        }

        @Override
        public synchronized void owner(PeerId self) {
            store.owner(self);
        }
    }

    @Test
    void aRestartedNodeComesBackWithItsDataAndItsTable() {
        Node b = start(Node.builder());
        Node c = start(Node.builder());
        Node d = start(Node.builder());
        connect(c, b);
        connect(d, b);
        connect(d, c);
        PrivateKey identity = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        Path folder = dir.resolve("datastore");
        byte[] key = PublicKeyValidator.routingKey(identityId(identity));
        byte[] value = identity.publicKey().marshal();
        Cid cid;

        try (Datastore ds = Datastore.open(folder)) {
            Node a = start(ds.applyTo(Node.builder().identity(identity)));
            connect(a, b);
            join(a.dht().put(key, value));
            cid = a.blocks().put(b("a block worth keeping"));
            join(a.dht().provide(cid));
            join(ds.sync()); // the daemon's acknowledgement
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> join(a.routingTable()).size() == 3);
            a.close(); // saves the routing table
        }

        // 23 hours later on the restarted node's clock: past the 22 h reprovide, within the 48 h expiry
        InstantSource later = InstantSource.offset(InstantSource.system(), Duration.ofHours(23));
        byte[] mh = cid.hash().toBytes();
        try (Datastore ds = Datastore.open(folder, DatastoreConfig.DEFAULT.withClock(later))) {
            assertThat(ds.records().get(key, later.instant())).hasValueSatisfying(r ->
                    assertThat(r.value()).isEqualTo(value));
            assertThat(ds.providers().providers(mh, later.instant())).extracting(ProviderRecord::provider)
                    .containsExactly(identityId(identity));
            assertThat(ds.persistence().savedProvided()).singleElement().satisfies(p -> assertThat(p.multihash()).isEqualTo(mh));
            assertThat(ds.persistence().savedPublished()).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo(key));
            assertThat(ds.persistence().savedPeers()).extracting(SavedPeer::id)
                    .containsExactlyInAnyOrder(b.peerId(), c.peerId(), d.peerId());
            assertThat(ds.blocks().has(cid)).isTrue();

            // a newcomer that was not there for the first announcement
            Watched watched = new Watched();
            Node e = start(Node.builder().providerStore(watched));
            connect(e, b);

            Node again = start(ds.applyTo(Node.builder().identity(identity).clock(later))); // no bootstrap peers
            try {
                // the table is back the moment start completes, and serves a lookup for a peer it never met
                assertThat(join(again.routingTable())).extracting(PeerInfo::id)
                        .contains(b.peerId(), c.peerId(), d.peerId());
                assertThat(join(again.dht().findPeer(e.peerId())).id()).isEqualTo(e.peerId());
                assertThat(join(again.dht().get(key))).isEqualTo(value);
                // the reprovide that fell due while it was down reaches the newcomer
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(watched.providers(mh, Instant.now())).extracting(ProviderRecord::provider)
                                .contains(again.peerId()));
            } finally {
                again.close();
            }
        }
    }

    private static PeerId identityId(PrivateKey key) {
        return PeerId.fromPublicKey(key.publicKey());
    }
}
