package io.jdht.kad.record;

/**
 * How much a store holds in all and how much of it one peer may fill. A count cap alone does not
 * bound memory: 15,000 records of 100 KiB fit under a cap of 100,000 records and take 1.5 GB. So
 * each store has a byte cap beside its count cap, and both are also set per peer, so that one
 * identity cannot take the whole store from the others.
 *
 * <p>Beyond the totals a store refuses new writes ({@link StoreFullException}); what it holds
 * stays. Beyond its own quota a peer loses its own oldest entries instead: the flood pushes out
 * only what the flooder stored. Bytes are the store's estimate of what an entry costs in memory
 * (its bytes plus a fixed overhead per entry), not an exact measure.
 *
 * <p>For the record store an entry is a value record; for the provider store {@code maxEntries}
 * counts keys (each with up to 20 providers) and {@code maxEntriesPerPeer} counts the provider
 * records naming one peer.
 *
 * @param maxEntries most entries in all (positive)
 * @param maxBytes most estimated bytes in all (positive)
 * @param maxEntriesPerPeer most entries one peer may have stored (positive, at most {@code maxEntries})
 * @param maxBytesPerPeer most estimated bytes of one peer's entries (positive, at most {@code maxBytes})
 */
public record StoreLimits(int maxEntries, long maxBytes, int maxEntriesPerPeer, long maxBytesPerPeer) {
    private static final long MIB = 1L << 20;

    /**
     * Value records: 100,000 records and 64 MiB in all; per peer 1,000 records (1% of the count)
     * and 1 MiB. A legitimate peer stores a record per IPNS name or public key it publishes,
     * each well under 10 KiB.
     */
    public static final StoreLimits RECORDS = new StoreLimits(100_000, 64 * MIB, 1_000, MIB);

    /**
     * Provider records: 100,000 keys and 64 MiB (some 300,000 records at about 200 bytes each); per
     * peer 10,000 records and 4 MiB. A node providing a million blocks to a network of ten
     * thousand servers leaves about two thousand records at each.
     */
    public static final StoreLimits PROVIDERS = new StoreLimits(100_000, 64 * MIB, 10_000, 4 * MIB);

    public StoreLimits {
        if (maxEntries <= 0 || maxBytes <= 0 || maxEntriesPerPeer <= 0 || maxBytesPerPeer <= 0) {
            throw new IllegalArgumentException("store limits must be positive: " + maxEntries + " entries, "
                    + maxBytes + " bytes, " + maxEntriesPerPeer + " entries and " + maxBytesPerPeer + " bytes per peer");
        }
        if (maxEntriesPerPeer > maxEntries || maxBytesPerPeer > maxBytes) {
            throw new IllegalArgumentException("a peer's quota (" + maxEntriesPerPeer + " entries, " + maxBytesPerPeer
                    + " bytes) exceeds the store's limits (" + maxEntries + " entries, " + maxBytes + " bytes)");
        }
    }

    /** These limits with another count cap; the per-peer count is lowered to it if above. */
    public StoreLimits withMaxEntries(int entries) {
        return new StoreLimits(entries, maxBytes, Math.min(maxEntriesPerPeer, entries), maxBytesPerPeer);
    }

    /** These limits with another byte cap; the per-peer bytes are lowered to it if above. */
    public StoreLimits withMaxBytes(long bytes) {
        return new StoreLimits(maxEntries, bytes, maxEntriesPerPeer, Math.min(maxBytesPerPeer, bytes));
    }

    /** These limits with another quota per peer. */
    public StoreLimits withPerPeer(int entries, long bytes) {
        return new StoreLimits(maxEntries, maxBytes, entries, bytes);
    }
}
