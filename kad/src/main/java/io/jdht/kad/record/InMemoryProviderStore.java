package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 *   <li>At most {@code maxKeys} keys: a provider for a new key when that many are held throws
 *       {@link StoreFullException} and changes nothing.
 * </ul>
 *
 * <p><b>Layout.</b> A server may hold a million provider records, so they are kept compact: per
 * key one small entry with two parallel arrays (providers, receive times in epoch nanoseconds),
 * and each (peer, addresses) pair stored once, as bytes, however many keys it announced, counted
 * by use and dropped with its last record. A peer that announces thousands of keys from the same
 * addresses then costs its addresses once. Measured on a 64-bit JVM with compressed pointers:
 * about 200 bytes per record when providers announce many keys each, about 350 when every record
 * comes from a different provider (811 either way with a map of parsed records per key).
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
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final long validityNanos;
    private final long addressTtlNanos;
    private final int maxProvidersPerKey;
    private final int maxKeys;
    private final Map<ByteKey, KeyEntry> keys = new HashMap<>();
    /** Each (peer, addresses) pair once; the value is the key itself. */
    private final Map<Provider, Provider> shared = new HashMap<>();
    private final ArrayDeque<KeyEntry> rotation = new ArrayDeque<>();
    private int passLeft;
    private ProviderStoreListener listener = ProviderStoreListener.NONE;

    /**
     * A provider and the addresses it announced, shared by every record that names both, kept as
     * their wire bytes: {@code [u16 length][peer id]} then {@code [u16 count]} and per address
     * {@code [u16 length][multiaddr]}. Bytes cost a fraction of the parsed objects (a peer id and
     * two addresses take about 90 bytes so, 550 as objects); they are parsed again only to answer,
     * at most 20 per key.
     */
    private static final class Provider {
        final byte[] bytes;
        final int hash;
        int uses;

        Provider(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        static Provider of(byte[] peer, List<Multiaddr> addresses) {
            List<byte[]> addrs = new ArrayList<>(addresses.size());
            int size = 2 + peer.length + 2;
            for (Multiaddr a : addresses) {
                byte[] b = a.toBytes();
                addrs.add(b);
                size += 2 + b.length;
            }
            if (peer.length > 0xffff || addrs.size() > 0xffff || addrs.stream().anyMatch(b -> b.length > 0xffff)) {
                throw new IllegalArgumentException("provider record too large to store"); // never so from the wire
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.putShort((short) peer.length).put(peer).putShort((short) addrs.size());
            for (byte[] b : addrs) {
                out.putShort((short) b.length).put(b);
            }
            return new Provider(out.array());
        }

        boolean isPeer(byte[] peer) {
            int n = Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort());
            return n == peer.length && Arrays.equals(bytes, 2, 2 + n, peer, 0, n);
        }

        PeerId peer() {
            int n = Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort());
            return PeerId.fromBytes(Arrays.copyOfRange(bytes, 2, 2 + n));
        }

        List<Multiaddr> addresses() {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(2 + Short.toUnsignedInt(in.getShort(0)));
            int count = Short.toUnsignedInt(in.getShort());
            List<Multiaddr> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] b = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(b);
                out.add(Multiaddr.decode(b));
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Provider p && hash == p.hash && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** One key's providers in insertion order (a refresh moves one to the end), and when each came. */
    private static final class KeyEntry {
        final ByteKey key;
        Provider[] providers;
        long[] received;
        int count;
        boolean live = true;

        KeyEntry(ByteKey key) {
            this.key = key;
            this.providers = new Provider[1];
            this.received = new long[1];
        }
    }

    /** 48 h validity, 24 h addresses, 20 providers per key, 100 000 keys. */
    public InMemoryProviderStore() {
        this(DEFAULT_VALIDITY, DEFAULT_ADDRESS_TTL, DEFAULT_MAX_PROVIDERS_PER_KEY, DEFAULT_MAX_KEYS);
    }

    /**
     * @param validity positive
     * @param addressTtl positive, at most {@code validity}
     * @param maxProvidersPerKey positive
     * @param maxKeys positive
     */
    public InMemoryProviderStore(Duration validity, Duration addressTtl, int maxProvidersPerKey, int maxKeys) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        if (addressTtl.isNegative() || addressTtl.isZero() || addressTtl.compareTo(validity) > 0) {
            throw new IllegalArgumentException("address TTL must be positive and at most the validity: " + addressTtl);
        }
        if (maxProvidersPerKey <= 0 || maxKeys <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxProvidersPerKey + ", " + maxKeys);
        }
        this.validityNanos = saturatedNanos(validity);
        this.addressTtlNanos = saturatedNanos(addressTtl);
        this.maxProvidersPerKey = maxProvidersPerKey;
        this.maxKeys = maxKeys;
    }

    /** Where changes are reported from now on; {@link ProviderStoreListener#NONE} to stop. */
    public void listener(ProviderStoreListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreFullException if the key is new and the store holds {@code maxKeys} keys
     */
    @Override
    public void add(byte[] key, ProviderRecord record) {
        ByteKey k = new ByteKey(key);
        KeyEntry e = keys.get(k);
        if (e == null) {
            if (keys.size() >= maxKeys) {
                throw new StoreFullException("provider store is full (" + maxKeys + " keys)");
            }
            e = new KeyEntry(k);
            keys.put(k, e);
            rotation.addLast(e);
        }
        byte[] peer = record.provider().toBytes();
        Provider p = intern(peer, record.addresses()); // before the release below, which may free it
        int at = indexOf(e, peer);
        if (at >= 0) {
            release(e.providers[at]);
            removeAt(e, at); // a refresh moves the provider to the end, with its new time
        } else if (e.count >= maxProvidersPerKey) {
            int oldest = 0;
            for (int i = 1; i < e.count; i++) {
                if (e.received[i] < e.received[oldest]) {
                    oldest = i;
                }
            }
            PeerId displaced = e.providers[oldest].peer();
            release(e.providers[oldest]);
            removeAt(e, oldest);
            listener.removed(k.bytes(), displaced);
        }
        append(e, p, nanos(record.received()));
        listener.stored(k.bytes(), record);
    }

    /** {@inheritDoc} Drops the key's expired records as it goes. */
    @Override
    public List<ProviderRecord> providers(byte[] key, Instant now) {
        KeyEntry e = keys.get(new ByteKey(key));
        if (e == null) {
            return List.of();
        }
        long t = nanos(now);
        dropExpired(e, t);
        if (e.count == 0) {
            return List.of();
        }
        List<ProviderRecord> live = new ArrayList<>(e.count);
        for (int i = 0; i < e.count; i++) {
            Provider p = e.providers[i];
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
                e.live = false;
            }
        }
        return removed;
    }

    @Override
    public Sweep removeExpired(Instant now, int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        long t = nanos(now);
        if (passLeft == 0) {
            passLeft = rotation.size();
        }
        int visited = 0;
        int removed = 0;
        while (visited < budget && passLeft > 0) {
            KeyEntry e = rotation.pollFirst();
            passLeft--;
            visited++;
            if (!e.live) {
                continue;
            }
            removed += dropExpired(e, t);
            if (e.live) {
                rotation.addLast(e);
            }
        }
        return new Sweep(visited, removed, passLeft == 0);
    }

    @Override
    public int keyCount() {
        return keys.size();
    }

    /** Drops the key's expired records, and the key itself once it has none; returns how many. */
    private int dropExpired(KeyEntry e, long now) {
        int removed = removeExpiredRecords(e, now);
        if (e.count == 0) {
            keys.remove(e.key);
            e.live = false;
        }
        return removed;
    }

    private int removeExpiredRecords(KeyEntry e, long now) {
        int removed = 0;
        for (int i = e.count - 1; i >= 0; i--) {
            if (now >= plus(e.received[i], validityNanos)) {
                PeerId gone = e.providers[i].peer();
                release(e.providers[i]);
                removeAt(e, i);
                listener.removed(e.key.bytes(), gone);
                removed++;
            }
        }
        return removed;
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
    private static void append(KeyEntry e, Provider p, long received) {
        if (e.count == e.providers.length) {
            e.providers = Arrays.copyOf(e.providers, e.count + 1);
            e.received = Arrays.copyOf(e.received, e.count + 1);
        }
        e.providers[e.count] = p;
        e.received[e.count] = received;
        e.count++;
    }

    private Provider intern(byte[] peer, List<Multiaddr> addresses) {
        Provider p = shared.computeIfAbsent(Provider.of(peer, addresses), x -> x);
        p.uses++;
        return p;
    }

    private void release(Provider p) {
        if (--p.uses == 0) {
            shared.remove(p);
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
