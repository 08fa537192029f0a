package io.jdht.daemon;

import io.jdht.crypto.PeerId;
import io.jdht.daemon.api.ApiContext;
import io.jdht.daemon.api.DaemonApi;
import io.jdht.daemon.bootstrap.Bootstrapper;
import io.jdht.daemon.config.ByteSize;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.http.ApiLimits;
import io.jdht.daemon.http.ApiServer;
import io.jdht.daemon.http.ApiServerConfig;
import io.jdht.daemon.ipns.NamePublisher;
import io.jdht.daemon.metrics.DaemonMetrics;
import io.jdht.daemon.repo.Repo;
import io.jdht.daemon.repo.RepoLock;
import io.jdht.daemon.store.DatastoreConfig;
import io.jdht.kad.KadConfig;
import io.jdht.kad.ReprovideStrategy;
import io.jdht.kad.record.StoreLimits;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.ConnectionLimits;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.SystemResources;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived jdht node on a repo: it holds the repo's lock, runs the node with the repo's
 * identity and config, keeps it joined to the network, and stops cleanly on {@link #close}.
 *
 * <p>Start order: lock the repo (a second daemon fails here), read the config, start the node,
 * decide server or client mode from {@code Routing.Type} and the addresses it got, then join
 * through the bootstrap peers in the background. Stop order is the reverse.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Largest {@code /perf/1.0.0} download the daemon serves; a perf client asking for more is refused. */
    static final long MAX_PERF_BYTES = 16L << 30;

    private final Repo repo;
    private final RepoLock lock;
    private final Config config;
    private final RoutingType routing;
    private final DaemonStores stores;
    private final Node node;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private Bootstrapper bootstrapper;
    private ApiServer api;

    private Daemon(Repo repo, RepoLock lock, Config config, RoutingType routing, DaemonStores stores, Node node,
            ScheduledExecutorService timer) {
        this.repo = repo;
        this.lock = lock;
        this.config = config;
        this.routing = routing;
        this.stores = stores;
        this.node = node;
        this.timer = timer;
    }

    /**
     * Starts a daemon on an initialised repo.
     *
     * @throws IOException if the repo is locked by another daemon, cannot be read, or a port is taken
     * @throws ConfigException if the config is unusable
     * @throws io.jdht.daemon.store.DatastoreException if the datastore is in use, damaged or rolled back
     */
    public static Daemon start(Repo repo, DaemonOptions options) throws IOException, ConfigException {
        RepoLock lock = repo.lock();
        try {
            return startLocked(repo, lock, options);
        } catch (IOException | ConfigException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Daemon startLocked(Repo repo, RepoLock lock, DaemonOptions options) throws IOException, ConfigException {
        Config config = repo.readConfig();
        for (String unknown : config.unknownKeys()) {
            LOG.info("config key {} is not used by jdht (kept in the file)", unknown);
        }
        RoutingType routing = options.routing().orElse(config.routingType());
        List<Multiaddr> swarm = options.swarm().orElse(config.multiaddrs("Addresses.Swarm"));
        List<Multiaddr> bootstrap = routing == RoutingType.NONE ? List.of()
                : options.bootstrap().orElse(config.multiaddrs("Bootstrap"));
        KadConfig kad = KadConfig.DEFAULT
                .withQueryTimeout(config.duration("Jdht.Dht.QueryTimeout"))
                .withRenewalInterval(config.duration("Reprovider.Interval"))
                .withPublicAddressesOnly(config.bool("Jdht.Dht.PublicAddressesOnly"))
                .withReprovideStrategy(config.bool("Provide.DHT.SweepEnabled") ? ReprovideStrategy.SWEEP
                        : ReprovideStrategy.PER_KEY)
                // a server's share of the network's provider records, in memory or on disk alike
                .withStoreLimits(StoreLimits.RECORDS, DatastoreConfig.PROVIDER_LIMITS);
        ConnectionLimits limits = connectionLimits(config);
        MemoryLimits memory = memoryLimits(config, SystemResources.maxHeapBytes());
        options.console().accept("Initializing daemon...");
        InstantSource clock = InstantSource.system();
        DaemonStores stores = DaemonStores.open(config.string("Datastore.Type"), repo.datastoreDir(), clock, kad,
                PeerId.fromPublicKey(config.identity().publicKey()));
        options.console().accept(stores.describe());
        Node node = null;
        ScheduledExecutorService timer = null;
        DaemonMetrics metrics = new DaemonMetrics();
        try {
            node = stores.applyTo(Node.builder())
                    .observer(metrics)
                    .identity(config.identity())
                    .clock(clock)
                    .listen(swarm)
                    .mode(DhtMode.CLIENT) // decided below, once the addresses are known
                    .kadConfig(kad)
                    .connectionLimits(limits)
                    .memoryLimits(memory)
                    .build();
            options.console().accept("Peer identity: " + node.peerId());
            try {
                node.start().join();
            } catch (RuntimeException e) {
                throw new IOException("the node could not start listening on " + swarm + ": " + describe(e), e);
            }
            node.host().enablePerf(MAX_PERF_BYTES);
            DhtMode mode = ServerModePolicy.decide(routing, node.addresses(), bootstrap);
            node.setMode(mode);
            for (Multiaddr a : node.host().listenAddresses()) {
                options.console().accept("Swarm listening on " + a);
            }
            options.console().accept("DHT mode: " + (mode == DhtMode.SERVER ? "server" : "client")
                    + " (Routing.Type " + routing.configName() + ")");
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jdht-daemon-timer");
                t.setDaemon(true);
                return t;
            });
            metrics.bind(node, stores.file(), stores::pendingWrites);
            Daemon daemon = new Daemon(repo, lock, config, routing, stores, node, timer);
            daemon.startApi(options, metrics);
            Node started = node;
            daemon.bootstrapper = new Bootstrapper(bootstrap, started::bootstrap, () -> routingTableSize(started), timer,
                    line -> {
                        LOG.info(line);
                        options.console().accept(line);
                    });
            if (routing != RoutingType.NONE) {
                daemon.bootstrapper.start();
            }
            return daemon;
        } catch (IOException | ConfigException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            if (timer != null) {
                timer.shutdownNow();
            }
            stores.close();
            throw e;
        }
    }

    /** Starts the RPC API and writes its address to the repo's api file, where the CLI looks for it. */
    private void startApi(DaemonOptions options, DaemonMetrics metrics) throws IOException, ConfigException {
        Multiaddr address = options.api().orElse(config.multiaddr("Addresses.API"));
        NamePublisher names = new NamePublisher(node.dht(), config.identity(), stores.sequences(), InstantSource.system());
        ApiContext ctx = new ApiContext(node, config, routing, stores.durability(), names, this::close);
        ApiServerConfig serverConfig = ApiServerConfig.builder()
                .listen(address)
                .allowedOrigins(config.strings("API.HTTPHeaders.Access-Control-Allow-Origin"))
                .limits(ApiLimits.DEFAULT.withMaxBodyBytes(config.number("Jdht.Api.MaxRequestBodyBytes")))
                .build();
        try {
            api = ApiServer.start(serverConfig, DaemonApi.router(ctx, metrics::render));
        } catch (IOException e) {
            throw new IOException("the RPC API could not listen on " + address + " (Addresses.API): " + e.getMessage(), e);
        }
        repo.writeApiAddress(api.multiaddr());
        options.console().accept("RPC API server listening on " + api.multiaddr());
    }

    /** Where the RPC API listens (the port is the real one when the config said 0). */
    public Multiaddr apiAddress() {
        return api.multiaddr();
    }

    /** API commands running now; a command whose client went away stops and leaves this count. */
    public int runningApiCommands() {
        return api.runningCommands();
    }

    /** Kubo's Swarm.ConnMgr keys over limits sized from this machine. */
    static ConnectionLimits connectionLimits(Config config) throws ConfigException {
        long low = config.number("Swarm.ConnMgr.LowWater");
        long high = config.number("Swarm.ConnMgr.HighWater");
        if (low > high) {
            throw new ConfigException("Swarm.ConnMgr.LowWater (" + low + ") must not exceed Swarm.ConnMgr.HighWater ("
                    + high + ")");
        }
        int cap = Integer.MAX_VALUE / 2;
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withWatermarks((int) Math.min(cap, low),
                (int) Math.min(cap, high), config.duration("Swarm.ConnMgr.GracePeriod"));
        return limits.withInboundRate(limits.inboundPerSecondPerIp(), limits.inboundBurstPerIp(),
                config.bool("Jdht.Swarm.ExemptLoopback"));
    }

    /**
     * Kubo's {@code Swarm.ResourceMgr.MaxMemory} as the budget of all peers together, or the
     * default share of the heap when it is empty. A budget beyond the heap would let peers run the
     * node out of memory before any limit refused them, so it is an error.
     */
    static MemoryLimits memoryLimits(Config config, long maxHeapBytes) throws ConfigException {
        String budget = config.string("Swarm.ResourceMgr.MaxMemory");
        if (budget.isBlank()) {
            return MemoryLimits.forHeap(maxHeapBytes);
        }
        long bytes = ByteSize.parse(budget);
        if (bytes > maxHeapBytes) {
            throw new ConfigException("Swarm.ResourceMgr.MaxMemory (" + budget + ") is more than the JVM's maximum heap ("
                    + (maxHeapBytes >> 20) + " MiB); lower it or give the JVM more (JDHT_JAVA_OPTS=-Xmx...)");
        }
        return MemoryLimits.forBudget(bytes);
    }

    private static int routingTableSize(Node node) {
        try {
            return node.routingTable().get(5, java.util.concurrent.TimeUnit.SECONDS).size();
        } catch (Exception e) {
            return 0;
        }
    }

    public Node node() {
        return node;
    }

    public Repo repo() {
        return repo;
    }

    public Config config() {
        return config;
    }

    public RoutingType routing() {
        return routing;
    }

    /** Completes once the daemon has stopped (by {@link #close} or the API's shutdown command). */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Stops everything it started, in reverse order: the bootstrap retries, the API, the node
     * (which saves its routing table), the datastore (drained and committed); then removes the
     * api file and releases the repo. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed.isDone()) {
            return;
        }
        if (bootstrapper != null) {
            bootstrapper.close();
        }
        if (api != null) {
            closeQuietly(api);
        }
        node.close();
        timer.shutdownNow();
        closeQuietly(stores);
        try {
            repo.removeApiAddress();
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", repo.apiFile(), e.toString());
        }
        closeQuietly(lock);
        closed.complete(null);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", c, e.toString());
        }
    }

    static String describe(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
