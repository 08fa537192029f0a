package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.StoreFullException;
import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KadEngine#putValue} and {@link KadEngine#provide}: keep the record or the announcement
 * here, enter it in the renewal lists, then store it at the closest peers, the classic way (a
 * lookup, then {@link Replication} to each) or optimistically ({@link OptimisticPublish}, once
 * {@link NetworkSizeEstimator} has an estimate). Runs on the DHT executor, as the engine does; the
 * lookups are the engine's.
 */
final class Publishing {
    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

    private final KadEngine engine;
    private final PeerId self;
    private final KadConfig config;
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final LocalData local;
    private final ProviderStore providers;
    /** The keys this node provides and the records it put: announced again periodically. */
    private final Renewals renewals;
    private final Replication replication;
    /** Fed by every lookup for the closest peers that completed; lets a publish be optimistic. */
    private final NetworkSizeEstimator sizes;

    Publishing(KadEngine engine, KadNetwork network, Scheduler scheduler, LocalData local, ProviderStore providers,
            Renewals renewals, TimedRequests requests, NetworkSizeEstimator sizes) {
        this.engine = engine;
        this.self = engine.self();
        this.config = engine.config();
        this.network = network;
        this.scheduler = scheduler;
        this.local = local;
        this.providers = providers;
        this.renewals = renewals;
        this.replication = new Replication(self, requests);
        this.sizes = sizes;
    }

    /** See {@link KadEngine#putValue(byte[], byte[], Duration, PublishStrategy, QueryListener)}. */
    CompletableFuture<Integer> putValue(byte[] key, byte[] value, Duration timeout, PublishStrategy strategy,
            QueryListener listener) {
        try {
            local.storeIfBetter(key, value, self, scheduler.now());
        } catch (InvalidRecordException e) {
            return CompletableFuture.failedFuture(new DhtException.InvalidRecord(
                    "put " + KadEngine.hex(key) + ": refused: " + e.getMessage(), e));
        } catch (StoreFullException e) {
            return CompletableFuture.failedFuture(new DhtException.InvalidRecord(
                    "put " + KadEngine.hex(key) + ": this node's record store is full: " + e.getMessage(), e));
        }
        renewals.published(key, value, scheduler.now());
        if (engine.routingTableSize() == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return publish(key, timeout, strategy, op -> replication.record(op, key, value), listener);
    }

    /**
     * See {@link KadEngine#provide(byte[], Duration, PublishStrategy, QueryListener)}; {@code
     * confirm} says whether each peer is asked back whether it kept the announcement (reprovide
     * does not ask).
     */
    CompletableFuture<Integer> provide(byte[] multihash, Duration timeout, PublishStrategy strategy,
            QueryListener listener, boolean confirm) {
        Instant now = scheduler.now();
        try {
            providers.add(multihash, new ProviderRecord(self, network.selfAddresses(), now));
        } catch (StoreFullException e) {
            LOG.warn("provider store full: {} is announced to the network but not kept here", KadEngine.hex(multihash));
        }
        renewals.provided(multihash, now);
        if (engine.routingTableSize() == 0) {
            return CompletableFuture.failedFuture(new DhtException.NoPeers(
                    "cannot provide, no connected peers (the routing table is empty)"));
        }
        PeerInfo me = new PeerInfo(self, network.selfAddresses());
        return publish(multihash, timeout, strategy, op -> replication.announcement(op, multihash, me, confirm), listener);
    }

    /** Stores at the closest peers: classic, or optimistic once the network's size can be estimated. */
    private CompletableFuture<Integer> publish(byte[] key, Duration timeout, PublishStrategy strategy,
            Function<Operation, Replication.Store> storeFor, QueryListener listener) {
        Operation op = new Operation(scheduler, listener, timeout);
        OptionalLong size = strategy == PublishStrategy.OPTIMISTIC ? sizes.estimate(scheduler.now()) : OptionalLong.empty();
        // An optimistic publish returns with stores still under way, which must outlive the
        // operation (its end cancels what it tracks): they get an operation of their own, whose
        // requests still time out at the request timeout.
        Replication.Store store = storeFor.apply(size.isEmpty() ? op : new Operation(scheduler, QueryListener.NONE, timeout));
        return op.result(size.isEmpty() // classic; also the fallback while too few lookups completed for an estimate
                ? engine.closestPeers(key, op, listener).thenCompose(c -> Replication.toEach(op, c.peers(), store, listener))
                : new OptimisticPublish(self, key, config, OptimisticThresholds.of(size.getAsLong(), config.k()),
                        store, listener).start(h -> engine.run(engine.newLookup(key, op), op, KadMessage.findNode(key),
                                listener, h)));
    }
}
