package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.ByteKey;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreFullException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reprovides by key-space region rather than key by key (the package documentation describes the
 * algorithm): each region's peers are found once per interval by a {@link RegionExplorer}, then
 * each key of the region is announced to its k closest among them. Regions run one after the
 * other at their place in the cycle, so the load is spread over the whole interval. Touched on
 * the DHT thread only.
 */
final class SweepingReprovider {
    private static final Logger LOG = LoggerFactory.getLogger(SweepingReprovider.class);
    /** The deepest region scheduled: 2^20 regions of k peers is a network of 20 million. */
    static final int MAX_REGION_LENGTH = 20;
    /** A region with fewer keys than this is reprovided key by key: exploring it costs about 3 lookups. */
    static final int MIN_KEYS_TO_SWEEP = 3;
    /** Keys whose announcements are in flight at once (each goes to k peers). */
    private static final int KEYS_IN_FLIGHT = 16;
    /** Keys reprovided key by key at once (each is a lookup), as the one-per-key reprovide does. */
    private static final int LOOKUPS_IN_FLIGHT = 4;

    private final KadEngine engine;
    private final Key selfKey;
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final Renewals renewals;
    private final EngineCounters counters;
    private final RandomGenerator random;
    private final Replication replication;
    final RegionExplorer explorer;
    private Scheduler.Cancellable timer;
    /** Regions run one after the other: this completes when the last one queued has. */
    private CompletableFuture<?> queue = CompletableFuture.completedFuture(null);
    private Instant cycleStart;
    private int length;
    /** This node's own prefix of that length: slot i sweeps region i XOR order. */
    private long order;
    /** Per-key lookups run when a region had too few keys to explore (for the measurement). */
    private long perKeyLookups;

    SweepingReprovider(KadEngine engine, KadNetwork network, TimedRequests requests, Scheduler scheduler,
            Renewals renewals, EngineCounters counters, RandomGenerator random) {
        this.engine = engine;
        this.selfKey = Key.of(engine.self());
        this.network = network;
        this.scheduler = scheduler;
        this.renewals = renewals;
        this.counters = counters;
        this.random = random;
        this.replication = new Replication(engine.self(), requests);
        this.explorer = new RegionExplorer(engine.config().k(), this::closest, this::targetIn);
    }

