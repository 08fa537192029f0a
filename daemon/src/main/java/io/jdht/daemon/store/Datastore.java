package io.jdht.daemon.store;

import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.RecordStore;
import io.jdht.node.Blockstore;
import io.jdht.node.Node;
import io.jdht.node.NodePersistence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's data on disk: value records, provider records, blocks, the keys it provides and the
 * records it put, its routing table with those peers' peer-store entries, and the daemon's small
 * state, in one MVStore file under a folder. See the package description for the model, the
 * threads and the durability rule.
 *
 * <p>{@link #open} loads the records, provider records, renewal lists and saved peers into memory
 * (dropping what has expired) on the caller's thread; hand the result to a node with
 * {@link #applyTo} before the node starts, and {@link #close} it after the node has closed.
 */
public final class Datastore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Datastore.class);

    private final StoreFile file;
    private final Writer writer;
    private final ExecutorService completions;
    private final InMemoryRecordStore records;
    private final InMemoryProviderStore providers;
    private final DatastoreBlockstore blocks;
    private final DatastorePersistence persistence;
    private final StateMap state;
    private final LoadReport loaded;

    private Datastore(StoreFile file, Writer writer, ExecutorService completions, InMemoryRecordStore records,
            InMemoryProviderStore providers, DatastoreBlockstore blocks, DatastorePersistence persistence, StateMap state,
            LoadReport loaded) {
        this.file = file;
        this.writer = writer;
        this.completions = completions;
        this.records = records;
        this.providers = providers;
        this.blocks = blocks;
        this.persistence = persistence;
        this.state = state;
        this.loaded = loaded;
    }

    /** {@link #open(Path, DatastoreConfig)} with the default limits and the system clock. */
    public static Datastore open(Path folder) {
        return open(folder, DatastoreConfig.DEFAULT);
    }

    /**
     * Opens the datastore in the folder, creating both if they do not exist, and loads it.
     *
     * @throws DatastoreException.InUse if another process (or another open datastore) has it
     * @throws DatastoreException.Unreadable if the file is damaged, rolled back, or not a jdht
     *     datastore; nothing on disk was changed
     */
    public static Datastore open(Path folder, DatastoreConfig config) {
        return open(folder, config, Writer.COMPACT_INTERVAL);
    }

    static Datastore open(Path folder, DatastoreConfig config, Duration compactInterval) {
        long started = System.nanoTime();
        StoreFile file = StoreFile.open(folder);
        Writer writer = null;
        ExecutorService completions = null;
        try {
            Maps maps = new Maps(file.store);
            InMemoryRecordStore records = config.newRecordStore();
            InMemoryProviderStore providers = config.newProviderStore();
            Loader.Result r = new Loader(maps, file.file).load(records, providers, config.clock().instant());
            file.store.commit(); // the expired entries the load dropped, before anything else is written
            completions = Executors.newVirtualThreadPerTaskExecutor();
            writer = new Writer(file, completions, compactInterval);
            records.listener(new RecordJournal(writer, maps));
            providers.listener(new ProviderJournal(writer, maps));
            LoadReport report = new LoadReport(r.records(), r.providerRecords(), providers.keyCount(),
                    maps.blockSizes.sizeAsLong(), r.saved().provided().size(), r.saved().published().size(),
                    r.saved().peers().size(), r.dropped(), Duration.ofNanos(System.nanoTime() - started));
            LOG.info("datastore {} opened: {}", file.file, report);
            return new Datastore(file, writer, completions, records, providers, new DatastoreBlockstore(writer, maps),
                    new DatastorePersistence(writer, maps, r.saved()), new StateMap(writer, maps), report);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.close();
            } else {
                file.abandon();
            }
            if (completions != null) {
                completions.shutdown();
            }
            throw e instanceof DatastoreException d ? d : StoreFile.translate(file.file, e);
        }
    }

    /**
     * The value records, in memory, journaled to disk. Like any {@link RecordStore} it belongs to
     * the node's DHT thread once the node runs.
     */
    public RecordStore records() {
        return records;
    }

    /** The provider records, in memory, journaled to disk; the DHT thread's once the node runs. */
    public ProviderStore providers() {
        return providers;
    }

    /** The blocks, on disk; safe from any thread that may block. */
    public Blockstore blocks() {
        return blocks;
    }

    /** The routing table and the renewal lists, for {@link Node.Builder#persistence}. */
    public NodePersistence persistence() {
        return persistence;
    }

    /** The daemon's own small state. */
    public StateMap state() {
        return state;
    }

    /** The last IPNS sequence number per name, for {@link io.jdht.daemon.ipns.NamePublisher}; in the state map. */
    public io.jdht.daemon.ipns.SequenceStore sequences() {
        return new DatastoreSequences(state);
    }

    /** What the open found. */
    public LoadReport loaded() {
        return loaded;
    }

    /** The store file. */
    public Path file() {
        return file.file;
    }

    /**
     * Completes once every change made before this call (by any thread, the DHT thread included)
     * is committed to the file, and so survives the process being killed. Completes on its own
     * thread, never the writer's or the caller's. Fails with {@link DatastoreException} if a write
     * failed or the datastore is closed.
     */
    public CompletableFuture<Void> sync() {
        return writer.sync();
    }

    /** Changes queued for the writer and not yet applied (a gauge for metrics). */
    public int pendingWrites() {
        return writer.pending();
    }

    /** Gives the builder this datastore's record, provider and block stores and its persistence. */
    public Node.Builder applyTo(Node.Builder builder) {
        return builder.recordStore(records).providerStore(providers).blockstore(blocks).persistence(persistence);
    }

    /**
     * Stops taking changes, commits those already queued, and closes the file. Close the node
     * first: changes it makes afterwards are dropped. Closing twice does nothing more.
     */
    @Override
    public void close() {
        writer.close();
        completions.shutdown();
    }
}
