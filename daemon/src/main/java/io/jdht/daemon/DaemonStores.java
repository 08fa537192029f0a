package io.jdht.daemon;

import io.jdht.crypto.PeerId;
import io.jdht.daemon.api.Durability;
import io.jdht.daemon.ipns.SequenceStore;
import io.jdht.daemon.store.Datastore;
import io.jdht.daemon.store.DatastoreConfig;
import io.jdht.kad.KadConfig;
import io.jdht.node.Node;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a daemon keeps its data, by {@code Datastore.Type}: {@code mvstore}, the datastore on
 * disk that survives restarts and {@code kill -9}; or {@code memory}, the node's in-memory stores,
 * for tests and experiments, gone when the daemon stops.
 */
interface DaemonStores extends AutoCloseable {
    /** Gives the node its stores; call before the node is built. */
    Node.Builder applyTo(Node.Builder builder);

    Durability durability();

    SequenceStore sequences();

    /** The datastore file, for the size metric; empty in memory. */
    java.util.Optional<Path> file();

    /** Changes waiting to be written (0 in memory). */
    long pendingWrites();

    /** One line for the console: what was loaded, or that nothing is kept. */
    String describe();

    @Override
    void close();

    /**
     * @param kad the limits of the stores (on disk as in memory: the node builds its memory stores
     *     from the same config)
     * @param self the node's own peer id, whose records no per-peer quota holds
     */
    static DaemonStores open(String type, Path folder, InstantSource clock, KadConfig kad, PeerId self) {
        return type.equals("memory") ? new Memory() : new OnDisk(Datastore.open(folder, DatastoreConfig.DEFAULT
                .withClock(clock).withLimits(kad.recordLimits(), kad.providerLimits()).withOwner(self)));
    }

    /** The MVStore datastore. */
    record OnDisk(Datastore store) implements DaemonStores {
        @Override
        public Node.Builder applyTo(Node.Builder builder) {
            return store.applyTo(builder);
        }

        @Override
        public Durability durability() {
            return store::sync;
        }

        @Override
        public SequenceStore sequences() {
            return store.sequences();
        }

        @Override
        public java.util.Optional<Path> file() {
            return java.util.Optional.of(store.file());
        }

        @Override
        public long pendingWrites() {
            return store.pendingWrites();
        }

        @Override
        public String describe() {
            return "datastore " + store.file() + ": " + store.loaded();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** Nothing on disk: the node's default in-memory stores, and sequence numbers in a map. */
    final class Memory implements DaemonStores, SequenceStore {
        private final Map<PeerId, Long> sequences = new ConcurrentHashMap<>();

        @Override
        public Node.Builder applyTo(Node.Builder builder) {
            return builder;
        }

        @Override
        public Durability durability() {
            return Durability.NONE;
        }

        @Override
        public SequenceStore sequences() {
            return this;
        }

        @Override
        public java.util.Optional<Path> file() {
            return java.util.Optional.empty();
        }

        @Override
        public long pendingWrites() {
            return 0;
        }

        @Override
        public String describe() {
            return "datastore: in memory (Datastore.Type memory): nothing is kept when the daemon stops";
        }

        @Override
        public long last(PeerId name) {
            return sequences.getOrDefault(name, -1L);
        }

        @Override
        public void used(PeerId name, long sequence) {
            sequences.merge(name, sequence, Math::max);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
