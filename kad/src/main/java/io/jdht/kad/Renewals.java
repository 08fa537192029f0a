package io.jdht.kad;

import io.jdht.kad.record.ByteKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node announced itself and must announce again: the multihashes it provides (reprovided
 * every reprovide interval) and the records it put (put again every republish interval, so they
 * outlive the 48 h their holders keep them). Each change is told to the {@link RenewalLog}, which
 * is how a daemon keeps the lists across restarts. A renewal round runs one lookup per key, a few
 * at a time, so thousands of keys do not start together (the sweeping reprovider, the default,
 * renews the provided keys region by region instead and reads them here in key order). Touched
 * on the DHT thread only.
 */
final class Renewals {
    private static final Logger LOG = LoggerFactory.getLogger(Renewals.class);
    /** At most this many renewal lookups (reprovide, republish) run at once. */
    private static final int CONCURRENCY = 4;

    /** Announces a provided multihash again. */
    interface Provider {
        CompletableFuture<?> provide(byte[] multihash);
    }

    /** Puts one of this node's records again. */
    interface Putter {
        CompletableFuture<?> put(byte[] key, byte[] value);
    }

    /** A record this node put: its value and when it was last put. */
    private record Own(byte[] value, Instant at) {}

    private final Scheduler scheduler;
    private final EngineCounters counters;
    /** Multihashes this node provides, with when each was last announced. */
    private final Map<ByteKey, Instant> provided = new LinkedHashMap<>();
    /** The same multihashes in key-space order, for the sweeping reprovider. */
    private final java.util.TreeMap<Key, ByteKey> providedByKey = new java.util.TreeMap<>();
    /** Records this node put itself, with when each was last put. */
    private final Map<ByteKey, Own> published = new LinkedHashMap<>();
    private RenewalLog log = RenewalLog.NONE;

    Renewals(Scheduler scheduler, EngineCounters counters) {
        this.scheduler = scheduler;
        this.counters = counters;
    }

    void log(RenewalLog log) {
        this.log = java.util.Objects.requireNonNull(log, "log");
    }

    void provided(byte[] multihash, Instant at) {
        index(new ByteKey(multihash), at);
        log.provided(multihash, at);
    }

    private void index(ByteKey key, Instant at) {
        if (provided.put(key, at) == null) {
            providedByKey.put(Key.of(key.bytes()), key);
        }
    }

    /** The provided multihashes by their place in the key space (a live view; do not change it). */
    java.util.NavigableMap<Key, ByteKey> providedByKey() {
        return providedByKey;
    }

    void published(byte[] key, byte[] value, Instant at) {
        Own own = new Own(value.clone(), at);
        published.put(new ByteKey(key), own);
        log.published(key, own.value(), at);
    }

    /** Takes back the lists of an earlier run; not reported to the log, they came from it. */
    void restore(List<RenewalLog.Provided> keys, List<RenewalLog.Published> records) {
        for (RenewalLog.Provided p : keys) {
            index(new ByteKey(p.multihash()), p.at());
        }
        for (RenewalLog.Published p : records) {
            published.put(new ByteKey(p.key()), new Own(p.value().clone(), p.at()));
        }
    }

    List<RenewalLog.Provided> providedKeys() {
        return provided.entrySet().stream().map(e -> new RenewalLog.Provided(e.getKey().bytes().clone(), e.getValue()))
                .toList();
    }

    List<RenewalLog.Published> publishedRecords() {
        return published.entrySet().stream().map(e -> new RenewalLog.Published(e.getKey().bytes().clone(),
                e.getValue().value().clone(), e.getValue().at())).toList();
    }

    int providedCount() {
        return provided.size();
    }

    int publishedCount() {
        return published.size();
    }

    /** Announces again every key this node provides. */
    void reprovideAll(Provider provider) {
        reprovide(List.copyOf(provided.keySet()), provider);
    }

    /**
     * Puts again every record this node put itself. A record since superseded by a better one (a
     * newer IPNS record: the put fails as invalid) is no longer ours to spread and leaves the list.
     */
    void republishAll(Putter putter) {
        republish(List.copyOf(published.keySet()), putter);
    }

    /**
     * Renews at once what fell due while the node was down (restored from a run that stopped),
     * rather than a whole interval later.
     */
    void renewOverdue(Duration reprovideInterval, Duration republishInterval, Provider provider, Putter putter) {
        renewOverdueTogether(reprovideInterval, republishInterval, keys -> reprovide(keys, provider), putter);
    }

    /** As above, with the overdue provided keys handed over in one list (to the sweeping reprovider). */
    void renewOverdueTogether(Duration reprovideInterval, Duration republishInterval,
            java.util.function.Consumer<List<ByteKey>> reprovideMany, Putter putter) {
        Instant now = scheduler.now();
        List<ByteKey> keys = provided.entrySet().stream()
                .filter(e -> !e.getValue().plus(reprovideInterval).isAfter(now)).map(Map.Entry::getKey).toList();
        List<ByteKey> records = published.entrySet().stream()
                .filter(e -> !e.getValue().at().plus(republishInterval).isAfter(now)).map(Map.Entry::getKey).toList();
        if (!keys.isEmpty()) {
            LOG.info("reproviding {} keys whose reprovide fell due while the node was down", keys.size());
            reprovideMany.accept(keys);
        }
        if (!records.isEmpty()) {
            LOG.info("republishing {} records whose republish fell due while the node was down", records.size());
            republish(records, putter);
        }
    }

    private void reprovide(List<ByteKey> keys, Provider provider) {
        round(keys, key -> provider.provide(key.bytes()), "reprovide");
    }

    private void republish(List<ByteKey> keys, Putter putter) {
        round(keys, key -> {
            Own own = published.get(key);
            if (own == null) {
                return CompletableFuture.completedFuture(null);
            }
            return putter.put(key.bytes(), own.value()).whenComplete((n, e) -> {
                if (e instanceof DhtException.InvalidRecord) {
                    published.remove(key);
                    log.unpublished(key.bytes());
                }
            });
        }, "republish");
    }

    private void round(List<ByteKey> keys, Function<ByteKey, CompletableFuture<?>> once, String what) {
        counters.renewalStarted(what, scheduler.now(), keys.size());
        ArrayDeque<ByteKey> queue = new ArrayDeque<>(keys);
        for (int i = 0; i < CONCURRENCY; i++) {
            next(queue, once, what);
        }
    }

    private void next(ArrayDeque<ByteKey> queue, Function<ByteKey, CompletableFuture<?>> once, String what) {
        ByteKey key = queue.poll();
        if (key == null) {
            return;
        }
        CompletableFuture<?> f;
        try {
            f = once.apply(key);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((n, e) -> {
            if (e != null) {
                LOG.info("{} of {} failed: {}", what, KadEngine.hex(key.bytes()), QueryRun.describe(e));
            }
            counters.renewalEnded(what, e == null);
            next(queue, once, what);
        });
    }
}
