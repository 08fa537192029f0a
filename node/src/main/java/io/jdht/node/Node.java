package io.jdht.node;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.KadConfig;
import io.jdht.kad.KadEngine;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.RecordStore;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Connection;
import io.jdht.net.host.ConnectionListener;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.identify.IdentifyInfo;
import io.jdht.node.protocol.KadProtocol;
import io.jdht.node.protocol.KadService;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running DHT node: a libp2p host, the Kademlia logic on its own thread, the record, provider
 * and block stores, and the public {@link Dht} API. Build one with {@link #builder}, then
 * {@link #start} it: it listens, connects to its bootstrap peers, looks itself up and keeps its
 * routing table fresh until {@link #close}.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Host host;
    private final DhtExecutor dhtThread;
    private final KadEngine engine;
    private final KadService kad;
    private final Dht dht;
    private final Blockstore blocks;
    private final List<Multiaddr> bootstrap;
    private volatile DhtMode mode;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    /** How often the routing table is saved for the next start (and once more at close). */
    static final Duration PEER_SNAPSHOT_INTERVAL = Duration.ofMinutes(5);
    /** Touched on the DHT thread only. */
    private io.jdht.kad.Scheduler.Cancellable peerSnapshots;
    private final PeerSnapshots snapshots;
    /** The callback executor this node made itself (and shuts down), if the builder got none. */
    private final java.util.concurrent.ExecutorService ownCallbacks;

    private Node(Builder b) {
        HostConfig.Builder hc = HostConfig.builder(b.identity).listen(b.listen).clock(b.clock);
        if (b.agentVersion != null) {
            hc.agentVersion(b.agentVersion);
        }
        if (b.memory != null) {
            hc.memory(b.memory);
        }
        if (b.limits != null) {
            hc.limits(b.limits);
        }
        if (b.wire != null) {
            hc.wire(b.wire);
        }
        if (b.eventLoopGroup != null) {
            hc.eventLoopGroup(b.eventLoopGroup);
        }
        this.host = Host.create(hc.build());
        PeerId self = host.peerId();
        this.dhtThread = new DhtExecutor("jdht-dht-" + self.toString().substring(Math.max(0, self.toString().length() - 6)), b.clock);
        this.kad = new KadService(host, dhtThread, host::listenAddresses);
        this.engine = new KadEngine(self, b.kadConfig, kad, dhtThread, b.records, b.providers, b.validator, b.random);
        // a peer that refuses the DHT protocol on a request leaves the table, as if identify had said so
        kad.onProtocolRefused(peer -> onDhtThread(() -> engine.onPeerIdentified(
                new PeerInfo(peer, host.peerStore().addresses(peer)), false)));
        // the routing table's peers keep their peer-store entries (addresses, key, protocols) when
        // disconnected, for the table is only as useful as what the store knows about them, and
        // their connections are spared by trimming; the table may be asked from any thread
        host.peerStore().setRetained(engine.routingTable()::contains);
        host.connectionManager().setRetained(engine.routingTable()::contains);
        this.blocks = b.blocks;
        // the engine is not running yet: restoring here is part of building it
        engine.restoreRenewals(b.persistence.savedProvided(), b.persistence.savedPublished());
        engine.renewalLog(b.persistence.renewalLog());
        this.snapshots = new PeerSnapshots(host.peerStore(), engine, b.persistence);
        this.ownCallbacks = b.callbackExecutor == null ? java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor() : null;
        this.dht = new Dht(engine, dhtThread, ownCallbacks != null ? ownCallbacks : b.callbackExecutor, blocks,
                b.kadConfig.queryTimeout(), b.observer);
        this.bootstrap = List.copyOf(b.bootstrap);
        this.mode = b.mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Listens, serves the DHT in server mode, connects to the bootstrap peers and runs the first
     * refresh. Completes once the node is listening and every bootstrap dial has ended (a dial that
     * fails is logged, not fatal: the node still works with the peers it reached).
     */
    public CompletableFuture<Node> start() {
        if (!started.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("node " + peerId() + " was already started"));
        }
        host.connectionManager().addListener(new ConnectionListener() {
            @Override
            public void identified(Connection connection, IdentifyInfo info) {
                PeerId peer = connection.remotePeer();
                PeerInfo seen = new PeerInfo(peer, host.peerStore().addresses(peer));
                boolean servesDht = host.peerStore().supports(peer, KadProtocol.ID);
                List<Multiaddr> observed = List.of(connection.remoteAddress());
                onDhtThread(() -> engine.onPeerIdentified(seen, servesDht, observed));
            }
        });
        if (mode == DhtMode.SERVER) {
            kad.serve(engine);
        }
        engine.setServerMode(mode == DhtMode.SERVER);
        int[] restored = new int[1];
        return dht.deliver(host.start().thenCompose(v -> onDhtThread(() -> {
            restored[0] = snapshots.restore();
            return CompletableFuture.completedFuture(null);
        })).thenCompose(v -> joinThrough(bootstrap, true, restored[0] == 0)).thenApply(reached -> {
            onDhtThread(engine::startMaintenance);
            onDhtThread(() -> peerSnapshots = dhtThread.every(PEER_SNAPSHOT_INTERVAL, snapshots::save));
            return this;
        }));
    }

    /**
     * Joins the network through some peers: connects to each (a dial that fails is logged, not
     * fatal), then looks up this node's own key to fill the routing table with its neighbours.
     * Completes with the number of peers reached. A daemon calls this again, with backoff, while
     * none of its bootstrap peers answers; unreachable peers are logged at debug level only, so
     * the caller decides what to tell the user.
     */
    public CompletableFuture<Integer> bootstrap(List<Multiaddr> peers) {
        return dht.deliver(joinThrough(peers, false, true));
    }

    /**
     * @param awaitLookup whether to complete only after the self lookup; a node whose routing
     *     table was restored already serves lookups, and refreshes it in the background
     */
    private CompletableFuture<Integer> joinThrough(List<Multiaddr> peers, boolean warnUnreachable, boolean awaitLookup) {
        List<CompletableFuture<Boolean>> dials = new ArrayList<>();
        for (Multiaddr addr : peers) {
            dials.add(connectAndWaitForAdmission(addr).handle((info, e) -> {
                if (e != null && warnUnreachable) {
                    LOG.warn("bootstrap peer {} unreachable: {}", addr, e.getMessage());
                } else if (e != null) {
                    LOG.debug("bootstrap peer {} unreachable: {}", addr, e.getMessage());
                }
                return e == null;
            }));
        }
        return CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
                .thenCompose(v -> {
                    if (awaitLookup) {
                        return onDhtThread(engine::bootstrap);
                    }
                    onDhtThread(() -> engine.bootstrap().exceptionally(e -> null));
                    return CompletableFuture.completedFuture(null);
                })
                .thenApply(v -> (int) dials.stream().filter(CompletableFuture::join).count());
    }

    /**
     * Connects to a peer (its address must end in {@code /p2p/<id>}) and waits until identify has
     * run, so that a DHT server among them has had its chance to enter the routing table.
     */
    public CompletableFuture<PeerInfo> connect(Multiaddr address) {
        return dht.deliver(connectAndWaitForAdmission(address));
    }

    private CompletableFuture<PeerInfo> connectAndWaitForAdmission(Multiaddr address) {
        return host.connect(address)
                .thenCompose(c -> c.identified().thenApply(info -> c))
                .thenCompose(c -> waitForAdmission(c.remotePeer()).thenApply(x ->
                        new PeerInfo(c.remotePeer(), host.peerStore().addresses(c.remotePeer()))));
    }

    /**
     * Waits for the admission check of a just-identified DHT server to end (it has the request
     * timeout, so this is bounded). The identify listener queued the check on the DHT thread
     * before the connection's identify future completed, so it is under way, or over, by the time
     * this runs there.
     */
    private CompletableFuture<Boolean> waitForAdmission(PeerId peer) {
        return onDhtThread(() -> engine.whenAdmissionSettled(peer));
    }

    private <T> CompletableFuture<T> onDhtThread(java.util.function.Supplier<CompletableFuture<T>> op) {
        try {
            return CompletableFuture.supplyAsync(op, dhtThread).thenCompose(f -> f);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return CompletableFuture.failedFuture(new io.jdht.kad.DhtException.Closed("the node is closed"));
        }
    }

    /** Runs a task on the DHT thread, unless the node is closing (then there is nothing left to do). */
    private void onDhtThread(Runnable task) {
        try {
            dhtThread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("node closing: a DHT task was dropped");
        }
    }

    /** Switches between serving the DHT and only using it, and tells connected peers (identify push). */
    public void setMode(DhtMode newMode) {
        Objects.requireNonNull(newMode, "mode");
        if (newMode == mode) {
            return;
        }
        mode = newMode;
        if (newMode == DhtMode.SERVER) {
            kad.serve(engine);
        } else {
            kad.stopServing();
        }
        onDhtThread(() -> engine.setServerMode(newMode == DhtMode.SERVER));
        host.pushIdentify();
    }

    public DhtMode mode() {
        return mode;
    }

    public Dht dht() {
        return dht;
    }

    public Blockstore blocks() {
        return blocks;
    }

    public PeerId peerId() {
        return host.peerId();
    }

    /** The addresses the node listens on, each ending in {@code /p2p/<id>}, ready to give to others. */
    public List<Multiaddr> addresses() {
        Multiaddr p2p = Multiaddr.parse("/p2p/" + host.peerId());
        return host.listenAddresses().stream().map(a -> a.encapsulate(p2p)).toList();
    }

    public Host host() {
        return host;
    }

    /** The DHT state in numbers (taken on the DHT thread). */
    public CompletableFuture<NodeStats> stats() {
        return dht.deliver(onDhtThread(() -> CompletableFuture.completedFuture(new NodeStats(
                engine.routingTable().size(), engine.routingTable().bucketSizes(), engine.records().size(),
                engine.providers().keyCount(), engine.providedCount(), engine.publishedCount(),
                engine.counters().snapshot()))));
    }

    /** The peers in the routing table (a snapshot, taken on the DHT thread). */
    public CompletableFuture<List<PeerInfo>> routingTable() {
        return dht.deliver(onDhtThread(() -> CompletableFuture.completedFuture(engine.routingTable().peers())));
    }

    /**
     * Stops the node: operations still running fail with {@link io.jdht.kad.DhtException.Closed},
     * connections close, the DHT thread ends.
     */
    @Override
    public void close() {
        dht.close();
        try {
            CompletableFuture.runAsync(() -> {
                engine.stopMaintenance();
                if (peerSnapshots != null) {
                    peerSnapshots.cancel();
                }
                if (started.get()) {
                    snapshots.save(); // the table as it is now, for the next start
                }
            }, dhtThread).get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("stopping DHT maintenance: {}", e.toString());
        }
        host.close();
        dhtThread.close();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown(); // tasks already queued still run; nothing new is accepted
        }
    }

    @Override
    public String toString() {
        return "Node " + host.peerId();
    }

    /** Settings of a node; every one has a default suited to a node on the public network. */
    public static final class Builder {
        private PrivateKey identity;
        private List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"));
        private List<Multiaddr> bootstrap = List.of();
        private DhtMode mode = DhtMode.SERVER;
        private InstantSource clock = InstantSource.system();
        private Executor callbackExecutor;
        private RandomGenerator random = new SecureRandom();
        private KadConfig kadConfig = KadConfig.DEFAULT;
        private NamespacedValidator validator = NamespacedValidator.builder().build();
        /** Null until given: built at {@link #build} with the limits of the KadConfig. */
        private RecordStore records;
        private ProviderStore providers;
        private Blockstore blocks = new InMemoryBlockstore();
        private NodePersistence persistence = NodePersistence.NONE;
        private String agentVersion;
        private io.jdht.net.host.ConnectionLimits limits;
        private io.jdht.net.resources.MemoryLimits memory;
        private io.jdht.net.host.WireOptions wire;
        private DhtObserver observer = DhtObserver.NONE;
        private io.netty.channel.EventLoopGroup eventLoopGroup;

        /** Hears of every DHT operation when it ends (metrics). */
        public Builder observer(DhtObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        private Builder() {}

        /** The host's connection and stream limits ({@link io.jdht.net.host.ConnectionLimits#DEFAULT} if not set). */
        public Builder connectionLimits(io.jdht.net.host.ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Round-trip savings and a simulated one-way network delay, for tests and benchmarks
         * ({@link io.jdht.net.host.WireOptions#DEFAULT}: every saving on, no delay, if not set).
         */
        public Builder wire(io.jdht.net.host.WireOptions wire) {
            this.wire = Objects.requireNonNull(wire, "wire");
            return this;
        }

        /** What peers may make the node hold ({@link io.jdht.net.resources.MemoryLimits#forThisJvm} if not set). */
        public Builder memoryLimits(io.jdht.net.resources.MemoryLimits limits) {
            this.memory = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The event loops the node's host runs on, which the caller shuts down after closing the
         * node. By default the group all hosts of the process share (see {@link Host#create}).
         */
        public Builder eventLoopGroup(io.netty.channel.EventLoopGroup group) {
            this.eventLoopGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        /** The node's key; a new Ed25519 key by default. */
        public Builder identity(PrivateKey key) {
            this.identity = Objects.requireNonNull(key, "identity");
            return this;
        }

        public Builder listen(List<Multiaddr> addresses) {
            this.listen = List.copyOf(addresses);
            return this;
        }

        public Builder listen(String... addresses) {
            return listen(java.util.Arrays.stream(addresses).map(Multiaddr::parse).toList());
        }

        /** Peers to join the network through; each address ends in {@code /p2p/<id>}. */
        public Builder bootstrap(List<Multiaddr> peers) {
            for (Multiaddr a : peers) {
                if (a.peerIdMultihash().isEmpty()) {
                    throw new IllegalArgumentException("bootstrap address " + a + " does not end in /p2p/<peer-id>");
                }
            }
            this.bootstrap = List.copyOf(peers);
            return this;
        }

        public Builder mode(DhtMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where futures, callbacks and query events handed to users run. By default a virtual
         * thread per task, so a listener that blocks holds up only its own operation.
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder kadConfig(KadConfig config) {
            this.kadConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Record validation: {@code /pk/} and {@code /ipns/} by default, plus any registered
         * namespaces; records under any other key are refused.
         */
        public Builder validator(NamespacedValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** The value records; by default in memory, with the {@link KadConfig#recordLimits()}. */
        public Builder recordStore(RecordStore store) {
            this.records = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The provider records; by default in memory, with the {@link KadConfig#providerLimits()}. */
        public Builder providerStore(ProviderStore store) {
            this.providers = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder blockstore(Blockstore store) {
            this.blocks = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * What the node keeps across restarts besides its stores: the routing table and its
         * peers' peer-store entries, the provided keys and put records. None by default.
         */
        public Builder persistence(NodePersistence persistence) {
            this.persistence = Objects.requireNonNull(persistence, "persistence");
            return this;
        }

        public Builder agentVersion(String agent) {
            this.agentVersion = Objects.requireNonNull(agent, "agent");
            return this;
        }

        public Node build() {
            if (identity == null) {
                identity = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
            }
            if (records == null) {
                records = new InMemoryRecordStore(InMemoryRecordStore.DEFAULT_MAX_AGE, kadConfig.recordLimits());
            }
            if (providers == null) {
                providers = new InMemoryProviderStore(InMemoryProviderStore.DEFAULT_VALIDITY,
                        InMemoryProviderStore.DEFAULT_ADDRESS_TTL, InMemoryProviderStore.DEFAULT_MAX_PROVIDERS_PER_KEY,
                        kadConfig.providerLimits());
            }
            return new Node(this);
        }
    }
}
