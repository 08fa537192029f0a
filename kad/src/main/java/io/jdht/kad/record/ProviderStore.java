package io.jdht.kad.record;

import java.time.Instant;
import java.util.List;

/**
 * The provider records this node holds, per key (a multihash's bytes). A record lives 48 h by
 * default; its addresses are served for 24 h, after which the record is returned with none (the
 * asker then has to find the provider's addresses itself). Not thread-safe.
 */
public interface ProviderStore {
    /**
     * Adds or refreshes one provider of a key.
     *
     * @throws StoreFullException if the store is bounded, full, and the key is new; nothing is stored
     */
    void add(byte[] key, ProviderRecord record);

    /** The key's live providers, most recently received first. */
    List<ProviderRecord> providers(byte[] key, Instant now);

    /** Drops every expired record in one go; returns how many. */
    int removeExpired(Instant now);

    /**
     * One slice of an incremental sweep: drops expired records of at most {@code budget} keys,
     * continuing where the previous slice stopped.
     *
     * @param budget positive
     */
    Sweep removeExpired(Instant now, int budget);

    /** Number of keys with at least one provider. */
    int keyCount();
}
