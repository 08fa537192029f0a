package io.jdht.daemon;

import io.jdht.daemon.bootstrap.Bootstrapper;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import io.jdht.daemon.repo.RepoLock;
import io.jdht.kad.KadConfig;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.ConnectionLimits;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import java.io.IOException;
import java.util.ArrayList;
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
    private final Node node;
    private final ScheduledExecutorService timer;
    private final Bootstrapper bootstrapper;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final List<AutoCloseable> closeInReverse = new ArrayList<>();

    private Daemon(Repo repo, RepoLock lock, Config config, RoutingType routing, Node node,
            ScheduledExecutorService timer, Bootstrapper bootstrapper) {
        this.repo = repo;
        this.lock = lock;
        this.config = config;
        this.routing = routing;
        this.node = node;
        this.timer = timer;
        this.bootstrapper = bootstrapper;
    }

    /**
     * Starts a daemon on an initialised repo.
     *
     * @throws IOException if the repo is locked by another daemon or cannot be read
     * @throws ConfigException if the config is unusable
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
                .withPublicAddressesOnly(config.bool("Jdht.Dht.PublicAddressesOnly"));
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withMaxConnections((int) Math.min(Integer.MAX_VALUE,
                config.number("Swarm.ConnMgr.HighWater")));
        Node node = Node.builder()
                .identity(config.identity())
                .listen(swarm)
                .mode(DhtMode.CLIENT) // decided below, once the addresses are known
                .kadConfig(kad)
                .connectionLimits(limits)
                .build();
        options.console().accept("Initializing daemon...");
        options.console().accept("Peer identity: " + node.peerId());
        try {
            node.start().join();
        } catch (RuntimeException e) {
            node.close();
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
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jdht-daemon-timer");
            t.setDaemon(true);
            return t;
        });
        Bootstrapper bootstrapper = new Bootstrapper(bootstrap, node::bootstrap, () -> routingTableSize(node), timer,
                line -> {
                    LOG.info(line);
                    options.console().accept(line);
                });
        Daemon daemon = new Daemon(repo, lock, config, routing, node, timer, bootstrapper);
        if (routing != RoutingType.NONE) {
            bootstrapper.start();
        }
        return daemon;
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

    /** Stops everything it started, in reverse order, and releases the repo; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed.isDone()) {
            return;
        }
        bootstrapper.close();
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            closeQuietly(closeInReverse.get(i));
        }
        node.close();
        timer.shutdownNow();
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
