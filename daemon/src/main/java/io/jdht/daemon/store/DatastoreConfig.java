package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.StoreLimits;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits of the stores a {@link Datastore} loads into memory, its clock (the node's: it
 * decides at open which entries have expired), and the node's own peer id. The limits hold at
 * open too: a file holding more than they allow loads up to them, and what does not fit is
 * deleted from the file.
 *
 * @param recordMaxAge how long a value record is kept (48 h)
 * @param records the record store's limits, in all and per peer ({@link StoreLimits#RECORDS})
 * @param providerValidity how long a provider record is kept (48 h)
 * @param providerAddressTtl how long a provider record's addresses are served (24 h)
 * @param maxProvidersPerKey providers kept per key (20)
 * @param providers the provider store's limits ({@link #PROVIDER_LIMITS})
 * @param owner the node's own peer, whose records no per-peer quota holds; empty if not known
 */
public record DatastoreConfig(InstantSource clock, Duration recordMaxAge, StoreLimits records, Duration providerValidity,
        Duration providerAddressTtl, int maxProvidersPerKey, StoreLimits providers, Optional<PeerId> owner) {

    /**
     * A DHT server's provider records: 1,000,000 keys (its share of the network) and 256 MiB, some
     * 1.3 million records; per peer as {@link StoreLimits#PROVIDERS}.
     */
    public static final StoreLimits PROVIDER_LIMITS = StoreLimits.PROVIDERS.withMaxEntries(1_000_000)
            .withMaxBytes(256L << 20);

    public static final DatastoreConfig DEFAULT = new DatastoreConfig(InstantSource.system(),
            InMemoryRecordStore.DEFAULT_MAX_AGE, StoreLimits.RECORDS,
            InMemoryProviderStore.DEFAULT_VALIDITY, InMemoryProviderStore.DEFAULT_ADDRESS_TTL,
            InMemoryProviderStore.DEFAULT_MAX_PROVIDERS_PER_KEY, PROVIDER_LIMITS, Optional.empty());

    public DatastoreConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(recordMaxAge, "recordMaxAge");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(providerValidity, "providerValidity");
        Objects.requireNonNull(providerAddressTtl, "providerAddressTtl");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(owner, "owner");
    }

    public DatastoreConfig withClock(InstantSource c) {
        return new DatastoreConfig(c, recordMaxAge, records, providerValidity, providerAddressTtl, maxProvidersPerKey,
                providers, owner);
    }

    /** These settings with other store limits. */
    public DatastoreConfig withLimits(StoreLimits recordLimits, StoreLimits providerLimits) {
        return new DatastoreConfig(clock, recordMaxAge, recordLimits, providerValidity, providerAddressTtl,
                maxProvidersPerKey, providerLimits, owner);
    }

    /** These settings with another cap on the provider store's keys. */
    public DatastoreConfig withMaxProviderKeys(int keys) {
        return withLimits(records, providers.withMaxEntries(keys));
    }

    /** These settings with another cap on the number of records. */
    public DatastoreConfig withMaxRecords(int n) {
        return withLimits(records.withMaxEntries(n), providers);
    }

    /** These settings for the node of that peer id: its own records are held to the totals only. */
    public DatastoreConfig withOwner(PeerId self) {
        return new DatastoreConfig(clock, recordMaxAge, records, providerValidity, providerAddressTtl,
                maxProvidersPerKey, providers, Optional.of(self));
    }

    InMemoryRecordStore newRecordStore() {
        InMemoryRecordStore store = new InMemoryRecordStore(recordMaxAge, records);
        owner.ifPresent(store::owner);
        return store;
    }

    InMemoryProviderStore newProviderStore() {
        InMemoryProviderStore store = new InMemoryProviderStore(providerValidity, providerAddressTtl,
                maxProvidersPerKey, providers);
        owner.ifPresent(store::owner);
        return store;
    }
}
