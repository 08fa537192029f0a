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

    /** Drops every expired record in one go; returns how many. */
    int removeExpired(Instant now);

    /**
     * One slice of an incremental sweep: drops expired records among at most {@code budget} keys,
     * continuing where the previous slice stopped, so that a store of millions of keys is swept
     * in many short steps instead of one long one.
     *
     * @param budget positive
     */
    Sweep removeExpired(Instant now, int budget);

    int size();
}
