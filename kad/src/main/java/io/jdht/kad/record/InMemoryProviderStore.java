package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ProviderStore} in memory.
 *
 * <ul>
 *   <li>A record is live while {@code now < received + validity} (48 h by default); its
 *       addresses are served while {@code now < received + addressTtl} (24 h), after which it is
 *       served without them.
 *   <li>Adding a provider a key already has replaces its record (a refresh: new time, new
 *       addresses).
 *   <li>A key holds at most {@code maxProvidersPerKey} providers (20, as rust-libp2p). A new
 *       provider for a full key replaces the record received longest ago, so fresh announcements
 *       are not locked out by stale ones. (rust-libp2p instead ignores the newcomer.)
 *   <li>In all at most {@code maxEntries} keys and {@code maxBytes} estimated bytes
 *       ({@link StoreLimits}): a record beyond either takes room from the provider holding the
 *       most, its oldest records first, as long as it holds more than the writer will
 *       ({@link LargestHolder}); otherwise it throws {@link StoreFullException} and changes
 *       nothing.
 *   <li>One provider may have at most {@code maxEntriesPerPeer} records and
 *       {@code maxBytesPerPeer} bytes here; a record beyond those first drops that provider's own
 *       oldest records. The provider is the peer that sent the announcement (the DHT takes it
 *       from no one else), so a peer flooding ADD_PROVIDER churns through its own quota and the
 *       others' records stay. This node's own records ({@link #owner}) count toward the totals
 *       only.
 * </ul>
 *
 * <p><b>Layout.</b> A server may hold a million provider records, so they are kept compact: per
 * key one small entry with two parallel arrays (providers, receive times in epoch nanoseconds),
 * and each (peer, addresses) pair stored once ({@link SharedProvider}), as bytes, however many keys
 * it announced. A peer that announces thousands of keys from the same addresses then costs its
 * addresses once. The estimate the byte limits use follows that layout: {@value #RECORD_OVERHEAD}
 * bytes plus the key's length per record, each shared (peer, addresses) pair once, and each
 * provider's account (its quota's bookkeeping) once. Measured on a 64-bit JVM with compressed
 * pointers (ProviderStoreFootprint, 300,000 records), a record takes about 220 bytes when 300
 * providers announce all of them (estimated 214), and about 575 when every record comes from a
 * different provider (estimated 559).
 *
 * <p><b>Sweeping.</b> As in {@link InMemoryRecordStore}, a rotation queue holds each key's entry
 * once; an incremental sweep slice takes entries from its head and requeues the live ones.
 *
 * <p>A {@link ProviderStoreListener} hears of every change, so a persistent copy can follow.
 */
public final class InMemoryProviderStore implements ProviderStore {
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(48);
    public static final Duration DEFAULT_ADDRESS_TTL = Duration.ofHours(24);
    public static final int DEFAULT_MAX_PROVIDERS_PER_KEY = 20;
    public static final int DEFAULT_MAX_KEYS = StoreLimits.PROVIDERS.maxEntries();
    /**
     * Estimated bytes of one record besides its key's bytes: its two array slots, its share of
     * the key's entry, map node and rotation slot, and its place in its provider's order.
     */
    static final int RECORD_OVERHEAD = 180;

    private final long validityNanos;
    private final long addressTtlNanos;
    private final int maxProvidersPerKey;
    private final StoreLimits limits;
    private final Map<ByteKey, KeyEntry> keys = new HashMap<>();
    /** Each (peer, addresses) pair once; the value is the key itself. */
    private final Map<SharedProvider, SharedProvider> shared = new HashMap<>();
    /** Per provider with a quota (every one but this node): what it holds. */
    private final Map<ByteKey, Holdings<KeyEntry>> holders = new HashMap<>();
    private final SweepRotation<KeyEntry> rotation = new SweepRotation<>(e -> e.live);
    /** Who gives way when the store is full. */
    private final LargestHolder<KeyEntry> largest = new LargestHolder<>();
    private ByteKey owner;
    private long bytes;
    private ProviderStoreListener listener = ProviderStoreListener.NONE;

    /** One key's providers in insertion order (a refresh moves one to the end), and when each came. */
    private static final class KeyEntry {
        final ByteKey key;
        SharedProvider[] providers;
        long[] received;
        int count;
        boolean live = true;

        KeyEntry(ByteKey key) {
            this.key = key;
            this.providers = new SharedProvider[1];
            this.received = new long[1];
        }
    }

    /** 48 h validity, 24 h addresses, 20 providers per key, {@link StoreLimits#PROVIDERS}. */
    public InMemoryProviderStore() {
        this(DEFAULT_VALIDITY, DEFAULT_ADDRESS_TTL, DEFAULT_MAX_PROVIDERS_PER_KEY, StoreLimits.PROVIDERS);
    }

    /**
     * {@link StoreLimits#PROVIDERS} with another key cap.
     *
     * @param maxKeys positive
     */
    public InMemoryProviderStore(Duration validity, Duration addressTtl, int maxProvidersPerKey, int maxKeys) {
        this(validity, addressTtl, maxProvidersPerKey, limitsOf(maxKeys));
    }

    /**
     * @param validity positive
     * @param addressTtl positive, at most {@code validity}
     * @param maxProvidersPerKey positive
     */
    public InMemoryProviderStore(Duration validity, Duration addressTtl, int maxProvidersPerKey, StoreLimits limits) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        if (addressTtl.isNegative() || addressTtl.isZero() || addressTtl.compareTo(validity) > 0) {
            throw new IllegalArgumentException("address TTL must be positive and at most the validity: " + addressTtl);
        }
        if (maxProvidersPerKey <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxProvidersPerKey + " providers per key");
        }
        this.validityNanos = saturatedNanos(validity);
        this.addressTtlNanos = saturatedNanos(addressTtl);
        this.maxProvidersPerKey = maxProvidersPerKey;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    private static StoreLimits limitsOf(int maxKeys) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxKeys + " keys");
        }
        return StoreLimits.PROVIDERS.withMaxEntries(maxKeys);
    }

    /** Where changes are reported from now on; {@link ProviderStoreListener#NONE} to stop. */
    public void listener(ProviderStoreListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** {@inheritDoc} Records it already holds stop counting against its quota. */
    @Override
    public void owner(PeerId self) {
        owner = new ByteKey(self.toBytes());
        if (holders.remove(owner) != null) {
            bytes -= Holdings.OVERHEAD; // its records stay, its account goes
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreFullException if the key is new and the store holds {@code maxEntries} keys, if
     *     the record would take the store past {@code maxBytes}, or if it is on its own larger
     *     than a provider's byte quota
     */
    @Override
    public void add(byte[] key, ProviderRecord record) {
        ByteKey k = new ByteKey(key);
        KeyEntry e = keys.get(k);
        byte[] peer = record.provider().toBytes();
        ByteKey peerKey = new ByteKey(peer);
        Holdings<KeyEntry> holder = null;
        if (!peerKey.equals(owner)) {
            holder = holders.get(peerKey);
            if (holder == null) {
                holder = new Holdings<>(peerKey, Optional.empty()); // the records name the peer themselves
            }
        }
        SharedProvider candidate = SharedProvider.of(peer, record.addresses());
        long recordCost = RECORD_OVERHEAD + (long) key.length;
        long alone = recordCost + candidate.cost() + Holdings.OVERHEAD;
        if (holder != null && alone > limits.maxBytesPerPeer()) {
            throw new StoreFullException("a provider record of " + alone + " bytes is more than one peer may store ("
                    + limits.maxBytesPerPeer() + " bytes)");
        }
        if (holder != null) {
            makeRoom(holder, e, candidate, recordCost);
        }
        int at = e == null ? -1 : indexOf(e, peer);
        long added = (at >= 0 ? 0 : recordCost) + (shared.containsKey(candidate) ? 0 : candidate.cost())
                - (at >= 0 ? freedByReplacing(e.providers[at], candidate) : 0)
                + (holder != null && holder.count == 0 ? Holdings.OVERHEAD : 0);
        giveWayIfFull(e, added, holder, holder == null ? 0 : holder.bytes + added);
        if (e == null) {
            e = new KeyEntry(k);
            keys.put(k, e);
            rotation.add(e);
        }
        long t = nanos(record.received());
        // a refresh at the very time already held leaves its pair in the provider's order current
        boolean sameTime = at >= 0 && e.received[at] == t;
        SharedProvider p = intern(candidate, holder); // before the release below, which may free it
        if (at >= 0) {
            SharedProvider old = e.providers[at];
            removeAt(e, at); // a refresh moves the provider to the end, with its new time
            release(old, holder);
        } else {
            if (e.count >= maxProvidersPerKey) {
                int oldest = 0;
                for (int i = 1; i < e.count; i++) {
                    if (e.received[i] < e.received[oldest]) {
                        oldest = i;
                    }
                }
                PeerId displaced = removeRecord(e, oldest).peer();
                listener.removed(k.bytes(), displaced);
            }
            bytes += recordCost;
            if (holder != null) {
                if (holder.count == 0) {
                    holders.put(peerKey, holder);
                    bytes += Holdings.OVERHEAD;
                    holder.bytes += Holdings.OVERHEAD;
                }
                holder.count++;
                holder.bytes += recordCost;
            }
        }
        append(e, p, t);
        if (holder != null && !sameTime) {
            holder.push(e, t, currentFor(peer));
        }
        listener.stored(k.bytes(), record);
    }

    /**
     * Drops the provider's oldest records until one more fits its quota. Its record for the same
     * key, if any, is not dropped: the add refreshes it, and it stays if the add is refused.
     */
    private void makeRoom(Holdings<KeyEntry> holder, KeyEntry target, SharedProvider candidate, long recordCost) {
        byte[] peer = holder.peer.bytes();
        Holdings.Current<KeyEntry> current = currentFor(peer);
        KeyEntry kept = null;
        long keptTime = 0;
        while (true) {
            int at = target == null ? -1 : indexOf(target, peer);
            int count = holder.count + (at >= 0 ? 0 : 1);
            long held = holder.bytes + (at >= 0 ? 0 : recordCost) + (shared.containsKey(candidate) ? 0 : candidate.cost())
                    - (at >= 0 ? freedByReplacing(target.providers[at], candidate) : 0)
                    + (holder.count == 0 ? Holdings.OVERHEAD : 0);
            if (count <= limits.maxEntriesPerPeer() && held <= limits.maxBytesPerPeer()) {
                break;
            }
            KeyEntry oldest = holder.pollOldest(current);
            if (oldest == null) {
                break; // nothing left of its own to drop; the store's own checks decide
            }
            int i = indexOf(oldest, peer);
            if (oldest == target) {
                kept = oldest;
                keptTime = oldest.received[i];
                continue;
            }
            dropRecord(oldest, i, peer);
        }
        if (kept != null) {
            holder.push(kept, keptTime, current);
        }
    }

    /** Drops the record at {@code i} of {@code entry} (the provider {@code peer}'s), and the key with its last record. */
    private void dropRecord(KeyEntry entry, int i, byte[] peer) {
        removeRecord(entry, i);
        listener.removed(entry.key.bytes(), PeerId.fromBytes(peer));
        if (entry.count == 0) {
            keys.remove(entry.key);
            retire(entry, true);
        }
    }

    /**
     * While the store cannot take {@code added} more bytes (or, when {@code target} is null, one
     * more key), drops the oldest records of the provider holding the most, as long as it holds
     * more than the writer will ({@code writerBytes}, see {@link LargestHolder}); then, if it still
     * cannot, refuses. Records under the key being added to are not dropped (the add is about to
     * use that entry).
     */
    private void giveWayIfFull(KeyEntry target, long added, Holdings<KeyEntry> writer, long writerBytes) {
        while (true) {
            boolean noRoomForKey = target == null && keys.size() >= limits.maxEntries();
            boolean noRoomForBytes = bytes + added > limits.maxBytes();
            if (!noRoomForKey && !noRoomForBytes) {
                return;
            }
            Holdings<KeyEntry> victim = largest.above(writerBytes, writer, holders.values());
            KeyEntry oldest = null;
            KeyEntry kept = null;
            long keptTime = 0;
            if (victim != null) {
                byte[] peer = victim.peer.bytes();
                oldest = victim.pollOldest(currentFor(peer));
                if (oldest != null && oldest == target) {
                    kept = oldest;
                    keptTime = oldest.received[indexOf(oldest, peer)];
                    oldest = victim.pollOldest(currentFor(peer));
                }
                if (oldest != null) {
                    dropRecord(oldest, indexOf(oldest, peer), peer);
                }
                if (kept != null) {
                    victim.push(kept, keptTime, currentFor(peer));
                }
            }
            if (oldest == null) {
                throw new StoreFullException(noRoomForKey ? "provider store is full (" + limits.maxEntries() + " keys)"
                        : "provider store is full (" + bytes + " of " + limits.maxBytes() + " bytes)");
            }
        }
    }

    /** The bytes a refresh frees: the old addresses, when no other record shares them. */
    private static long freedByReplacing(SharedProvider old, SharedProvider candidate) {
        return old.uses == 1 && !old.equals(candidate) ? old.cost() : 0;
    }

    /** Whether an (entry, time) pair of a provider's order still stands for its record there. */
    private static Holdings.Current<KeyEntry> currentFor(byte[] peer) {
        return (e, time) -> {
            if (!e.live) {
                return false;
            }
            int i = indexOf(e, peer);
            return i >= 0 && e.received[i] == time;
        };
    }

    /** {@inheritDoc} Drops the key's expired records as it goes. */
    @Override
    public List<ProviderRecord> providers(byte[] key, Instant now) {
        KeyEntry e = keys.get(new ByteKey(key));
        if (e == null) {
            return List.of();
        }
        long t = nanos(now);
        dropExpired(e, t, true);
        if (e.count == 0) {
            return List.of();
        }
        List<ProviderRecord> live = new ArrayList<>(e.count);
        for (int i = 0; i < e.count; i++) {
            SharedProvider p = e.providers[i];
            List<Multiaddr> addrs = t < plus(e.received[i], addressTtlNanos) ? p.addresses() : List.of();
            live.add(new ProviderRecord(p.peer(), addrs, instant(e.received[i])));
        }
        live.sort(Comparator.comparing(ProviderRecord::received).reversed());
        return List.copyOf(live);
    }

    @Override
    public int removeExpired(Instant now) {
        long t = nanos(now);
        int removed = 0;
        for (Iterator<KeyEntry> it = keys.values().iterator(); it.hasNext(); ) {
            KeyEntry e = it.next();
            removed += removeExpiredRecords(e, t);
            if (e.count == 0) {
                it.remove();
                retire(e, true);
            }
        }
        return removed;
    }

    /** Marks an entry dead; {@code inRotation} is false for one the sweep has already taken out. */
    private void retire(KeyEntry e, boolean inRotation) {
        e.live = false;
        if (inRotation) {
            rotation.died(keys.size());
        }
    }

    @Override
    public Sweep removeExpired(Instant now, int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        long t = nanos(now);
        rotation.beginSlice();
        int visited = 0;
        int removed = 0;
        while (visited < budget && rotation.inPass()) {
            KeyEntry e = rotation.take();
            visited++;
            if (e == null) {
                continue; // a dead entry, now forgotten
            }
            removed += dropExpired(e, t, false); // already taken out of the rotation
            if (e.live) {
                rotation.keep(e);
            }
        }
        return new Sweep(visited, removed, !rotation.inPass());
    }

    @Override
    public int keyCount() {
        return keys.size();
    }

    /** Entries in the sweep's rotation, dead ones included (for tests: it must follow what is stored). */
    int rotationLength() {
        return rotation.size();
    }

    /** The estimated bytes of the records held. */
    public long bytes() {
        return bytes;
    }

    /** How many provider records name a peer here (0 for this node itself). */
    public int countOf(PeerId provider) {
        Holdings<KeyEntry> h = holders.get(new ByteKey(provider.toBytes()));
        return h == null ? 0 : h.count;
    }

    /** The length of a provider's order, stale pairs included (for tests: it must stay bounded). */
    int orderLength(PeerId provider) {
        Holdings<KeyEntry> h = holders.get(new ByteKey(provider.toBytes()));
        return h == null ? 0 : h.size();
    }

    /** Drops the key's expired records, and the key itself once it has none; returns how many. */
    private int dropExpired(KeyEntry e, long now, boolean inRotation) {
        int removed = removeExpiredRecords(e, now);
        if (e.count == 0) {
            keys.remove(e.key);
            retire(e, inRotation);
        }
        return removed;
    }

    private int removeExpiredRecords(KeyEntry e, long now) {
        int removed = 0;
        for (int i = e.count - 1; i >= 0; i--) {
            if (now >= plus(e.received[i], validityNanos)) {
                PeerId gone = removeRecord(e, i).peer();
                listener.removed(e.key.bytes(), gone);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Takes the i-th record out of the key's entry and off the totals and its provider's account;
     * returns its provider. The caller tells the listener and drops the key if it emptied.
     */
    private SharedProvider removeRecord(KeyEntry e, int i) {
        SharedProvider p = e.providers[i];
        Holdings<KeyEntry> h = holders.get(new ByteKey(p.peerBytes()));
        removeAt(e, i);
        release(p, h);
        long cost = RECORD_OVERHEAD + (long) e.key.bytes().length;
        bytes -= cost;
        if (h != null) {
            h.count--;
            h.bytes -= cost;
            if (h.count == 0) {
                holders.remove(h.peer);
                bytes -= Holdings.OVERHEAD;
                h.bytes -= Holdings.OVERHEAD;
            }
        }
        return p;
    }

    private static int indexOf(KeyEntry e, byte[] peer) {
        for (int i = 0; i < e.count; i++) {
            if (e.providers[i].isPeer(peer)) {
                return i;
            }
        }
        return -1;
    }

    private static void removeAt(KeyEntry e, int i) {
        int tail = e.count - i - 1;
        System.arraycopy(e.providers, i + 1, e.providers, i, tail);
        System.arraycopy(e.received, i + 1, e.received, i, tail);
        e.count--;
        e.providers[e.count] = null;
    }

    /** Appends, growing the arrays by one: most keys have one or two providers, so no slack. */
    private static void append(KeyEntry e, SharedProvider p, long received) {
        if (e.count == e.providers.length) {
            e.providers = Arrays.copyOf(e.providers, e.count + 1);
            e.received = Arrays.copyOf(e.received, e.count + 1);
        }
        e.providers[e.count] = p;
        e.received[e.count] = received;
        e.count++;
    }

    /** The shared copy of a (peer, addresses) pair, charged to its provider when it is new. */
    private SharedProvider intern(SharedProvider candidate, Holdings<KeyEntry> holder) {
        SharedProvider p = shared.computeIfAbsent(candidate, x -> x);
        if (p.uses++ == 0) {
            bytes += p.cost();
            if (holder != null) {
                holder.bytes += p.cost();
            }
        }
        return p;
    }

    private void release(SharedProvider p, Holdings<KeyEntry> holder) {
        if (--p.uses == 0) {
            shared.remove(p);
            bytes -= p.cost();
            if (holder != null) {
                holder.bytes -= p.cost();
            }
        }
    }

    private static long plus(long nanos, long duration) {
        long sum = nanos + duration;
        return ((nanos ^ sum) & (duration ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * An instant as nanoseconds since the epoch, clamped to what a long holds (years 1677 to
     * 2262): eight bytes instead of a 24-byte object per record.
     */
    static long nanos(Instant t) {
        if (t.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (t.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
