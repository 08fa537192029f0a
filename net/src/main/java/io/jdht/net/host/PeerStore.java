package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows about other peers: their addresses (each with an expiry), public keys,
 * supported protocols and agent versions.
 *
 * <p>Addresses expire so that a peer that moved or left stops being dialled; keys never expire, as
 * a peer id is bound to its key for good. Reads never return expired addresses, and
 * {@link #removeExpired()} drops them (and peers with nothing left) for memory's sake. Safe for use
 * from any thread: each peer's entry is updated under its own lock.
 */
public final class PeerStore {
    /** How long addresses learned from a live connection or from identify are kept after it ends. */
    public static final Duration RECENTLY_CONNECTED_TTL = Duration.ofMinutes(30);
    /** How long addresses heard about from a third party (a DHT reply) are kept. */
    public static final Duration TEMP_TTL = Duration.ofMinutes(2);
    /** An address kept until removed: bootstrap peers, addresses a user gave. */
    public static final Duration PERMANENT = Duration.ofDays(365L * 1000);

    private static final int MAX_ADDRESSES_PER_PEER = 64;

    private final InstantSource clock;
    private final Map<PeerId, Entry> peers = new ConcurrentHashMap<>();

    public PeerStore(InstantSource clock) {
        this.clock = clock;
    }

    private static final class Entry {
        final Map<Multiaddr, Instant> addresses = new LinkedHashMap<>();
        PublicKey publicKey;
        Set<String> protocols = Set.of();
        String agentVersion;
        String protocolVersion;
    }

    private Entry entry(PeerId peer) {
        return peers.computeIfAbsent(peer, p -> new Entry());
    }

    /** Adds or extends addresses; an address already known keeps the later of the two expiries. */
    public void addAddresses(PeerId peer, List<Multiaddr> addresses, Duration ttl) {
        if (addresses.isEmpty()) {
            return;
        }
        Instant expiry = expiry(ttl);
        Entry e = entry(peer);
        synchronized (e) {
            for (Multiaddr addr : addresses) {
                Multiaddr bare = addr.withoutPeerId();
                e.addresses.merge(bare, expiry, (a, b) -> a.isAfter(b) ? a : b);
            }
            trim(e);
        }
    }

    /** Replaces a peer's addresses, as identify does: what the peer says now is what it listens on. */
    public void replaceAddresses(PeerId peer, List<Multiaddr> addresses, Duration ttl) {
        Entry e = entry(peer);
        synchronized (e) {
            e.addresses.clear();
        }
        addAddresses(peer, addresses, ttl);
    }

    /** The peer's unexpired addresses, oldest known first. */
    public List<Multiaddr> addresses(PeerId peer) {
        Entry e = peers.get(peer);
        if (e == null) {
            return List.of();
        }
        Instant now = clock.instant();
        synchronized (e) {
            List<Multiaddr> out = new ArrayList<>(e.addresses.size());
            e.addresses.forEach((addr, expiry) -> {
                if (expiry.isAfter(now)) {
                    out.add(addr);
                }
            });
            return List.copyOf(out);
        }
    }

    /** Records a peer's key; a key that does not match the peer id is refused. */
    public void setPublicKey(PeerId peer, PublicKey key) {
        if (!peer.matches(key)) {
            throw new IllegalArgumentException("public key does not belong to peer " + peer);
        }
        Entry e = entry(peer);
        synchronized (e) {
            e.publicKey = key;
        }
    }

    /** The peer's public key, from the store or, for Ed25519 and other short keys, from the id itself. */
    public Optional<PublicKey> publicKey(PeerId peer) {
        Entry e = peers.get(peer);
        if (e != null) {
            synchronized (e) {
                if (e.publicKey != null) {
                    return Optional.of(e.publicKey);
                }
            }
        }
        return peer.extractPublicKey();
    }

    public void setProtocols(PeerId peer, Set<String> protocols) {
        Entry e = entry(peer);
        synchronized (e) {
            e.protocols = Set.copyOf(protocols);
        }
    }

    public Set<String> protocols(PeerId peer) {
        Entry e = peers.get(peer);
        if (e == null) {
            return Set.of();
        }
        synchronized (e) {
            return e.protocols;
        }
    }

    public boolean supports(PeerId peer, String protocol) {
        return protocols(peer).contains(protocol);
    }

    public void setAgentVersion(PeerId peer, String agentVersion, String protocolVersion) {
        Entry e = entry(peer);
        synchronized (e) {
            e.agentVersion = agentVersion;
            e.protocolVersion = protocolVersion;
        }
    }

    public Optional<String> agentVersion(PeerId peer) {
        Entry e = peers.get(peer);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            return Optional.ofNullable(e.agentVersion);
        }
    }

    public Optional<String> protocolVersion(PeerId peer) {
        Entry e = peers.get(peer);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            return Optional.ofNullable(e.protocolVersion);
        }
    }

    /** Every peer the store has an entry for. */
    public Set<PeerId> peers() {
        return Set.copyOf(peers.keySet());
    }

    /** Drops expired addresses, and peers left with no address, key or protocols. */
    public void removeExpired() {
        Instant now = clock.instant();
        peers.forEach((peer, e) -> {
            synchronized (e) {
                e.addresses.values().removeIf(expiry -> !expiry.isAfter(now));
                if (e.addresses.isEmpty() && e.publicKey == null && e.protocols.isEmpty()) {
                    peers.remove(peer, e);
                }
            }
        });
    }

    private Instant expiry(Duration ttl) {
        Instant now = clock.instant();
        return ttl.compareTo(PERMANENT) >= 0 ? Instant.MAX : now.plus(ttl);
    }

    /** Keeps the newest addresses when a peer advertises an unreasonable number of them. */
    private static void trim(Entry e) {
        var it = e.addresses.keySet().iterator();
        while (e.addresses.size() > MAX_ADDRESSES_PER_PEER && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
