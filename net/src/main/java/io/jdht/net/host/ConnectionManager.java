package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.net.identify.IdentifyInfo;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the host's open connections, enforces the connection limits, trims the surplus, and tells
 * listeners about connections opening, being identified and closing.
 *
 * <p>Every connection counts from the moment it is accepted or dialled: while in its handshake it
 * holds a {@link Pending} ticket, and {@link #register} turns it into an established connection. The
 * limits and the trimming rules are described on {@link ConnectionLimits}. Peers are protected from
 * trimming while a {@linkplain #hold hold} on them is open (a request in flight) or while the
 * {@linkplain #setRetained retained} predicate says so (the node's routing table).
 *
 * <p>Two connections to one peer can exist for a moment (both sides dialled at once); both stay
 * usable and {@link #connection(PeerId)} returns the oldest live one, so both sides tend to settle
 * on the same connection without a tie-break protocol.
 */
public final class ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);
    /** Trimming runs at most this often when triggered by new connections (it walks them all). */
    private static final long TRIM_INTERVAL_NANOS = 1_000_000_000L;

    private final ConnectionLimits limits;
    private final InboundRateLimiter rateLimiter;
    private final LongSupplier nanoTime;
    private final InstantSource clock;
    private final Map<PeerId, List<Connection>> byPeer = new ConcurrentHashMap<>();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<InetAddress, Integer> pendingByGroup = new HashMap<>();
    /** Inbound connections open from each address group, handshakes included (guarded by this). */
    private final Map<InetAddress, Integer> openByGroup = new HashMap<>();
    private final Map<PeerId, AtomicInteger> holds = new ConcurrentHashMap<>();
    private final AtomicLong trimmed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastTrim = new AtomicLong();
    private volatile Predicate<PeerId> retained = peer -> false;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    ConnectionManager(ConnectionLimits limits, LongSupplier nanoTime, InstantSource clock) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.rateLimiter = new InboundRateLimiter(limits, nanoTime);
        this.lastTrim.set(nanoTime.getAsLong() - TRIM_INTERVAL_NANOS);
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /**
     * A connection in its handshake; {@link #finish} (idempotent) gives its handshake slot back,
     * {@link #closed} (idempotent) its address group's connection slot once the socket is closed.
     */
    final class Pending {
        private final InetAddress group;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Pending(InetAddress group) {
            this.group = group;
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                pending.decrementAndGet();
                if (group != null) {
                    releaseGroup(pendingByGroup, group);
                }
            }
        }

        void closed() {
            finish();
            if (group != null && closed.compareAndSet(false, true)) {
                releaseGroup(openByGroup, group);
            }
        }
    }

    /**
     * Decides whether a new inbound TCP connection from {@code ip} may start its handshake; null
     * means refuse it (close the socket at once, so it does not hold a file descriptor).
     */
    Pending admitInbound(InetAddress ip) {
        boolean privileged = limits.exemptLoopback() && ip.isLoopbackAddress();
        int total = established.get() + pending.get();
        int room = privileged ? limits.maxConnections() : limits.maxConnections() - limits.reserve();
        String refusal = null;
        if (total >= room) {
            refusal = total + " connections open or in their handshake";
        } else if (pending.get() >= limits.maxPendingHandshakes()) {
            refusal = pending.get() + " handshakes in progress";
        } else if (!privileged && !rateLimiter.tryAcquire(ip)) {
            refusal = "over " + limits.inboundPerSecondPerIp() + " connections/s from its address";
        }
        InetAddress group = privileged ? null : AddressGroup.of(ip);
        if (refusal == null && group != null) {
            refusal = takeGroup(group);
        }
        if (refusal != null) {
            refused.incrementAndGet();
            LOG.debug("refusing inbound connection from {}: {}", ip, refusal);
            return null;
        }
        pending.incrementAndGet();
        return new Pending(group);
    }

    /** Whether a dial of ours would find a free slot now. */
    boolean hasRoomForOutbound() {
        return established.get() + pending.get() < limits.maxConnections();
    }

    /** A slot for a dial of ours, which may use the reserve; null when the hard cap is reached. */
    Pending admitOutbound() {
        if (established.get() + pending.get() >= limits.maxConnections()) {
            return null;
        }
        pending.incrementAndGet();
        return new Pending(null);
    }

    /** Takes a handshake slot and a connection slot of {@code group}; null, or why not. */
    private synchronized String takeGroup(InetAddress group) {
        int inHandshake = pendingByGroup.getOrDefault(group, 0);
        if (inHandshake >= limits.maxPendingPerIp()) {
            return inHandshake + " handshakes in progress from its address";
        }
        int open = openByGroup.getOrDefault(group, 0);
        if (open >= limits.maxConnectionsPerIp()) {
            return open + " connections open from its address";
        }
        pendingByGroup.put(group, inHandshake + 1);
        openByGroup.put(group, open + 1);
        return null;
    }

    private synchronized void releaseGroup(Map<InetAddress, Integer> counts, InetAddress group) {
        counts.computeIfPresent(group, (g, n) -> n > 1 ? n - 1 : null);
    }

    /** Registers an upgraded connection, arranges its removal when it closes, and trims if over. */
    void register(Connection connection) {
        byPeer.compute(connection.remotePeer(), (peer, list) -> {
            List<Connection> next = list == null ? new CopyOnWriteArrayList<>() : list;
            next.add(connection);
            return next;
        });
        established.incrementAndGet();
        connection.channel().closeFuture().addListener(f -> unregister(connection));
        listeners.forEach(l -> notify(() -> l.connected(connection)));
        if (established.get() > limits.highWater()) {
            trimIfDue();
        }
    }

    private void unregister(Connection connection) {
        byPeer.computeIfPresent(connection.remotePeer(), (peer, list) -> {
            list.remove(connection);
            return list.isEmpty() ? null : list;
        });
        established.decrementAndGet();
        listeners.forEach(l -> notify(() -> l.disconnected(connection)));
    }

    void identified(Connection connection, IdentifyInfo info) {
        listeners.forEach(l -> notify(() -> l.identified(connection, info)));
    }

    /**
     * Protects {@code peer}'s connections from trimming until the returned action runs (once; later
     * runs do nothing). Holds nest: the peer stays protected while any is open.
     */
    public Runnable hold(PeerId peer) {
        holds.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                holds.computeIfPresent(peer, (p, n) -> n.decrementAndGet() > 0 ? n : null);
            }
        };
    }

    /** Peers whose connections are never trimmed, e.g. those in the routing table. Called from any thread. */
    public void setRetained(Predicate<PeerId> isRetained) {
        this.retained = isRetained;
    }

    /** Whether trimming spares {@code peer} now. */
    public boolean isProtected(PeerId peer) {
        return holds.containsKey(peer) || retained.test(peer);
    }

    /** Trims now if over the high watermark, unless a trim ran in the last second. */
    public void trimIfDue() {
        long now = nanoTime.getAsLong();
        long last = lastTrim.get();
        if (now - last >= TRIM_INTERVAL_NANOS && lastTrim.compareAndSet(last, now)) {
            trim();
        }
    }

    /** Closes the connections {@link TrimPolicy} picks; returns how many. */
    int trim() {
        List<Connection> victims = TrimPolicy.choose(connections(), limits,
                c -> isProtected(c.remotePeer()), clock.instant());
        if (!victims.isEmpty()) {
            LOG.debug("trimming {} of {} connections (high water {}, low water {})",
                    victims.size(), established.get(), limits.highWater(), limits.lowWater());
            victims.forEach(Connection::close);
            trimmed.addAndGet(victims.size());
        }
        return victims.size();
    }

    /** The oldest live connection to {@code peer}. */
    public Optional<Connection> connection(PeerId peer) {
        List<Connection> list = byPeer.get(peer);
        if (list == null) {
            return Optional.empty();
        }
        return list.stream().filter(Connection::isOpen).findFirst();
    }

    /** Every open connection. */
    public List<Connection> connections() {
        return byPeer.values().stream().flatMap(List::stream).filter(Connection::isOpen).toList();
    }

    /** Peers with at least one open connection. */
    public List<PeerId> connectedPeers() {
        return byPeer.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(Connection::isOpen))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Established connections (handshakes in progress not included). */
    public int size() {
        return established.get();
    }

    /** Connections still in their handshake. */
    public int pendingHandshakes() {
        return pending.get();
    }

    /** Connections closed by trimming since the host started. */
    public long trimmedCount() {
        return trimmed.get();
    }

    /** Inbound connections refused at accept since the host started. */
    public long refusedCount() {
        return refused.get();
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("connection listener failed", e);
        }
    }
}
