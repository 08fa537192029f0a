package io.jdht.kad.record;

import java.time.Instant;
import java.util.Optional;

/**
 * The value records this node holds for the DHT. Records older than the store's maximum age (48 h
 * by default) are treated as absent and removed by {@link #removeExpired}. Not thread-safe: one
 * node's DHT state is touched by one thread at a time.
 */
public interface RecordStore {
    Optional<StoredRecord> get(byte[] key, Instant now);

    /**
     * Stores the record, replacing any record under the same key.
     *
     * @throws StoreFullException if the store is bounded, full, and the key is new; nothing is stored
     */
    void put(StoredRecord record);

    void remove(byte[] key);

    /** Drops expired records; returns how many. */
    int removeExpired(Instant now);

    int size();
}
