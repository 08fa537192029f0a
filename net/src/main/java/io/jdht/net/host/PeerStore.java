package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.identify.IdentifyInfo;
import io.jdht.net.identify.IdentifyProtocol;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What this node knows about other peers: their addresses (each with an expiry), public keys,
 * supported protocols and agent versions.
 *
 * <p>Every peer that connects, and every peer a DHT reply names, adds an entry, so the store is
 * bounded in three ways, none of which touches the entries of <em>protected</em> peers: those with
 * an open connection (the host reports them) and those the owner {@linkplain #setRetained retains}
 * (a node retains its routing table).
 *
 * <ul>
 *   <li><b>Expiry.</b> Addresses expire one by one, so that a peer that moved or left stops being
 *       dialled. The rest of an entry (key, protocols, agent) is kept for
 *       {@link #RECENTLY_CONNECTED_TTL} after it was last written or the peer's last connection
 *       closed. An unprotected entry with neither goes at the next {@link #removeExpired()}. Keys go
 *       too, although a peer id binds its key for good: memory matters more, and the key comes again
 *       in the next handshake.
 *   <li><b>Size per entry.</b> At most {@value #MAX_ADDRESSES_PER_PEER} addresses of at most
 *       {@value #MAX_ADDRESS_BYTES} bytes, the protocols and versions bounded as identify bounds
 *       them ({@link IdentifyInfo#boundedProtocols}, {@link IdentifyInfo#boundedVersion}).
 *   <li><b>Size overall.</b> At most a number of entries ({@link #DEFAULT_MAX_PEERS} by default) and
 *       an estimate of the bytes they hold ({@link #defaultMaxBytes()}). A write that crosses either
 *       evicts the least recently used unprotected entries until both hold again.
 * </ul>
 *
 * <p>Reads never return expired addresses. Safe for use from any thread: one lock guards the whole
 * store, as least-recently-used order changes on every read, and nothing done under it takes long
 * (the retained predicate must be quick and must not call back into the store).
 */
public final class PeerStore {
    /** How long addresses learned from a live connection or from identify are kept after it ends. */
    public static final Duration RECENTLY_CONNECTED_TTL = Duration.ofMinutes(30);
    /** How long addresses heard about from a third party (a DHT reply) are kept. */
    public static final Duration TEMP_TTL = Duration.ofMinutes(2);
    /** An address kept until removed: bootstrap peers, addresses a user gave. */
    public static final Duration PERMANENT = Duration.ofDays(365L * 1000);
    /** Entries kept at most, unless more peers than this are protected. */
    public static final int DEFAULT_MAX_PEERS = 10_000;
    /** Addresses kept per peer; the newest win. */
    public static final int MAX_ADDRESSES_PER_PEER = IdentifyProtocol.MAX_LISTEN_ADDRS;
    /** Longer addresses are not kept; real ones, relayed and certhash ones included, stay under 300. */
    public static final int MAX_ADDRESS_BYTES = 1024;

    // Rough heap cost of the parts of an entry, for the byte budget: object headers, map nodes and
    // the like on a 64-bit JVM. Not exact, but an entry that holds more is charged more.
    private static final int ENTRY_COST = 256;
    private static final int ADDRESS_COST = 128;
    private static final int STRING_COST = 56;
    private static final int KEY_COST = 64;

    private final InstantSource clock;
    private final int maxPeers;
    private final long maxBytes;
    /** In access order: the least recently used entry comes first, the first to evict. */
    private final LinkedHashMap<PeerId, Entry> peers = new LinkedHashMap<>(64, 0.75f, true);
    /** The estimated bytes of all entries: the sum of their {@link Entry#cost}. */
    private long bytes;
    private volatile Predicate<PeerId> retained = peer -> false;

    /** A store with the default limits. */
    public PeerStore(InstantSource clock) {
        this(clock, DEFAULT_MAX_PEERS, defaultMaxBytes());
    }

    /**
     * @param maxPeers entries kept at most, protected ones aside
     * @param maxBytes estimated bytes the entries may hold at most, protected ones aside
     */
    public PeerStore(InstantSource clock, int maxPeers, long maxBytes) {
        if (maxPeers < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("peer store limits must be positive: " + maxPeers + " peers, "
                    + maxBytes + " bytes");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPeers = maxPeers;
        this.maxBytes = maxBytes;
    }

    /**
     * The default byte budget: a thirty-second of the heap, between 4 and 64 MiB. A usual entry is
     * charged 2 to 4 KiB, so a 512 MiB heap keeps about 5,000 of them; one stuffed to every limit is
     * charged about 150 KiB, and no number of those can take more than the budget.
     */
    public static long defaultMaxBytes() {
        return Math.clamp(Runtime.getRuntime().maxMemory() / 32, 4L << 20, 64L << 20);
    }

    private static final class Entry {
        final Map<Multiaddr, Instant> addresses = new LinkedHashMap<>();
        PublicKey publicKey;
        int keyLength;
        Set<String> protocols = Set.of();
        String agentVersion;
        String protocolVersion;
        /** Open connections to the peer, as the host reported them. */
        int connections;
        /** Until when the key, protocols and versions stay without a connection or an address. */
        Instant keepUntil = Instant.MIN;
        /** What this entry adds to {@link #bytes}. */
        long cost;
    }

    /**
     * Which peers keep their entry however long unused: called with the store's lock held, on any
     * thread, so it must be thread-safe, quick, and must not use the store.
     */
    public void setRetained(Predicate<PeerId> retained) {
        this.retained = Objects.requireNonNull(retained, "retained");
    }

    /** Adds or extends addresses; an address already known keeps the later of the two expiries. */
    public void addAddresses(PeerId peer, List<Multiaddr> addresses, Duration ttl) {
        if (addresses.isEmpty()) {
            return;
        }
        Instant expiry = expiry(ttl);
        synchronized (peers) {
            Entry e = entry(peer);
            merge(e, addresses, expiry);
            written(e);
        }
    }

    /** Replaces a peer's addresses, as identify does: what the peer says now is what it listens on. */
    public void replaceAddresses(PeerId peer, List<Multiaddr> addresses, Duration ttl) {
        Instant expiry = expiry(ttl);
        synchronized (peers) {
            Entry e = entry(peer);
            e.addresses.clear();
            merge(e, addresses, expiry);
            written(e);
        }
    }

    /** The peer's unexpired addresses, oldest known first. */
    public List<Multiaddr> addresses(PeerId peer) {
        Instant now = clock.instant();
        synchronized (peers) {
            Entry e = peers.get(peer);
            if (e == null) {
                return List.of();
            }
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
        int length = key.marshal().length;
        synchronized (peers) {
            Entry e = entry(peer);
            e.publicKey = key;
            e.keyLength = length;
            keepData(e);
            written(e);
        }
    }

    /** The peer's public key, from the store or, for Ed25519 and other short keys, from the id itself. */
    public Optional<PublicKey> publicKey(PeerId peer) {
        synchronized (peers) {
            Entry e = peers.get(peer);
            if (e != null && e.publicKey != null) {
                return Optional.of(e.publicKey);
            }
        }
        return peer.extractPublicKey();
    }

    /** Records what a peer supports; only the first valid ids are kept (see {@link IdentifyInfo#boundedProtocols}). */
    public void setProtocols(PeerId peer, Set<String> protocols) {
        Set<String> kept = Set.copyOf(IdentifyInfo.boundedProtocols(protocols));
        synchronized (peers) {
            Entry e = entry(peer);
            e.protocols = kept;
            keepData(e);
            written(e);
        }
    }

    public Set<String> protocols(PeerId peer) {
        synchronized (peers) {
            Entry e = peers.get(peer);
            return e == null ? Set.of() : e.protocols;
        }
    }

    public boolean supports(PeerId peer, String protocol) {
        return protocols(peer).contains(protocol);
    }

    /** Records a peer's agent and protocol versions (either may be null), each cut to a bounded length. */
    public void setAgentVersion(PeerId peer, String agentVersion, String protocolVersion) {
        String agent = IdentifyInfo.boundedVersion(agentVersion);
        String version = IdentifyInfo.boundedVersion(protocolVersion);
        synchronized (peers) {
            Entry e = entry(peer);
            e.agentVersion = agent;
            e.protocolVersion = version;
            keepData(e);
            written(e);
        }
    }

    public Optional<String> agentVersion(PeerId peer) {
        synchronized (peers) {
            Entry e = peers.get(peer);
            return e == null ? Optional.empty() : Optional.ofNullable(e.agentVersion);
        }
    }

    public Optional<String> protocolVersion(PeerId peer) {
        synchronized (peers) {
            Entry e = peers.get(peer);
            return e == null ? Optional.empty() : Optional.ofNullable(e.protocolVersion);
        }
    }

    /** Every peer the store has an entry for. */
    public Set<PeerId> peers() {
        synchronized (peers) {
            return Set.copyOf(peers.keySet());
        }
    }

    /** How many peers have an entry. */
    public int size() {
        synchronized (peers) {
            return peers.size();
        }
    }

    /** The estimated bytes all entries hold, as the byte budget counts them. */
    public long estimatedBytes() {
        synchronized (peers) {
            return bytes;
        }
    }

    /**
     * A connection to {@code peer} opened: its entry is protected until the matching
     * {@link #disconnected}. The host calls this before it stores what the handshake taught it, so
     * that those writes cannot evict the entry they go to.
     */
    void connected(PeerId peer) {
        synchronized (peers) {
            Entry e = entry(peer);
            e.connections++;
            written(e);
        }
    }

    /** A connection to {@code peer} closed; after the last, its entry stays another {@link #RECENTLY_CONNECTED_TTL}. */
    void disconnected(PeerId peer) {
        synchronized (peers) {
            Entry e = peers.get(peer);
            if (e == null || e.connections == 0) {
                return;
            }
            if (--e.connections == 0) {
                keepData(e);
                evictOverLimits(); // the entry may be what keeps the store over its limits
            }
        }
    }

    /**
     * Drops expired addresses, then the entries of unprotected peers left with no address and past
     * their keep time, then (should the retained set have shrunk) enough unprotected entries to be
     * within the limits again. The host runs this every minute.
     */
    public void removeExpired() {
        Instant now = clock.instant();
        synchronized (peers) {
            Iterator<Map.Entry<PeerId, Entry>> it = peers.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<PeerId, Entry> next = it.next();
                Entry e = next.getValue();
                if (e.addresses.values().removeIf(expiry -> !expiry.isAfter(now))) {
                    recost(e);
                }
                if (e.addresses.isEmpty() && !e.keepUntil.isAfter(now) && !isProtected(next.getKey(), e)) {
                    it.remove();
                    bytes -= e.cost;
                }
            }
            evictOverLimits();
        }
    }

    /** The peer's entry, made if it has none; held lock: {@link #peers}. */
    private Entry entry(PeerId peer) {
        return peers.computeIfAbsent(peer, p -> new Entry());
    }

    /** Keeps the newest addresses when a peer advertises an unreasonable number of them. */
    private static void merge(Entry e, List<Multiaddr> addresses, Instant expiry) {
        for (Multiaddr addr : addresses) {
            Multiaddr bare = addr.withoutPeerId();
            if (bare.toBytes().length > MAX_ADDRESS_BYTES) {
                continue;
            }
            e.addresses.merge(bare, expiry, (a, b) -> a.isAfter(b) ? a : b);
        }
        Iterator<Multiaddr> it = e.addresses.keySet().iterator();
        while (e.addresses.size() > MAX_ADDRESSES_PER_PEER && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** What was just learned about a peer outlives its connections by {@link #RECENTLY_CONNECTED_TTL}. */
    private void keepData(Entry e) {
        Instant until = clock.instant().plus(RECENTLY_CONNECTED_TTL);
        if (until.isAfter(e.keepUntil)) {
            e.keepUntil = until;
        }
    }

    /** Accounts for a changed entry and brings the store back within its limits. */
    private void written(Entry e) {
        recost(e);
        evictOverLimits();
    }

    private void recost(Entry e) {
        long cost = ENTRY_COST;
        for (Multiaddr a : e.addresses.keySet()) {
            cost += ADDRESS_COST + a.toBytes().length;
        }
        if (e.publicKey != null) {
            cost += KEY_COST + e.keyLength;
        }
        for (String p : e.protocols) {
            cost += textCost(p);
        }
        cost += textCost(e.agentVersion) + textCost(e.protocolVersion);
        bytes += cost - e.cost;
        e.cost = cost;
    }

    private static long textCost(String s) {
        return s == null ? 0 : STRING_COST + 2L * s.length(); // two bytes a char, to be safe
    }

    /**
     * Evicts least recently used unprotected entries while the store is over a limit. Protected
     * entries passed on the way are moved to the recent end, so the next eviction starts past them
     * instead of walking them again. If all entries are protected the store stays over: connections
     * and the routing table have limits of their own.
     */
    private void evictOverLimits() {
        if (!overLimits()) {
            return;
        }
        List<PeerId> spared = new ArrayList<>();
        Iterator<Map.Entry<PeerId, Entry>> it = peers.entrySet().iterator();
        while (overLimits() && it.hasNext()) {
            Map.Entry<PeerId, Entry> next = it.next();
            if (isProtected(next.getKey(), next.getValue())) {
                spared.add(next.getKey());
            } else {
                it.remove();
                bytes -= next.getValue().cost;
            }
        }
        spared.forEach(peers::get); // a read moves an entry to the recent end
    }

    private boolean overLimits() {
        return peers.size() > maxPeers || bytes > maxBytes;
    }

    private boolean isProtected(PeerId peer, Entry e) {
        return e.connections > 0 || retained.test(peer);
    }

    private Instant expiry(Duration ttl) {
        Instant now = clock.instant();
        return ttl.compareTo(PERMANENT) >= 0 ? Instant.MAX : now.plus(ttl);
    }
}
