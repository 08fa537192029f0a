package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
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
     * Stores the record, replacing any record under the same key. A publisher over its quota
     * loses its own oldest records to make room.
     *
     * @throws StoreFullException if the record does not fit the store's limits (or the
     *     publisher's quota on its own); the record held before, if any, stays
     */
    void put(StoredRecord record);

    /**
     * Names this node's own peer: what it stores itself is held to the store's totals only,
     * never to a per-peer quota. Stores without quotas ignore it.
     */
    default void owner(PeerId self) {}

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
