package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RecordStore} in a hash map. A record is live while {@code now < received + maxAge};
 * after that {@link #get} treats it as absent (and drops it).
 *
 * <p><b>Limits</b> ({@link StoreLimits}). In all, the store holds at most {@code maxEntries}
 * records and {@code maxBytes} estimated bytes (key, value and {@value #ENTRY_OVERHEAD} bytes of
 * bookkeeping per record, and each publisher's account once). A put beyond either takes room from
 * the publisher holding the most, its oldest records first, as long as it holds more than the
 * writer will ({@link LargestHolder}); otherwise the put throws {@link StoreFullException} and
 * changes nothing. So a crowd of fresh identities cannot shut out a peer that holds little, and a
 * flood of junk keys from one peer cannot push out records others hold; expired records free
 * their room at the next sweep. Each
 * publisher (the peer whose PUT_VALUE stored a record) may hold at most
 * {@code maxEntriesPerPeer} records and {@code maxBytesPerPeer} bytes: a put beyond those first
 * drops that publisher's own oldest records, so one flooding peer churns through its own quota
 * instead of filling the store. A record replaced by another peer's counts against the new
 * publisher. Records of this node itself ({@link #owner}) and of no known publisher count toward
 * the totals only.
 *
 * <p>The incremental sweep visits keys in a rotation: a queue holds each key's entry once, a slice
 * takes entries from its head and puts the ones still live back at its tail. A key removed in the
 * meantime leaves a dead entry behind, which the sweep drops when it reaches it.
 *
 * <p>A {@link RecordStoreListener} hears of every change, so a persistent copy can follow.
 */
public final class InMemoryRecordStore implements RecordStore {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(48);
    public static final int DEFAULT_MAX_RECORDS = StoreLimits.RECORDS.maxEntries();
    /**
     * Estimated bytes a record costs besides its key and value: the map node, the key wrapper,
     * the entry, the record, two array headers, its rotation slot and its place in its
     * publisher's order. Measured on a 64-bit JVM with compressed pointers (100,000 records of
     * 100-byte values under 39-byte keys): about 400 bytes a record from ten publishers, 700 when
     * each has its own (estimated 399 and 699).
     */
    static final int ENTRY_OVERHEAD = 260;
    /** Estimated bytes of a publisher's account, with the one copy of its peer id its records share. */
    static final int ACCOUNT_OVERHEAD = Holdings.OVERHEAD + 100;

    private final Duration maxAge;
    private final StoreLimits limits;
    private final Map<ByteKey, Entry> records = new HashMap<>();
    /** The sweep's rotation: every live entry once, plus dead ones not yet reached. */
    private final SweepRotation<Entry> rotation = new SweepRotation<>(e -> e.live);
    /** Per publisher with a quota (not this node, not unknown): what it holds. */
    private final Map<ByteKey, Holdings<Ticket>> publishers = new HashMap<>();
    private final Holdings.Current<Ticket> current = (t, time) -> t.entry.live && t.entry.version == t.version;
    /** Who gives way when the store is full. */
    private final LargestHolder<Ticket> largest = new LargestHolder<>();
    private ByteKey owner;
    private Optional<PeerId> ownerId = Optional.empty();
    private long bytes;
    private RecordStoreListener listener = RecordStoreListener.NONE;

    /** A key's slot; the record in it changes when the key is put again. */
    private static final class Entry {
        final ByteKey key;
        StoredRecord record;
        long cost;
        /** The publisher charged for it; null for this node's and unknown publishers' records. */
        Holdings<Ticket> holder;
        /** Bumped by every put, so that the holder's older tickets for this entry go stale. */
        int version;
        boolean live = true;

        Entry(ByteKey key) {
            this.key = key;
        }
    }

    /** An entry as its publisher's order knows it: current while the entry keeps this version. */
    private record Ticket(Entry entry, int version) {}

    /** 48 h, {@link StoreLimits#RECORDS}. */
    public InMemoryRecordStore() {
        this(DEFAULT_MAX_AGE, StoreLimits.RECORDS);
    }

    /**
     * {@link StoreLimits#RECORDS} with another count cap (the per-peer count lowered to it if
     * above).
     *
     * @param maxAge positive
     * @param maxRecords positive
     */
    public InMemoryRecordStore(Duration maxAge, int maxRecords) {
        this(maxAge, limitsOf(maxRecords));
    }

    /** @param maxAge positive */
    public InMemoryRecordStore(Duration maxAge, StoreLimits limits) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max age must be positive: " + maxAge);
        }
        this.maxAge = maxAge;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    private static StoreLimits limitsOf(int maxRecords) {
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("max records must be positive: " + maxRecords);
        }
        return StoreLimits.RECORDS.withMaxEntries(maxRecords);
    }

    /** Where changes are reported from now on; {@link RecordStoreListener#NONE} to stop. */
    public void listener(RecordStoreListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** {@inheritDoc} Records it already holds stop counting against its quota. */
    @Override
    public void owner(PeerId self) {
        owner = new ByteKey(self.toBytes());
        ownerId = Optional.of(self);
        Holdings<Ticket> own = publishers.remove(owner);
        if (own != null) {
            bytes -= ACCOUNT_OVERHEAD; // its records stay, its account goes
            for (Entry e : records.values()) {
                if (e.holder == own) {
                    e.holder = null;
                }
            }
        }
    }

    @Override
    public Optional<StoredRecord> get(byte[] key, Instant now) {
        ByteKey k = new ByteKey(key);
        Entry e = records.get(k);
        if (e == null) {
            return Optional.empty();
        }
        if (expired(e.record, now)) {
            drop(e);
            return Optional.empty();
        }
        return Optional.of(copy(e.record));
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreFullException if the record would take the store past {@code maxEntries} or
     *     {@code maxBytes}, or is on its own larger than a publisher's byte quota
     */
    @Override
    public void put(StoredRecord record) {
        ByteKey k = new ByteKey(record.key());
        Optional<PeerId> publisher = record.publisher();
        Holdings<Ticket> holder = null;
        if (publisher.isPresent()) {
            ByteKey p = new ByteKey(publisher.get().toBytes());
            if (p.equals(owner)) {
                publisher = ownerId;
            } else {
                holder = publishers.get(p);
                if (holder == null) {
                    holder = new Holdings<>(p, publisher);
                }
                publisher = holder.id;
            }
        }
        StoredRecord own = new StoredRecord(k.bytes(), record.value().clone(), record.received(), publisher);
        long cost = ENTRY_OVERHEAD + (long) own.key().length + own.value().length;
        Entry e = records.get(k);
        if (holder != null && cost + ACCOUNT_OVERHEAD > limits.maxBytesPerPeer()) {
            throw new StoreFullException("a record of " + cost + " bytes is more than one peer may store ("
                    + limits.maxBytesPerPeer() + " bytes)");
        }
        if (cost > limits.maxBytes()) {
            throw new StoreFullException("a record of " + cost + " bytes is more than the record store holds ("
                    + limits.maxBytes() + " bytes)");
        }
        if (holder != null) {
            makeRoom(holder, e, cost);
        }
        long freed = e == null ? 0 : e.cost;
        long account = holder != null && holder.count == 0 ? ACCOUNT_OVERHEAD : 0;
        // this node's own records may take room from any publisher; a record of no known
        // publisher from none (nothing says it is worth more than what others stored)
        long writerBytes = holder != null ? holder.bytes + account + cost - (e != null && e.holder == holder ? e.cost : 0)
                : publisher.isPresent() ? 0 : Long.MAX_VALUE;
        giveWayIfFull(e, cost + account - freed, holder, writerBytes);
        if (e == null) {
            e = new Entry(k);
            records.put(k, e);
            rotation.add(e);
        } else {
            release(e);
        }
        e.record = own;
        e.cost = cost;
        e.version++;
        bytes += cost;
        if (holder != null) {
            if (holder.count == 0) {
                publishers.put(holder.peer, holder);
                bytes += ACCOUNT_OVERHEAD;
                holder.bytes += ACCOUNT_OVERHEAD;
            }
            holder.count++;
            holder.bytes += cost;
            e.holder = holder;
            holder.push(new Ticket(e, e.version), InMemoryProviderStore.nanos(own.received()), current);
        }
        listener.stored(own);
    }

    /**
     * While the store cannot take {@code growth} more bytes (or, for a new key, one more record),
     * drops the oldest records of the publisher holding the most, as long as it holds more than the
     * writer will ({@code writerBytes}); then, if it still cannot, refuses. The record being
     * replaced ({@code replaced}) is never the one dropped: its room is already counted as freed.
     */
    private void giveWayIfFull(Entry replaced, long growth, Holdings<Ticket> writer, long writerBytes) {
        Ticket kept = null;
        Holdings<Ticket> keptFrom = null;
        try {
            while (true) {
                boolean noRoomForKey = replaced == null && records.size() >= limits.maxEntries();
                boolean noRoomForBytes = bytes + growth > limits.maxBytes();
                if (!noRoomForKey && !noRoomForBytes) {
                    return;
                }
                Holdings<Ticket> victim = largest.above(writerBytes, writer, publishers.values());
                Ticket oldest = victim == null ? null : victim.pollOldest(current);
                if (oldest != null && oldest.entry == replaced) {
                    kept = oldest;
                    keptFrom = victim;
                    oldest = victim.pollOldest(current);
                }
                if (oldest == null) {
                    throw new StoreFullException(noRoomForKey ? "record store is full (" + limits.maxEntries() + " records)"
                            : "record store is full (" + bytes + " of " + limits.maxBytes() + " bytes)");
                }
                drop(oldest.entry);
            }
        } finally {
            if (kept != null && kept.entry.live) {
                keptFrom.push(kept, InMemoryProviderStore.nanos(kept.entry.record.received()), current);
            }
        }
    }

    /**
     * Drops the publisher's oldest records until one more of {@code cost} bytes fits its quota.
     * The record being replaced ({@code replaced}, if the publisher's) is not dropped: its room
     * counts as freed, and it stays if the put is refused after all.
     */
    private void makeRoom(Holdings<Ticket> holder, Entry replaced, long cost) {
        boolean replacingOwn = replaced != null && replaced.holder == holder;
        int count = holder.count - (replacingOwn ? 1 : 0);
        long held = holder.bytes - (replacingOwn ? replaced.cost : 0) + (holder.count == 0 ? ACCOUNT_OVERHEAD : 0);
        Ticket kept = null;
        while (count + 1 > limits.maxEntriesPerPeer() || held + cost > limits.maxBytesPerPeer()) {
            Ticket oldest = holder.pollOldest(current);
            if (oldest == null) {
                break; // cannot happen while the counts are right; the byte checks that follow still hold
            }
            if (oldest.entry == replaced) {
                kept = oldest;
                continue;
            }
            count--;
            held -= oldest.entry.cost;
            drop(oldest.entry);
        }
        if (kept != null) {
            holder.push(kept, InMemoryProviderStore.nanos(kept.entry.record.received()), current);
        }
    }

    @Override
    public void remove(byte[] key) {
        Entry e = records.get(new ByteKey(key));
        if (e != null) {
            drop(e);
        }
    }

    @Override
    public int removeExpired(Instant now) {
        int removed = 0;
        for (Iterator<Entry> it = records.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (expired(e.record, now)) {
                it.remove();
                retire(e, true);
                release(e);
                listener.removed(e.key.bytes());
                removed++;
            }
        }
        return removed;
    }

    /** Marks an entry dead; {@code inRotation} is false for one the sweep has already taken out. */
    private void retire(Entry e, boolean inRotation) {
        e.live = false;
        if (inRotation) {
            rotation.died(records.size());
        }
    }

    @Override
    public Sweep removeExpired(Instant now, int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        rotation.beginSlice();
        int visited = 0;
        int removed = 0;
        while (visited < budget && rotation.inPass()) {
            Entry e = rotation.take();
            visited++;
            if (e == null) {
                continue; // a dead entry, now forgotten
            }
            if (expired(e.record, now)) {
                drop(e, false); // already taken out of the rotation
                removed++;
            } else {
                rotation.keep(e);
            }
        }
        return new Sweep(visited, removed, !rotation.inPass());
    }

    @Override
    public int size() {
        return records.size();
    }

    /** Entries in the sweep's rotation, dead ones included (for tests: it must follow what is stored). */
    int rotationLength() {
        return rotation.size();
    }

    /** The estimated bytes of the records held. */
    public long bytes() {
        return bytes;
    }

    /** How many records a peer has stored here (0 for this node itself). */
    public int countOf(PeerId publisher) {
        Holdings<Ticket> h = publishers.get(new ByteKey(publisher.toBytes()));
        return h == null ? 0 : h.count;
    }

    /** The length of a publisher's order, stale tickets included (for tests: it must stay bounded). */
    int orderLength(PeerId publisher) {
        Holdings<Ticket> h = publishers.get(new ByteKey(publisher.toBytes()));
        return h == null ? 0 : h.size();
    }

    private void drop(Entry e) {
        drop(e, true);
    }

    /** @param inRotation false when the sweep has already taken the entry out of the rotation */
    private void drop(Entry e, boolean inRotation) {
        records.remove(e.key);
        retire(e, inRotation);
        release(e);
        listener.removed(e.key.bytes());
    }

    /** Takes the entry's record off the totals and off its publisher's account. */
    private void release(Entry e) {
        bytes -= e.cost;
        Holdings<Ticket> h = e.holder;
        if (h != null) {
            h.count--;
            h.bytes -= e.cost;
            if (h.count == 0) {
                publishers.remove(h.peer);
                bytes -= ACCOUNT_OVERHEAD;
                h.bytes -= ACCOUNT_OVERHEAD;
            }
            e.holder = null;
        }
    }

    /** StoredRecord holds arrays; copies keep callers and the store from changing each other's. */
    private static StoredRecord copy(StoredRecord record) {
        return new StoredRecord(record.key().clone(), record.value().clone(), record.received(), record.publisher());
    }

    private boolean expired(StoredRecord record, Instant now) {
        return !now.isBefore(record.received().plus(maxAge));
    }
}
