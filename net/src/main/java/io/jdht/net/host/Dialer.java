package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.MultiaddrProtocol;
import io.jdht.net.dns.DnsResolutionException;
import io.jdht.net.dns.MultiaddrResolver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 *
 * <p>A DNS address ({@code /dnsaddr}, {@code /dns4}, {@code /dns6}, {@code /dns}) is resolved when
 * its turn comes, and the IP addresses it stands for take its place in the queue, in the order the
 * DNS gave them. Resolving it with {@code /p2p/<peer>} at its end makes {@code /dnsaddr} keep only
 * the entries of this peer. A name that does not resolve is one more failed address.
 */
final class Dialer {
    /** Addresses dialled for one peer at most: the peer store keeps 64, and DNS could add many more. */
    static final int MAX_ATTEMPTS = 64;

    private final Upgrader upgrader;
    private final ConnectionManager connections;
    private final PeerStore peerStore;
    private final MultiaddrResolver resolver;
    private final Duration attemptTimeout;
    private final Map<PeerId, CompletableFuture<Connection>> inFlight = new ConcurrentHashMap<>();

    Dialer(Upgrader upgrader, ConnectionManager connections, PeerStore peerStore, MultiaddrResolver resolver,
            Duration attemptTimeout) {
        this.upgrader = upgrader;
        this.connections = connections;
        this.peerStore = peerStore;
        this.resolver = resolver;
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
            candidates.add(candidate(a, peer));
        }
        for (Multiaddr a : peerStore.addresses(peer)) {
            candidates.add(candidate(a, peer));
        }
        List<Multiaddr> usable = candidates.stream()
                .filter(a -> TcpAddresses.isDialable(a) || TcpAddresses.mayResolveToDialable(a))
                .toList();
        if (usable.isEmpty()) {
            fresh.completeExceptionally(new DialException(
                    "no dialable TCP address for " + peer + (candidates.isEmpty() ? " (none known)" : " among " + candidates)));
            return fresh;
        }
        if (!connections.hasRoomForOutbound()) {
            fresh.completeExceptionally(new DialException("cannot dial " + peer + ": the connection limit is reached"));
            return fresh;
        }
        new Attempts(peer, usable, fresh).next();
        return fresh;
    }

    /**
     * An IP address loses its {@code /p2p} (the dial names the peer); a DNS address gets
     * {@code /p2p/<peer>}, so that {@code /dnsaddr} selects this peer's entries.
     */
    private static Multiaddr candidate(Multiaddr address, PeerId peer) {
        Multiaddr bare = address.withoutPeerId();
        if (!MultiaddrResolver.isResolvable(bare)) {
            return bare;
        }
        return bare.encapsulate(new Multiaddr(List.of(p2p(peer))));
    }

    private static Multiaddr.Component p2p(PeerId peer) {
        return new Multiaddr.Component(MultiaddrProtocol.P2P, peer.toBytes());
    }

    /**
     * One dial's walk through its addresses. Each step starts the next only when it has finished,
     * so the fields are never touched by two threads at once.
     */
    private final class Attempts {
        private final PeerId peer;
        private final Deque<Multiaddr> queue;
        private final CompletableFuture<Connection> result;
        private final Set<Multiaddr> tried = new HashSet<>();
        /** For an address a name resolved to: that name, so that a failure can say where it came from. */
        private final Map<Multiaddr, Multiaddr> resolvedFrom = new HashMap<>();
        private final List<String> failures = new ArrayList<>();
        private int dials;

        Attempts(PeerId peer, List<Multiaddr> addresses, CompletableFuture<Connection> result) {
            this.peer = peer;
            this.queue = new ArrayDeque<>(addresses);
            this.result = result;
        }

        void next() {
            while (!queue.isEmpty()) { // bounded: each turn takes one address off the queue
                Multiaddr addr = queue.pollFirst();
                if (MultiaddrResolver.isResolvable(addr)) {
                    resolve(addr);
                    return;
                }
                if (!tried.add(addr)) {
                    continue;
                }
                if (dials == MAX_ATTEMPTS) {
                    failures.add("gave up after " + MAX_ATTEMPTS + " addresses");
                    break;
                }
                dials++;
                dialOne(addr);
                return;
            }
            result.completeExceptionally(new DialException("could not connect to " + peer + ": " + String.join("; ", failures)));
        }

        private void resolve(Multiaddr name) {
            resolver.resolve(name).whenComplete((found, err) -> {
                if (err != null) {
                    failures.add(name + ": " + reasonOf(err));
                } else {
                    List<Multiaddr> ips = dialable(found);
                    if (ips.isEmpty()) {
                        failures.add(name + ": none of the " + found.size() + " addresses it resolved to is a TCP address of "
                                + peer + " (" + found.subList(0, Math.min(3, found.size())) + (found.size() > 3 ? "…" : "") + ")");
                    }
                    for (Multiaddr ip : ips.reversed()) { // in front of the queue, in the DNS's order
                        if (!tried.contains(ip)) {
                            queue.addFirst(ip);
                            resolvedFrom.putIfAbsent(ip, name);
                        }
                    }
                }
                next();
            });
        }

        /** What a name resolved to, as this dial can use it: this peer's TCP addresses, without /p2p. */
        private List<Multiaddr> dialable(List<Multiaddr> found) {
            List<Multiaddr> out = new ArrayList<>();
            Multiaddr.Component self = p2p(peer);
            for (Multiaddr a : found) {
                Multiaddr bare = a.withoutPeerId();
                boolean ours = bare == a || a.components().getLast().equals(self);
                if (ours && TcpAddresses.isDialable(bare)) {
                    out.add(bare);
                }
            }
            return out;
        }

        private void dialOne(Multiaddr addr) {
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
                        Multiaddr origin = resolvedFrom.get(addr);
                        failures.add(addr + (origin == null ? "" : " (from " + origin + ")") + ": " + reason);
                        next();
                    });
        }
    }

    private static String reasonOf(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof DnsResolutionException d ? d.reason() : String.valueOf(t.getMessage());
    }
}
