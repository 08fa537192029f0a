package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.net.identify.IdentifyInfo;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the host's open connections, enforces the connection limits, and tells listeners about
 * connections opening, being identified and closing.
 *
 * <p>Two connections to one peer can exist for a moment (both sides dialled at once); both stay
 * usable and {@link #connection(PeerId)} returns the oldest live one, so both sides tend to settle
 * on the same connection without a tie-break protocol.
 */
public final class ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    private final ConnectionLimits limits;
    private final InboundRateLimiter rateLimiter;
    private final Map<PeerId, List<Connection>> byPeer = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    ConnectionManager(ConnectionLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.rateLimiter = new InboundRateLimiter(limits, nanoTime);
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** Decides whether a new inbound TCP connection from {@code ip} may proceed to the handshake. */
    boolean admitInbound(InetAddress ip) {
        if (count.get() >= limits.maxConnections()) {
            LOG.debug("refusing inbound connection from {}: {} connections open", ip, count.get());
            return false;
        }
        if (!rateLimiter.tryAcquire(ip)) {
            LOG.debug("refusing inbound connection from {}: over {}/s", ip, limits.inboundPerSecondPerIp());
            return false;
        }
        return true;
    }

    /** Whether an outbound dial may add a connection. */
    boolean hasRoomForOutbound() {
        return count.get() < limits.maxConnections();
    }

    /** Registers an upgraded connection and arranges its removal when it closes. */
    void register(Connection connection) {
        byPeer.compute(connection.remotePeer(), (peer, list) -> {
            List<Connection> next = list == null ? new CopyOnWriteArrayList<>() : list;
            next.add(connection);
            return next;
        });
        count.incrementAndGet();
        connection.channel().closeFuture().addListener(f -> unregister(connection));
        listeners.forEach(l -> notify(() -> l.connected(connection)));
    }

    private void unregister(Connection connection) {
        byPeer.computeIfPresent(connection.remotePeer(), (peer, list) -> {
            list.remove(connection);
            return list.isEmpty() ? null : list;
        });
        count.decrementAndGet();
        listeners.forEach(l -> notify(() -> l.disconnected(connection)));
    }

    void identified(Connection connection, IdentifyInfo info) {
        listeners.forEach(l -> notify(() -> l.identified(connection, info)));
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

    public int size() {
        return count.get();
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("connection listener failed", e);
        }
    }
}
