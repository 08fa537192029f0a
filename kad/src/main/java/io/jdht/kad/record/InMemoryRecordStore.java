package io.jdht.kad.record;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RecordStore} in a hash map. A record is live while {@code now < received + maxAge};
 * after that {@link #get} treats it as absent (and drops it). The store holds at most
 * {@code maxRecords} keys: putting a new key into a full store throws {@link StoreFullException}
 * and stores nothing, while replacing the record of a key already held always works. Rejecting
 * newcomers rather than evicting keeps a flood of junk keys from pushing out records the node
 * already holds; expired records free their slots at the next {@link #removeExpired}.
 */
public final class InMemoryRecordStore implements RecordStore {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(48);
    public static final int DEFAULT_MAX_RECORDS = 100_000;

    private final Duration maxAge;
    private final int maxRecords;
    private final Map<ByteKey, StoredRecord> records = new HashMap<>();

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

    @Override
    public Optional<StoredRecord> get(byte[] key, Instant now) {
        ByteKey k = new ByteKey(key);
        StoredRecord record = records.get(k);
        if (record == null) {
            return Optional.empty();
        }
        if (expired(record, now)) {
            records.remove(k);
            return Optional.empty();
        }
        return Optional.of(copy(record));
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreFullException if the key is new and the store holds {@code maxRecords} keys
     */
    @Override
    public void put(StoredRecord record) {
        ByteKey k = new ByteKey(record.key());
        if (!records.containsKey(k) && records.size() >= maxRecords) {
            throw new StoreFullException("record store is full (" + maxRecords + " records)");
        }
        records.put(k, copy(record));
    }

    @Override
    public void remove(byte[] key) {
        records.remove(new ByteKey(key));
    }

    @Override
    public int removeExpired(Instant now) {
        int removed = 0;
        for (Iterator<StoredRecord> it = records.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    @Override
    public int size() {
        return records.size();
    }

    /** StoredRecord holds arrays; copies keep callers and the store from changing each other's. */
    private static StoredRecord copy(StoredRecord record) {
        return new StoredRecord(record.key().clone(), record.value().clone(), record.received());
    }

    private boolean expired(StoredRecord record, Instant now) {
        return !now.isBefore(record.received().plus(maxAge));
    }
}
