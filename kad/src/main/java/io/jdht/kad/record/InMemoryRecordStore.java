package io.jdht.kad.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RecordStore} in a hash map. A record is live while {@code now < received + maxAge};
 * after that {@link #get} treats it as absent (and drops it). The store holds at most
 * {@code maxRecords} keys: putting a new key into a full store throws {@link StoreFullException}
 * and stores nothing, while replacing the record of a key already held always works. Rejecting
 * newcomers rather than evicting keeps a flood of junk keys from pushing out records the node
 * already holds; expired records free their slots at the next sweep.
 *
 * <p>The incremental sweep visits keys in a rotation: a queue holds each key's entry once, a slice
 * takes entries from its head and puts the ones still live back at its tail. A key removed in the
 * meantime leaves a dead entry behind, which the sweep drops when it reaches it.
 *
 * <p>A {@link RecordStoreListener} hears of every change, so a persistent copy can follow.
 */
public final class InMemoryRecordStore implements RecordStore {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(48);
    public static final int DEFAULT_MAX_RECORDS = 100_000;

    private final Duration maxAge;
    private final int maxRecords;
    private final Map<ByteKey, Entry> records = new HashMap<>();
    /** The sweep's rotation: every live entry once, plus dead ones not yet reached. */
    private final ArrayDeque<Entry> rotation = new ArrayDeque<>();
    /** Entries of the sweep pass under way still to visit (0: no pass under way). */
    private int passLeft;
    private RecordStoreListener listener = RecordStoreListener.NONE;

    /** A key's slot; the record in it changes when the key is put again. */
    private static final class Entry {
        final ByteKey key;
        StoredRecord record;
        boolean live = true;

        Entry(ByteKey key, StoredRecord record) {
            this.key = key;
            this.record = record;
        }
    }

    /** 48 h, 100 000 records. */
    public InMemoryRecordStore() {
        this(DEFAULT_MAX_AGE, DEFAULT_MAX_RECORDS);
    }

    /**
     * @param maxAge positive
     * @param maxRecords positive
     */
    public InMemoryRecordStore(Duration maxAge, int maxRecords) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max age must be positive: " + maxAge);
        }
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("max records must be positive: " + maxRecords);
        }
        this.maxAge = maxAge;
        this.maxRecords = maxRecords;
    }

    /** Where changes are reported from now on; {@link RecordStoreListener#NONE} to stop. */
    public void listener(RecordStoreListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
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
     * @throws StoreFullException if the key is new and the store holds {@code maxRecords} keys
     */
    @Override
    public void put(StoredRecord record) {
        ByteKey k = new ByteKey(record.key());
        StoredRecord own = new StoredRecord(k.bytes(), record.value().clone(), record.received());
        Entry e = records.get(k);
        if (e != null) {
            e.record = own;
        } else {
            if (records.size() >= maxRecords) {
                throw new StoreFullException("record store is full (" + maxRecords + " records)");
            }
            e = new Entry(k, own);
            records.put(k, e);
            rotation.addLast(e);
        }
        listener.stored(own);
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
                e.live = false;
                listener.removed(e.key.bytes());
                removed++;
            }
        }
        return removed;
    }

    @Override
    public Sweep removeExpired(Instant now, int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        if (passLeft == 0) {
            passLeft = rotation.size();
        }
        int visited = 0;
        int removed = 0;
        while (visited < budget && passLeft > 0) {
            Entry e = rotation.pollFirst();
            passLeft--;
            visited++;
            if (!e.live) {
                continue;
            }
            if (expired(e.record, now)) {
                drop(e);
                removed++;
            } else {
                rotation.addLast(e);
            }
        }
        return new Sweep(visited, removed, passLeft == 0);
    }

    @Override
    public int size() {
        return records.size();
    }

    private void drop(Entry e) {
        records.remove(e.key);
        e.live = false;
        listener.removed(e.key.bytes());
    }

    /** StoredRecord holds arrays; copies keep callers and the store from changing each other's. */
    private static StoredRecord copy(StoredRecord record) {
        return new StoredRecord(record.key().clone(), record.value().clone(), record.received());
    }

    private boolean expired(StoredRecord record, Instant now) {
        return !now.isBefore(record.received().plus(maxAge));
    }
}