    /**
     * Starts the cycles. They are aligned on the epoch, so a node that restarts keeps its schedule:
     * the first region run is the one whose time comes next, and those whose time passed while
     * the node was down are left to {@link #reprovideNow} (the overdue keys).
     */
    void start() {
        stop();
        long interval = engine.config().reprovideInterval().toMillis();
        long now = scheduler.now().toEpochMilli();
        startCycle(Instant.ofEpochMilli(Math.floorDiv(now, interval) * interval));
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Lookups the sweep ran: region exploration and key-by-key reprovides of sparse regions. */
    long lookups() {
        return explorer.lookups() + perKeyLookups;
    }

    /**
     * Reprovides these keys now, region by region (at start, for the keys whose reprovide fell
     * due while the node was down). Only the keys given are announced.
     */
    CompletableFuture<?> reprovideNow(Collection<ByteKey> keys) {
        int len = regionLength();
        TreeMap<Key, ByteKey> byKey = new TreeMap<>();
        keys.forEach(k -> byKey.put(Key.of(k.bytes()), k));
        counters.renewalStarted("reprovide", scheduler.now(), byKey.size());
        CompletableFuture<?> last = queue;
        while (!byKey.isEmpty()) {
            Prefix p = Prefix.of(byKey.firstKey(), len);
            NavigableMap<Key, ByteKey> in = p.within(byKey);
            last = enqueue(p, new TreeMap<>(in));
            in.clear();
        }
        return last;
    }

    private void startCycle(Instant at) {
        cycleStart = at;
        length = regionLength();
        order = Prefix.of(selfKey, length).bits();
        counters.renewalStarted("reprovide", scheduler.now(), renewals.providedByKey().size());
        LOG.debug("reprovide cycle: regions of {} bits, {} keys", length, renewals.providedByKey().size());
        // the first slot not already past (the node may start in the middle of a cycle)
        double elapsed = Duration.between(at, scheduler.now()).toNanos()
                / (double) engine.config().reprovideInterval().toNanos();
        scheduleFrom((long) Math.ceil(Math.max(0, elapsed) * (1L << length)));
    }

    /**
     * Arms the timer for the first slot at or after {@code slot} whose region holds a key. Slot i
     * runs at i/2^length of the cycle and takes the region i XOR (this node's own prefix), so
     * nodes sweep different regions at any one time rather than all hitting one region's peers.
     */
    private void scheduleFrom(long slot) {
        Duration interval = engine.config().reprovideInterval();
        NavigableMap<Key, ByteKey> keys = renewals.providedByKey();
        for (long i = slot; i < (1L << length); i++) {
            Prefix region = new Prefix(i ^ order, length);
            if (!region.within(keys).isEmpty()) {
                long next = i + 1;
                Instant due = cycleStart.plusNanos((long) ((double) i / (1L << length) * interval.toNanos()));
                timer = scheduler.schedule(until(due), () -> {
                    enqueue(region, new TreeMap<>(region.within(renewals.providedByKey())));
                    scheduleFrom(next);
                });
                return;
            }
        }
        Instant nextCycle = cycleStart.plus(interval);
        timer = scheduler.schedule(until(nextCycle), () -> startCycle(nextCycle));
    }

    private Duration until(Instant at) {
        Duration d = Duration.between(scheduler.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Runs the region once the regions queued before it are done (runs never overlap). */
    private CompletableFuture<?> enqueue(Prefix region, NavigableMap<Key, ByteKey> keys) {
        queue = queue.handle((x, e) -> null).thenCompose(x -> {
            try {
                return runRegion(region, keys);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }).whenComplete((x, e) -> {
            if (e != null) {
                LOG.info("reprovide of region {} ({} keys) failed: {}", region, keys.size(), QueryRun.describe(e));
                keys.values().forEach(k -> counters.renewalEnded("reprovide", false));
            }
        });
        return queue;
    }

    private CompletableFuture<?> runRegion(Prefix prefix, NavigableMap<Key, ByteKey> keys) {
        if (keys.size() < MIN_KEYS_TO_SWEEP) {
            return paced(List.copyOf(keys.entrySet()), LOOKUPS_IN_FLIGHT, e -> {
                perKeyLookups++;
                return closest(e.getValue().bytes()).whenComplete((x, error) -> {
                    if (error != null) {
                        counters.renewalEnded("reprovide", false);
                    }
                }).thenCompose(peers -> announce(e.getValue().bytes(), peers));
            });
        }
        return explorer.regionFor(prefix).thenCompose(region -> {
            LOG.debug("region {} for {}: {} peers, {} keys", region.prefix(), prefix, region.peers().size(), keys.size());
            List<Map.Entry<Key, PeerInfo>> peers = new ArrayList<>();
            region.peers().forEach(p -> peers.add(Map.entry(Key.of(p.id()), p)));
            int k = engine.config().k();
            return paced(List.copyOf(keys.entrySet()), KEYS_IN_FLIGHT,
                    e -> announce(e.getValue().bytes(), closest(e.getKey(), peers, k)));
        });
    }

    /** Announces the key to these peers, and keeps this node's own provider record of it fresh. */
    private CompletableFuture<?> announce(byte[] multihash, List<PeerInfo> peers) {
        Instant now = scheduler.now();
        PeerInfo me = new PeerInfo(engine.self(), network.selfAddresses());
        try {
            engine.providers().add(multihash, new ProviderRecord(engine.self(), me.addresses(), now));
        } catch (StoreFullException e) {
            LOG.debug("provider store full: {} is announced but not kept here", KadEngine.hex(multihash));
        }
        renewals.provided(multihash, now);
        Operation op = new Operation(scheduler, QueryListener.NONE, engine.config().queryTimeout());
        return op.result(Replication.toEach(op, peers, replication.announcement(op, multihash, me, false), QueryListener.NONE))
                .whenComplete((n, e) -> counters.renewalEnded("reprovide", e == null));
    }

    private CompletableFuture<List<PeerInfo>> closest(byte[] target) {
        return engine.closestPeers(target, engine.config().queryTimeout(), QueryListener.NONE)
                .thenApply(KadEngine.ClosestPeers::peers);
    }

    /** One of the node's own keys in the prefix if it has one (no hashing needed), else a random preimage. */
    private Optional<byte[]> targetIn(Prefix prefix) {
        NavigableMap<Key, ByteKey> own = prefix.within(renewals.providedByKey());
        if (!own.isEmpty()) {
            return Optional.of(own.firstEntry().getValue().bytes());
        }
        return prefix.randomPreimage(random, 1 << Math.min(prefix.length() + 4, 24));
    }

    /**
     * The length of the regions, from the routing table: the k closest peers to this node share a
     * prefix of c bits with it, so a region of c bits holds about k peers; one bit less (about 2k)
     * rarely holds fewer than k, which would make the explorer widen it.
     */
    int regionLength() {
        int k = engine.config().k();
        List<PeerInfo> near = engine.routingTable().closest(selfKey, k);
        if (near.size() < k) {
            return 0;
        }
        int c = selfKey.commonPrefixLength(Key.of(near.get(k - 1).id()));
        return Math.max(0, Math.min(c - 1, MAX_REGION_LENGTH));
    }

    private static List<PeerInfo> closest(Key key, List<Map.Entry<Key, PeerInfo>> peers, int n) {
        List<Map.Entry<Key, PeerInfo>> sorted = new ArrayList<>(peers);
        sorted.sort((a, b) -> a.getKey().compareDistance(b.getKey(), key));
        List<PeerInfo> out = new ArrayList<>(Math.min(n, sorted.size()));
        for (int i = 0; i < sorted.size() && out.size() < n; i++) {
            out.add(sorted.get(i).getValue());
        }
        return out;
    }

    /** Runs a task per item, at most {@code width} at once; completes when all have (failures are logged). */
    private static <T> CompletableFuture<Void> paced(List<T> items, int width, Function<T, CompletableFuture<?>> task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ArrayDeque<T> pending = new ArrayDeque<>(items);
        int[] running = {0};
        // a task that completes at once calls back into the pump: it then only asks for another
        // pass, so thousands of such tasks do not nest thousands of frames
        boolean[] pumping = {false, false};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            if (pumping[0]) {
                pumping[1] = true;
                return;
            }
            pumping[0] = true;
            do {
                pumping[1] = false;
                while (running[0] < width && !pending.isEmpty()) {
                    T item = pending.poll();
                    running[0]++;
                    CompletableFuture<?> f;
                    try {
                        f = task.apply(item);
                    } catch (RuntimeException e) {
                        f = CompletableFuture.failedFuture(e);
                    }
                    f.whenComplete((x, e) -> {
                        if (e != null) {
                            LOG.debug("reprovide of one key failed: {}", QueryRun.describe(e));
                        }
                        running[0]--;
                        pump[0].run();
                    });
                }
            } while (pumping[1]);
            pumping[0] = false;
            if (running[0] == 0 && pending.isEmpty()) {
                done.complete(null);
            }
        };
        pump[0].run();
        return done;
    }
}
