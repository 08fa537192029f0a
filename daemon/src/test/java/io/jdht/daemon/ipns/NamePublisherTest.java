package io.jdht.daemon.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.QueryListener;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamePublisherTest {
    private static final String CID = "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am";
    private final List<Node> nodes = new java.util.ArrayList<>();
    private final PrivateKey key = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
    private final Map<PeerId, Long> stored = new HashMap<>();
    private final SequenceStore sequences = new SequenceStore() {
        @Override
        public long last(PeerId name) {
            return stored.getOrDefault(name, -1L);
        }

        @Override
        public void used(PeerId name, long sequence) {
            stored.put(name, sequence);
        }
    };
    private Node publisherNode;
    private Node readerNode;

    @BeforeEach
    void network() {
        Node first = start(Node.builder());
        for (int i = 0; i < 3; i++) {
            start(Node.builder().bootstrap(List.of(first.addresses().getFirst())));
        }
        publisherNode = start(Node.builder().identity(key).bootstrap(List.of(first.addresses().getFirst())));
        readerNode = start(Node.builder().bootstrap(List.of(first.addresses().getFirst())));
    }

    private Node start(Node.Builder b) {
        Node n = b.listen("/ip4/127.0.0.1/tcp/0").mode(DhtMode.SERVER).build();
        nodes.add(n);
        n.start().join();
        return n;
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private NamePublisher publisher(Node node, PrivateKey k) {
        return new NamePublisher(node.dht(), k, sequences, InstantSource.system());
    }

    @Test
    void publishedNamesResolveElsewhereAndSequenceNumbersKeepRising() throws Exception {
        NamePublisher pub = publisher(publisherNode, key);
        var first = pub.publish(CID, Duration.ofHours(48), Duration.ofHours(1), QueryOptions.DEFAULT, QueryListener.NONE).join();
        assertThat(first.name()).startsWith("k51").isEqualTo(NamePublisher.nameText(publisherNode.peerId()));
        assertThat(first.value()).isEqualTo("/ipfs/" + CID);
        assertThat(first.sequence()).isZero();
        assertThat(first.peers()).isPositive();

        NamePublisher reader = publisher(readerNode, PrivateKey.generate(KeyType.ED25519, new SecureRandom()));
        assertThat(reader.resolve("/ipns/" + first.name(), true, 16, QueryOptions.DEFAULT, QueryListener.NONE).join())
                .isEqualTo("/ipfs/" + CID);

        // a publisher made afresh on the same sequence store (a restarted daemon) continues the numbers
        var second = publisher(publisherNode, key).publish("/ipfs/" + CID + "/dir", Duration.ofHours(48), Duration.ofHours(1),
                QueryOptions.DEFAULT, QueryListener.NONE).join();
        assertThat(second.sequence()).isEqualTo(1);
        assertThat(reader.resolve(first.name(), true, 16, QueryOptions.DEFAULT, QueryListener.NONE).join())
                .isEqualTo("/ipfs/" + CID + "/dir");
        byte[] record = readerNode.dht().get(IpnsRecord.routingKey(publisherNode.peerId())).join();
        assertThat(new String(IpnsRecord.parse(record).value(), StandardCharsets.UTF_8)).isEqualTo("/ipfs/" + CID + "/dir");
    }

    @Test
    void recursiveResolveFollowsIpnsValues() {
        NamePublisher target = publisher(publisherNode, key);
        target.publish(CID, Duration.ofHours(1), Duration.ofMinutes(1), QueryOptions.DEFAULT, QueryListener.NONE).join();
        PrivateKey otherKey = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        NamePublisher pointer = publisher(readerNode, otherKey);
        var p = pointer.publish("/ipns/" + target.name() + "/sub", Duration.ofHours(1), Duration.ofMinutes(1),
                QueryOptions.DEFAULT, QueryListener.NONE).join();
        assertThat(pointer.resolve(p.name(), true, 4, QueryOptions.DEFAULT, QueryListener.NONE).join())
                .isEqualTo("/ipfs/" + CID + "/sub");
        assertThat(pointer.resolve(p.name(), false, 4, QueryOptions.DEFAULT, QueryListener.NONE).join())
                .isEqualTo("/ipns/" + target.name() + "/sub");
    }

    @Test
    void pathsAreCheckedBeforeAnythingIsSigned() {
        NamePublisher pub = publisher(publisherNode, key);
        assertThatThrownBy(() -> pub.publish("/http/example.com", Duration.ofHours(1), Duration.ofMinutes(1),
                QueryOptions.DEFAULT, QueryListener.NONE)).hasMessageContaining("must start with /ipfs/ or /ipns/");
        assertThatThrownBy(() -> pub.publish("nonsense", Duration.ofHours(1), Duration.ofMinutes(1),
                QueryOptions.DEFAULT, QueryListener.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pub.publish("/ipfs/", Duration.ofHours(1), Duration.ofMinutes(1),
                QueryOptions.DEFAULT, QueryListener.NONE)).hasMessageContaining("is not a path");
        assertThat(stored).isEmpty();
    }
}
