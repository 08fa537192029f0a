package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.Lookup;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.RecordStore;
import io.jdht.kad.record.RecordValidator;
import io.jdht.kad.routing.RoutingTable;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's Kademlia DHT: the routing table, the stores, the answers to other peers' requests and
 * the six operations. Single-threaded by contract: every method, and every callback of the
 * {@link KadNetwork} and {@link Scheduler}, runs on the node's one DHT executor, so nothing here
 * locks. All futures returned complete on that executor too.
 *
 * <p>put and provide are run by {@code Publishing}, get by {@code ValueLookup}, findProviders by
 * {@code ProviderLookup}; the lookups they start are the engine's ({@code newLookup}, {@code run},
 * {@code closestPeers}), so every lookup marks its bucket refreshed, and every completed one for
 * the closest peers (a classic publish's too) feeds the network size estimate.
 */
public final class KadEngine {
    private static final Logger LOG = LoggerFactory.getLogger(KadEngine.class);
    private static final Duration GC_INTERVAL = Duration.ofHours(1);
    /** Buckets deeper than this are refreshed by the self lookup (a random key for them costs 2^cpl hashes). */
    private static final int REFRESH_MAX_CPL = 12;
    /** Deadline of one refresh lookup. */
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(30);

    private final PeerId self;
    private final Key selfKey;
    private final KadConfig config;
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final RoutingTable table;
    private final RecordStore records;
    private final ProviderStore providers;
    private final RandomGenerator random;
    /** Drops expired records and provider records, hourly, in slices. */
    private final ExpirySweep sweep;
    private final Admission admission;
    private final InboundRequests inbound;
    private final QueryRun.PeerHealth health;
    /** The periodic tasks' pending timers, one slot per task (a slot holds the next run's timer). */
    private final List<Scheduler.Cancellable[]> timers = new ArrayList<>();
    private boolean serverMode = true;
    private final EngineCounters counters = new EngineCounters();
    /** The keys this node provides and the records it put: announced again periodically. */
    private final Renewals renewals;
    /** put and provide: stored here, then at the closest peers, classic or optimistic. */
    private final Publishing publishing;
    /** get: the best record from here and the closest peers, worse ones corrected. */
    private final ValueLookup valueLookup;
    /** findProviders: this node's providers, then those a GET_PROVIDERS lookup finds. */
    private final ProviderLookup providerLookup;
    /** Fed by every lookup for the closest peers that completed; lets a publish be optimistic. */
    private final NetworkSizeEstimator sizes;
    /** Reprovides region by region when the config says {@link ReprovideStrategy#SWEEP}. */
    final SweepingReprovider sweeper;

    public KadEngine(PeerId self, KadConfig config, KadNetwork network, Scheduler scheduler,
            RecordStore records, ProviderStore providers, RecordValidator validator, RandomGenerator random) {
        this.self = self;
        this.selfKey = Key.of(self);
        this.config = config;
        this.network = network;
        this.scheduler = scheduler;
        this.table = new RoutingTable(selfKey, config.k(), config.diversity());
        this.records = records;
        this.providers = providers;
        records.owner(self); // this node's own records are held to the totals, never to a peer's quota
        providers.owner(self);
        this.random = random;
        this.renewals = new Renewals(scheduler, counters);
        this.sweep = new ExpirySweep(records, providers, scheduler);
        LocalData local = new LocalData(records, providers, validator, network);
        // Requests outside lookups, each timed out by kad at the request timeout.
        TimedRequests requests = new TimedRequests(network, scheduler, config.lookup().requestTimeout());
        this.admission = new Admission(self, network, requests, scheduler, table, config.publicAddressesOnly());
        this.inbound = new InboundRequests(self, config, network, scheduler, table, local);
        this.health = admission.health;
        this.sizes = new NetworkSizeEstimator(config.k());
        this.publishing = new Publishing(this, network, scheduler, local, providers, renewals, requests, sizes);
        this.valueLookup = new ValueLookup(this, scheduler, local, validator, requests);
        this.providerLookup = new ProviderLookup(this, network, scheduler, local);
        this.sweeper = new SweepingReprovider(this, network, requests, scheduler, renewals, counters, random);
    }

    public PeerId self() {
        return self;
    }

    public RoutingTable routingTable() {
        return table;
    }

    public KadConfig config() {
        return config;
    }

    public RecordStore records() {
        return records;
    }

    public ProviderStore providers() {
        return providers;
    }

    /** Whether this node answers DHT requests (server) or only asks (client). */
    public boolean isServerMode() {
        return serverMode;
    }

    public void setServerMode(boolean server) {
        this.serverMode = server;
    }

    /**
     * Starts the periodic work: bucket refresh, store clean-up, reprovide and republish. Keys and
     * records restored from an earlier run whose renewal fell due while the node was down are
     * renewed at once rather than a whole interval later.
     */
    public void startMaintenance() {
        every(config.refreshInterval(), () -> refresh());
        every(GC_INTERVAL, sweep::start);
        every(config.republishInterval(), () -> renewals.republishAll(this::republish));
        if (config.reprovideStrategy() == ReprovideStrategy.SWEEP) {
            sweeper.start();
            renewals.renewOverdueTogether(config.reprovideInterval(), config.republishInterval(), sweeper::reprovideNow,
                    this::republish);
        } else {
            every(config.reprovideInterval(), () -> renewals.reprovideAll(this::reprovide));
            renewals.renewOverdue(config.reprovideInterval(), config.republishInterval(), this::reprovide, this::republish);
        }
    }

    /** Reprovides every provided key now, as the config's strategy does (tests and measurements). */
    void reprovideAllNow() {
        if (config.reprovideStrategy() == ReprovideStrategy.SWEEP) {
            sweeper.reprovideNow(renewals.providedByKey().values());
        } else {
            renewals.reprovideAll(this::reprovide);
        }
    }

    /** Cancels the periodic work. */
    public void stopMaintenance() {
        timers.forEach(slot -> slot[0].cancel());
        timers.clear();
        sweep.cancel();
        sweeper.stop();
    }

    // ---------------------------------------------------------------- restoring an earlier run

    /** Where changes to the provided keys and put records are reported from now on. */
    public void renewalLog(RenewalLog log) {
        renewals.log(log);
    }

    /**
     * Takes back the provided keys and put records of an earlier run, so reprovide and republish
     * carry on where they stopped. Not reported to the {@link RenewalLog}: they came from it.
     */
    public void restoreRenewals(List<RenewalLog.Provided> keys, List<RenewalLog.Published> records) {
        renewals.restore(keys, records);
    }

    /** The keys this node provides, with when each was last announced. */
    public List<RenewalLog.Provided> providedKeys() {
        return renewals.providedKeys();
    }

    /** The records this node put itself, with when each was last put. */
    public List<RenewalLog.Published> publishedRecords() {
        return renewals.publishedRecords();
    }

    /**
     * Puts peers saved by an earlier run straight into the routing table, so that lookups can
     * start at once, then checks each in the background with the usual FIND_NODE; one that fails
     * and was not heard from meanwhile leaves. Returns how many entered the table.
     */
    public int restorePeers(List<PeerInfo> peers) {
        return admission.restore(peers);
    }

    private void every(Duration interval, Runnable task) {
        Scheduler.Cancellable[] slot = new Scheduler.Cancellable[1];
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("periodic DHT task failed", e);
            }
            if (timers.contains(slot)) {
                slot[0] = scheduler.schedule(interval, again[0]);
            }
        };
        slot[0] = scheduler.schedule(interval, again[0]);
        timers.add(slot);
    }

    // ---------------------------------------------------------------- peers

    /**
     * A peer finished identify (or pushed a change). A peer that serves the DHT is checked with a
     * FIND_NODE for our own key before it may enter the table: an empty or broken server costs
     * every later lookup a timeout. A peer that stopped serving the DHT leaves the table.
     */
    public void onPeerIdentified(PeerInfo peer, boolean servesDht) {
        admission.onPeerIdentified(peer, servesDht, List.of());
    }

    /**
     * As {@link #onPeerIdentified(PeerInfo, boolean)}, with the addresses the peer was actually
     * seen at (the connection's remote address): the diversity filter groups peers by those, since
     * the addresses a peer advertises are whatever it chooses to claim.
     */
    public void onPeerIdentified(PeerInfo peer, boolean servesDht, List<Multiaddr> observed) {
        admission.onPeerIdentified(peer, servesDht, observed);
    }

    /**
     * Completes when the admission check of a peer (started by {@link #onPeerIdentified}) has
     * ended, with whether the peer is in the routing table then; at once if no check of it is
     * running. The check's request has the request timeout, so this always completes.
     */
    public CompletableFuture<Boolean> whenAdmissionSettled(PeerId peer) {
        return admission.whenSettled(peer);
    }

    // ---------------------------------------------------------------- inbound requests

    /**
     * Answers one request from {@code from}. Empty for ADD_PROVIDER, which is never answered (a
     * reply would be read as the answer to the sender's next request on a reused stream).
     *
     * @throws InvalidRecordException if a PUT_VALUE carries a record that fails validation; the
     *     caller closes the stream, as go does
     */
    public Optional<KadMessage> handle(PeerInfo from, KadMessage request) throws InvalidRecordException {
        counters.inbound(request.type());
        return inbound.handle(from, request);
    }

    // ---------------------------------------------------------------- operations

    /** The outcome of a lookup, for results and error messages. */
    public record LookupSummary(int asked, int answered, int failed, Lookup.Outcome outcome) {
        String describe() {
            return "asked " + asked + " peers, " + answered + " answered, " + failed + " failed; "
                    + switch (outcome) {
                        case COMPLETED -> "the lookup completed";
                        case STOPPED -> "the lookup stopped early";
                        case DEADLINE -> "the deadline passed";
                        case RUNNING -> "the lookup was still running";
                    };
        }

        static LookupSummary of(Lookup l) {
            return new LookupSummary(l.requests(), l.requests() - l.failures() - l.inFlight(), l.failures(), l.outcome());
        }
    }

    /** Closest peers and how the lookup went. */
    public record ClosestPeers(List<PeerInfo> peers, LookupSummary summary) {}

    /**
     * A lookup whose deadline is the operation's. Package-private, as are {@code run} and {@code
     * closestPeers}: the operation helpers start their lookups here.
     */
    Lookup newLookup(byte[] key, Operation op) {
        Key target = Key.of(key);
        table.markRefreshed(target, scheduler.now());
        return new Lookup(target, config.lookup(), table.closest(target, config.k()), Set.of(self), op.deadline);
    }

    CompletableFuture<Lookup> run(Lookup lookup, Operation op, KadMessage request, QueryListener listener,
            QueryRun.AnswerHandler handler) {
        return new QueryRun(lookup, op, network, scheduler, listener, p -> request, handler, health,
                config.publicAddressesOnly()).start();
    }

    /**
     * The k closest peers to a key that answered a FIND_NODE lookup (Kubo's {@code dht query}).
     *
     * <p>Every operation's future may be cancelled: the lookup then sends nothing more, its
     * requests in flight are cancelled, and so is the storing of put and provide. The timeout is
     * the operation's whole budget, storing included.
     */
    public CompletableFuture<ClosestPeers> closestPeers(byte[] key, Duration timeout, QueryListener listener) {
        if (table.size() == 0) {
            return CompletableFuture.failedFuture(new DhtException.NoPeers(
                    "no peers in the routing table to ask for the peers closest to " + hex(key)));
        }
        Operation op = new Operation(scheduler, listener, timeout);
        return op.result(closestPeers(key, op, listener));
    }

    CompletableFuture<ClosestPeers> closestPeers(byte[] key, Operation op, QueryListener listener) {
        Lookup lookup = newLookup(key, op);
        return run(lookup, op, KadMessage.findNode(key), listener, (from, answer, l) -> answer.closerPeers())
                .thenApply(l -> {
                    List<PeerInfo> closest = l.closestAnswered(config.k());
                    if (l.outcome() == Lookup.Outcome.COMPLETED) {
                        sizes.track(l.target(), closest.stream().map(p -> Key.of(p.id())).toList(), scheduler.now());
                    }
                    closest.forEach(p -> listener.onEvent(new QueryEvent.FinalPeer(p)));
                    if (closest.isEmpty()) {
                        throw failure("peers closest to " + hex(key), l);
                    }
                    return new ClosestPeers(closest, LookupSummary.of(l));
                });
    }

    /** A peer's addresses: from a live connection or the table if known, else by a FIND_NODE lookup. */
    public CompletableFuture<PeerInfo> findPeer(PeerId peer, Duration timeout, QueryListener listener) {
        if (peer.equals(self)) {
            return CompletableFuture.failedFuture(new DhtException.InvalidArgument(
                    "findPeer: " + peer + " is this node itself"));
        }
        List<Multiaddr> known = network.addressesOf(peer);
        if (!known.isEmpty() && (network.isConnected(peer) || table.contains(peer))) {
            PeerInfo info = new PeerInfo(peer, known);
            listener.onEvent(new QueryEvent.FinalPeer(info));
            return CompletableFuture.completedFuture(info);
        }
        if (table.size() == 0) {
            return CompletableFuture.failedFuture(new DhtException.NoPeers(
                    "findPeer " + peer + ": no peers in the routing table to ask"));
        }
        Operation op = new Operation(scheduler, listener, timeout);
        Lookup lookup = newLookup(peer.toBytes(), op);
        PeerInfo[] found = new PeerInfo[1];
        return op.result(run(lookup, op, KadMessage.findNode(peer.toBytes()), listener, (from, answer, l) -> {
            for (PeerInfo p : answer.closerPeers()) {
                if (p.id().equals(peer) && !p.addresses().isEmpty()) {
                    found[0] = p;
                    l.stop();
                }
            }
            return answer.closerPeers();
        }).thenApply(l -> {
            if (found[0] == null) {
                throw failure("peer " + peer, l);
            }
            listener.onEvent(new QueryEvent.FinalPeer(found[0]));
            return found[0];
        }));
    }

    /**
     * The best record for a key: gathers valid values from the closest peers (and this node's own
     * store), selects the best with the namespace's selector, and sends it to the peers that
     * returned a worse one.
     */
    public CompletableFuture<byte[]> getValue(byte[] key, Duration timeout, QueryListener listener) {
        return getValue(key, timeout, config.valueQuorum(), listener);
    }

    /**
     * {@link #getValue(byte[], Duration, QueryListener)} that stops the lookup once {@code quorum}
     * valid values are in hand (0: ask every peer the lookup reaches), as Kubo's IPNS resolve asks
     * for 16.
     */
    public CompletableFuture<byte[]> getValue(byte[] key, Duration timeout, int quorum, QueryListener listener) {
        return valueLookup.getValue(key, timeout, quorum, listener);
    }

    /**
     * Validates and stores a record here, then at the k closest peers. Completes with the number of
     * peers that confirmed storing it (0 when there is nobody to ask: the record is then only here).
     * Fails with {@link DhtException.InvalidRecord} naming the key and the reason when this node
     * refuses the record itself (no registered namespace, invalid, a better one held, store full).
     */
    public CompletableFuture<Integer> putValue(byte[] key, byte[] value, Duration timeout, QueryListener listener) {
        return putValue(key, value, timeout, PublishStrategy.CLASSIC, listener);
    }

    /** {@link #putValue(byte[], byte[], Duration, QueryListener)}, storing as {@code strategy} says. */
    public CompletableFuture<Integer> putValue(byte[] key, byte[] value, Duration timeout, PublishStrategy strategy,
            QueryListener listener) {
        return publishing.putValue(key, value, timeout, strategy, listener);
    }

    /**
     * Announces this node as a provider of a multihash: here, then at the k closest peers.
     * Completes with the number of peers that hold the announcement: each peer it was sent to is
     * asked back whether it names this node (see {@link Replication}), since a peer that dropped
     * it cannot say so.
     */
    public CompletableFuture<Integer> provide(byte[] multihash, Duration timeout, QueryListener listener) {
        return publishing.provide(multihash, timeout, PublishStrategy.CLASSIC, listener, true);
    }

    /** {@link #provide(byte[], Duration, QueryListener)}, storing as {@code strategy} says. */
    public CompletableFuture<Integer> provide(byte[] multihash, Duration timeout, PublishStrategy strategy,
            QueryListener listener) {
        return publishing.provide(multihash, timeout, strategy, listener, true);
    }

    /** The network's size as estimated from recent lookups; empty until enough of them completed. */
    public OptionalLong networkSizeEstimate() {
        return sizes.estimate(scheduler.now());
    }

    /**
     * Providers of a multihash: this node's store first, then a GET_PROVIDERS lookup that stops as
     * soon as {@code max} distinct providers are known. A lookup cut short by its deadline still
     * returns what it found; it fails only when nothing was found.
     */
    public CompletableFuture<List<PeerInfo>> findProviders(byte[] multihash, int max, Duration timeout,
            QueryListener listener) {
        return providerLookup.findProviders(multihash, max, timeout, listener);
    }

    /**
     * Joins the network: completes once a lookup for our own key has filled the table with our
     * neighbours, which is what the operations need; the other buckets are then refreshed in the
     * background, so a short-lived node (the CLI's) does not wait for them.
     */
    public CompletableFuture<Void> bootstrap() {
        return selfLookup().thenAccept(v -> refreshBuckets());
    }

    /** A self lookup, then one lookup for a random key in each bucket not refreshed lately. */
    public CompletableFuture<Void> refresh() {
        return selfLookup().thenCompose(v -> refreshBuckets());
    }

    private CompletableFuture<Void> selfLookup() {
        if (table.size() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return closestPeers(self.toBytes(), REFRESH_TIMEOUT, QueryListener.NONE).handle((r, e) -> null);
    }

    private CompletableFuture<Void> refreshBuckets() {
        List<CompletableFuture<?>> lookups = new ArrayList<>();
        for (int cpl : table.bucketsToRefresh(scheduler.now(), config.refreshInterval(), REFRESH_MAX_CPL)) {
            Key.randomPreimage(selfKey, cpl, random, 1 << (REFRESH_MAX_CPL + 4)).ifPresent(key ->
                    lookups.add(closestPeers(key, REFRESH_TIMEOUT, QueryListener.NONE)));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).handle((x, y) -> null);
    }

    private CompletableFuture<?> reprovide(byte[] multihash) {
        return publishing.provide(multihash, config.queryTimeout(), PublishStrategy.CLASSIC, QueryListener.NONE, false);
    }

    private CompletableFuture<?> republish(byte[] key, byte[] value) {
        return putValue(key, value, config.queryTimeout(), QueryListener.NONE);
    }

    /** What the engine has done so far (inbound requests, renewal rounds); read on the DHT thread. */
    public EngineCounters counters() {
        return counters;
    }

    /** How many keys this node provides and how many records it put itself (the renewal lists). */
    public int providedCount() {
        return renewals.providedCount();
    }

    public int publishedCount() {
        return renewals.publishedCount();
    }

    /** How many peers the routing table holds. */
    public int routingTableSize() {
        return table.size();
    }

    static DhtException failure(String what, Lookup l) {
        LookupSummary s = LookupSummary.of(l);
        String message = "found no " + what + ": " + s.describe();
        return s.outcome() == Lookup.Outcome.DEADLINE ? new DhtException.Timeout(message) : new DhtException.NotFound(message);
    }

    static String hex(byte[] key) {
        String printable = new String(key, java.nio.charset.StandardCharsets.UTF_8);
        if (printable.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "\"" + printable + "\"";
        }
        return HexFormat.of().formatHex(key, 0, Math.min(key.length, 40)) + (key.length > 40 ? "…" : "");
    }
}
