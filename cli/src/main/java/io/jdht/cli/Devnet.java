package io.jdht.cli;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.RecordValidator;
import io.jdht.net.host.Connection;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A network of server-mode nodes in this process, on 127.0.0.1. Node i connects to up to three
 * random earlier nodes, so the network is connected but sparse, and lookups have to walk it. Keys
 * and the wiring come from one seed, so that a run can be repeated exactly.
 */
final class Devnet implements AutoCloseable {
    /** Links each new node makes: enough for several paths between any two nodes, few enough to make lookups hop. */
    static final int LINKS_PER_NODE = 3;

    /**
     * The network's own namespace, {@code /devnet/}: nodes take a record only under a namespace
     * they validate, and these nodes, all in one process, agree to take any value under it and
     * keep the first.
     */
    static final RecordValidator DEVNET_NAMESPACE = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value, Instant now) {}

        @Override
        public int select(byte[] key, List<byte[]> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values to select from");
            }
            return 0;
        }
    };

    private final List<Node> nodes;

    private Devnet(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code count} nodes and wires them; on failure closes what it started. */
    static Devnet start(int count, Random random, Duration timeout) throws Exception {
        List<Node> nodes = new ArrayList<>();
        Devnet net = new Devnet(nodes);
        try {
            for (int i = 0; i < count; i++) {
                byte[] seed = new byte[32];
                random.nextBytes(seed);
                // identities from the seed: the same --seed gives the same peer ids, hence the same distances
                nodes.add(Node.builder()
                        .identity(Ed25519PrivateKey.fromSeed(seed))
                        .listen("/ip4/127.0.0.1/tcp/0")
                        .mode(DhtMode.SERVER)
                        .validator(NamespacedValidator.builder().register("devnet", DEVNET_NAMESPACE).build())
                        .random(new SplittableRandom(random.nextLong()))
                        .build());
            }
            await(CompletableFuture.allOf(nodes.stream().map(Node::start).toArray(CompletableFuture[]::new)), timeout);
            List<CompletableFuture<?>> links = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                List<Integer> earlier = new ArrayList<>(IntStream.range(0, i).boxed().toList());
                Collections.shuffle(earlier, random);
                for (int j : earlier.subList(0, Math.min(LINKS_PER_NODE, i))) {
                    links.add(nodes.get(i).connect(nodes.get(j).addresses().getFirst()));
                }
            }
            await(CompletableFuture.allOf(links.toArray(CompletableFuture[]::new)), timeout);
            return net;
        } catch (Exception | Error e) {
            net.close();
            throw e;
        }
    }

    private static void await(CompletableFuture<?> f, Duration timeout) throws Exception {
        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Node> nodes() {
        return nodes;
    }

    Node node(int i) {
        return nodes.get(i);
    }

    int size() {
        return nodes.size();
    }

    boolean connected(int a, int b) {
        return nodes.get(a).host().connection(nodes.get(b).peerId()).filter(Connection::isOpen).isPresent();
    }

    /** Closes every node, in parallel: each close waits a little for its DHT thread to stop. */
    @Override
    public void close() {
        try (ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor()) {
            nodes.forEach(n -> closer.execute(n::close));
        }
    }
}
