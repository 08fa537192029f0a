package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.dns.MultiaddrResolver;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.perf.PerfClient;
import io.jdht.net.perf.PerfProtocol;
import io.jdht.net.perf.PerfResult;
import io.jdht.net.perf.PerfServer;
import io.jdht.net.ping.PingInitiator;
import io.jdht.net.ping.PingProtocol;
import io.jdht.net.ping.PingResponder;
import io.jdht.net.resources.ResourceManager;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host: listens on TCP, dials peers, secures each connection with Noise, multiplexes it
 * with yamux, answers identify and ping, and routes inbound streams to the protocol handlers
 * registered with {@link #handle}.
 *
 * <p>Threads: all network work runs on a Netty event loop group (epoll where available), by
 * default the one group that every host of the process shares (twice the cores). Every
 * connection, and every stream on it, is bound to one event loop thread, so a connection's handlers
 * never run concurrently. The futures this class returns complete on those threads; do not block in
 * their callbacks.
 */
public final class Host implements AutoCloseable {
    /** Protocols every host serves. */
    public static final Set<String> DEFAULT_PROTOCOLS =
            Set.of(IdentifyProtocol.ID, IdentifyProtocol.PUSH_ID, PingProtocol.ID);

    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    private static final long TRIM_PERIOD_SECONDS = 5;
    /** How often the peer store drops what expired; entries live for minutes, so a minute is fine enough. */
    static final Duration PEER_STORE_SWEEP = Duration.ofMinutes(1);

    private final HostConfig config;
    private final PeerId peerId;
    private final EventLoopGroup group;
    /** Where the group came from when the config named none; it gets the group back at close. */
    private final SharedEventLoops sharedLoops;
    private final PeerStore peerStore;
    private final ConnectionManager connections;
    private final ResourceManager resources;
    private final ScheduledFuture<?> trimming;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Upgrader upgrader;
    private final MultiaddrResolver resolver;
    private final Dialer dialer;
    private final IdentifyService identify;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Multiaddr> listenAddresses = List.of();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The periodic peer-store clean-up, cancelled at close (the event loops may outlive the host). */
    private final ScheduledFuture<?> peerStoreSweep;

    private Host(HostConfig config, SharedEventLoops shared) {
        this.config = config;
        this.peerId = PeerId.fromPublicKey(config.identity().publicKey());
        this.sharedLoops = config.eventLoopGroup().isEmpty() ? shared : null;
        this.group = config.eventLoopGroup().orElseGet(shared::acquire);
        this.peerStore = new PeerStore(config.clock());
        this.connections = new ConnectionManager(config.limits(), System::nanoTime, config.clock());
        this.resources = new ResourceManager(config.memory(), config.limits().maxStreamsPerPeer());
        this.identify = new IdentifyService(this);
        this.upgrader = new Upgrader(config, group, handlers, connections, resources, this::onConnection);
        // one event loop answers all of this host's DNS questions; none of it blocks
        this.resolver = new MultiaddrResolver(config.dns(), group.next(),
                NettyTransport.datagramChannel(group), NettyTransport.socketChannel(group));
        this.dialer = new Dialer(upgrader, connections, peerStore, resolver, config.dialTimeout());
        handle(PingProtocol.ID, stream -> stream.channel().pipeline().addLast(new PingResponder()));
        identify.install(handlers);
        long sweepSeconds = PEER_STORE_SWEEP.toSeconds();
        this.peerStoreSweep = group.next().scheduleAtFixedRate(this::sweepPeerStore, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
        // trimming also runs without a new connection to trigger it (e.g. once grace periods end)
        this.trimming = group.next().scheduleWithFixedDelay(
                connections::trimIfDue, TRIM_PERIOD_SECONDS, TRIM_PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void sweepPeerStore() {
        try {
            peerStore.removeExpired();
        } catch (RuntimeException e) {
            LOG.warn("peer store clean-up failed", e); // and keep the schedule: a throwing task would end it
        }
    }

    /**
     * Makes a host; call {@link #start()} to listen. Without an event loop group in the config it
     * runs on the one group all such hosts of this process share ({@link SharedEventLoops}).
     */
    public static Host create(HostConfig config) {
        return create(config, SharedEventLoops.PROCESS);
    }

    /** As {@link #create(HostConfig)}, sharing the loops of {@code shared} (tests count its users). */
    static Host create(HostConfig config, SharedEventLoops shared) {
        return new Host(config, shared);
    }

    /** Binds the listen addresses; completes when all are bound, or fails with the first that could not be. */
    public CompletableFuture<Void> start() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new HostClosedException());
        }
        if (!started.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Channel>> binds = new ArrayList<>();
        for (Multiaddr addr : config.listenAddresses()) {
            binds.add(upgrader.listen(addr));
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new)).thenRun(() -> {
            List<Multiaddr> bound = new ArrayList<>();
            for (CompletableFuture<Channel> b : binds) {
                Channel ch = b.join();
                listeners.add(ch);
                bound.addAll(ListenAddresses.expand(TcpAddresses.fromSocketAddress(ch.localAddress())));
            }
            listenAddresses = List.copyOf(bound);
            LOG.debug("host {} listening on {}", peerId, listenAddresses);
        });
    }

    public PeerId peerId() {
        return peerId;
    }

    public PublicKey publicKey() {
        return config.identity().publicKey();
    }

    public HostConfig config() {
        return config;
    }

    /** The addresses this host listens on, with real port numbers, without the /p2p suffix. */
    public List<Multiaddr> listenAddresses() {
        return listenAddresses;
    }

    public PeerStore peerStore() {
        return peerStore;
    }

    public ConnectionManager connectionManager() {
        return connections;
    }

    /** The memory and stream accounts of this host's peers, connections and protocols. */
    public ResourceManager resourceManager() {
        return resources;
    }

    /** The event loops this host runs on: the config's, or those the process's hosts share. */
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    /** Serves {@code protocol} on inbound streams; replaces an earlier handler for it. */
    public void handle(String protocol, StreamHandler handler) {
        handlers.put(protocol, handler);
    }

    /** Stops serving {@code protocol}; streams already open are not affected. */
    public void unhandle(String protocol) {
        handlers.remove(protocol);
    }

    /** The protocols this host serves now, sorted. */
    public Set<String> protocols() {
        return new TreeSet<>(handlers.keySet());
    }

    /** Also answer {@code /perf/1.0.0}, sending at most {@code maxDownloadBytes} per request. */
    public void enablePerf(long maxDownloadBytes) {
        handle(PerfProtocol.ID, stream -> stream.channel().pipeline().addLast(new PerfServer(maxDownloadBytes)));
    }

    /** Tells every connected peer our current protocols and addresses (identify push). */
    public void pushIdentify() {
        identify.pushToAll(connections.connections());
    }

    /**
     * Connects to the peer an address names with its trailing {@code /p2p/<id>}. The address may
     * be a DNS one ({@code /dnsaddr}, {@code /dns4}, {@code /dns6}, {@code /dns}); it is resolved
     * first and its IP addresses are tried in turn.
     */
    public CompletableFuture<Connection> connect(Multiaddr address) {
        Optional<io.jdht.multiformats.Multihash> id = address.peerIdMultihash();
        if (id.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("address " + address + " does not end in /p2p/<peer-id>"));
        }
        return connect(PeerId.fromBytes(id.get().toBytes()), List.of(address));
    }

    /** Connects to {@code peer}, trying {@code addresses} and then any the peer store knows. */
    public CompletableFuture<Connection> connect(PeerId peer, List<Multiaddr> addresses) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new HostClosedException());
        }
        if (peer.equals(peerId)) {
            return CompletableFuture.failedFuture(new DialException("refusing to dial ourselves (" + peer + ")"));
        }
        return dialer.dial(peer, addresses);
    }

    /**
     * The addresses {@code address} stands for, without dialling: {@code /dnsaddr/…} through its
     * TXT records (nested ones too, keeping the entries that end like the address, e.g. in its
     * {@code /p2p/<id>}), {@code /dns4}, {@code /dns6} and {@code /dns} through A and AAAA records;
     * any other address comes back as it is. Never empty: when nothing resolves the future fails
     * with a {@link io.jdht.net.dns.DnsResolutionException} that names the address and the reason.
     */
    public CompletableFuture<List<Multiaddr>> resolve(Multiaddr address) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new HostClosedException());
        }
        return resolver.resolve(address);
    }

    /** The oldest open connection to {@code peer}. */
    public Optional<Connection> connection(PeerId peer) {
        return connections.connection(peer);
    }

    /** Opens a stream to {@code peer} (dialling if needed) for the first of {@code protocols} it supports. */
    public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
        return connect(peer, List.of()).thenCompose(c -> c.newStream(protocols));
    }

    /** Opens a ping stream to {@code peer}; ping it as often as needed, then close its channel. */
    public CompletableFuture<PingInitiator> openPing(PeerId peer) {
        return newStream(peer, List.of(PingProtocol.ID)).thenCompose(stream -> {
            // add the handler on the stream's own thread, so it is in place before anyone pings
            CompletableFuture<PingInitiator> ready = new CompletableFuture<>();
            stream.channel().eventLoop().execute(() -> {
                PingInitiator pinger = new PingInitiator(config.random());
                stream.channel().pipeline().addLast(pinger);
                ready.complete(pinger);
            });
            return ready;
        });
    }

    /** Runs one perf exchange with {@code peer}: upload, then download, over a fresh stream. */
    public CompletableFuture<PerfResult> perf(PeerId peer, long uploadBytes, long downloadBytes) {
        PerfClient client = new PerfClient(uploadBytes, downloadBytes);
        return newStream(peer, List.of(PerfProtocol.ID)).thenCompose(stream -> {
            stream.channel().pipeline().addLast(client);
            return client.result();
        });
    }

    private void onConnection(Connection connection) {
        if (closed.get()) {
            connection.close();
            return;
        }
        // first, so that the writes below go to a protected entry and cannot evict it
        peerStore.connected(connection.remotePeer());
        connection.channel().closeFuture().addListener(f -> peerStore.disconnected(connection.remotePeer()));
        peerStore.addAddresses(connection.remotePeer(),
                connection.direction() == Direction.OUTBOUND ? List.of(connection.remoteAddress()) : List.of(),
                PeerStore.RECENTLY_CONNECTED_TTL);
        peerStore.setPublicKey(connection.remotePeer(), connection.remoteKey());
        connections.register(connection);
        identify.identify(connection);
    }

    /**
     * Stops listening and closes every connection; the last host to close on the process's shared
     * event loops shuts them down (a group given in the config is the caller's to shut). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        trimming.cancel(false);
        peerStoreSweep.cancel(false);
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        for (Connection c : connections.connections()) {
            c.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        resolver.close();
        if (sharedLoops != null) {
            sharedLoops.release(group);
        }
    }

    @Override
    public String toString() {
        return "Host(" + peerId + ")";
    }
}
