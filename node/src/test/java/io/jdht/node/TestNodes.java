package io.jdht.node;

import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.RecordValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts nodes on 127.0.0.1 for tests, and closes them all. */
final class TestNodes implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Accepts any value under /test/ and prefers the lexically larger one, like the js test peer. */
    static final RecordValidator TEST_NAMESPACE = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value, Instant now) {}

        @Override
        public int select(byte[] key, List<byte[]> values) {
            int best = 0;
            for (int i = 1; i < values.size(); i++) {
                if (java.util.Arrays.compareUnsigned(values.get(i), values.get(best)) > 0) {
                    best = i;
                }
            }
            return best;
        }
    };

    private final List<Node> nodes = new ArrayList<>();

    Node start() {
        return start(Node.builder());
    }

    Node start(Node.Builder builder) {
        Node n = builder.listen("/ip4/127.0.0.1/tcp/0")
                .validator(NamespacedValidator.builder().register("test", TEST_NAMESPACE).build())
                .build();
        nodes.add(n);
        join(n.start());
        return n;
    }

    /**
     * Connects a to b (a dials) and waits until identify and the admission check have run on both
     * sides: {@link Node#connect} waits for a's view of b only, while b identifies and admits a on
     * its own threads (on shared event loops that may come a moment later).
     */
    static void connect(Node a, Node b) {
        join(a.connect(b.addresses().getFirst()));
        if (a.mode() != DhtMode.SERVER || b.mode() != DhtMode.SERVER) {
            return; // a client is never admitted to a routing table
        }
        for (int i = 0; i < 500 && !join(b.routingTable()).stream().anyMatch(p -> p.id().equals(a.peerId())); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** n nodes, each connected to up to three random earlier ones (a fixed seed: same shape every run). */
    List<Node> network(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node node = start();
            for (int j = 0; j < Math.min(3, i); j++) {
                connect(node, out.get(random.nextInt(i)));
            }
            out.add(node);
        }
        return out;
    }

    static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }
}
