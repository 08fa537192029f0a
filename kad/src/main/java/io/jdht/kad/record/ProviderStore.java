package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import java.time.Instant;
import java.util.List;

/**
 * The provider records this node holds, per key (a multihash's bytes). A record lives 48 h by
 * default; its addresses are served for 24 h, after which the record is returned with none (the
 * asker then has to find the provider's addresses itself). Not thread-safe.
 */
public interface ProviderStore {
    /**
     * Adds or refreshes one provider of a key. The provider is the peer that announced it (the
     * DHT takes a provider record only from the provider itself), so a provider over its quota
     * loses its own oldest records to make room.
     *
     * @throws StoreFullException if the record does not fit the store's limits (or the
     *     provider's quota on its own); nothing changes
     */
    void add(byte[] key, ProviderRecord record);

    /**
     * Names this node's own peer: the keys it provides itself are held to the store's totals
     * only, never to a per-peer quota. Stores without quotas ignore it.
     */
    default void owner(PeerId self) {}

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
