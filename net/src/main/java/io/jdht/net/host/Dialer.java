package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets a connection to a peer: reuses an open one, joins a dial already under way, or dials the
 * peer's TCP addresses one after another until one connects, upgrades and proves to be the peer.
 *
 * <p>Addresses are tried in turn rather than all at once: on the DHT most peers list a handful of
 * addresses of which the first usually works, and a storm of parallel handshakes to one peer costs
 * both sides more than the occasional slow fallback. Each attempt has its own time limit.
 */
final class Dialer {
    private final Upgrader upgrader;
    private final ConnectionManager connections;
    private final PeerStore peerStore;
    private final Duration attemptTimeout;
    private final Map<PeerId, CompletableFuture<Connection>> inFlight = new ConcurrentHashMap<>();

    Dialer(Upgrader upgrader, ConnectionManager connections, PeerStore peerStore, Duration attemptTimeout) {
        this.upgrader = upgrader;
        this.connections = connections;
        this.peerStore = peerStore;
        this.attemptTimeout = attemptTimeout;
    }

    /** Connects to {@code peer} using {@code addresses} and then whatever the peer store knows. */
    CompletableFuture<Connection> dial(PeerId peer, List<Multiaddr> addresses) {
        Optional<Connection> open = connections.connection(peer);
        if (open.isPresent()) {
            return CompletableFuture.completedFuture(open.get());
        }
        CompletableFuture<Connection> fresh = new CompletableFuture<>();
        CompletableFuture<Connection> existing = inFlight.putIfAbsent(peer, fresh);
        if (existing != null) {
            return existing; // coalesce concurrent dials to one peer
        }
        fresh.whenComplete((c, e) -> inFlight.remove(peer, fresh));
        LinkedHashSet<Multiaddr> candidates = new LinkedHashSet<>();
        for (Multiaddr a : addresses) {
            candidates.add(a.withoutPeerId());
        }
        candidates.addAll(peerStore.addresses(peer));
        List<Multiaddr> dialable = candidates.stream().filter(TcpAddresses::isDialable).toList();
        if (dialable.isEmpty()) {
            fresh.completeExceptionally(new DialException(
                    "no dialable TCP address for " + peer + (candidates.isEmpty() ? " (none known)" : " among " + candidates)));
            return fresh;
        }
        if (!connections.hasRoomForOutbound()) {
            fresh.completeExceptionally(new DialException("cannot dial " + peer + ": the connection limit is reached"));
            return fresh;
        }
        attempt(peer, dialable, 0, new ArrayList<>(), fresh);
        return fresh;
    }

    private void attempt(PeerId peer, List<Multiaddr> addrs, int index, List<String> failures, CompletableFuture<Connection> result) {
        if (index == addrs.size()) {
            result.completeExceptionally(new DialException("could not connect to " + peer + ": " + String.join("; ", failures)));
            return;
        }
        Multiaddr addr = addrs.get(index);
        upgrader.dial(addr, peer)
                .orTimeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((conn, err) -> {
                    if (err == null) {
                        result.complete(conn);
                        return;
                    }
                    Throwable cause = err.getCause() != null && !(err instanceof TimeoutException) ? err.getCause() : err;
                    String reason = cause instanceof TimeoutException
                            ? "timed out after " + attemptTimeout.toMillis() + " ms"
                            : String.valueOf(cause.getMessage());
                    failures.add(addr + ": " + reason);
                    attempt(peer, addrs, index + 1, failures, result);
                });
    }
}
