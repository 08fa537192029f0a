package io.jdht.daemon.store;

import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The limits of the stores a {@link Datastore} loads into memory, and its clock (the node's: it
 * decides at open which entries have expired).
 *
 * @param recordMaxAge how long a value record is kept (48 h)
 * @param maxRecords most value records held (100 000)
 * @param providerValidity how long a provider record is kept (48 h)
 * @param providerAddressTtl how long a provider record's addresses are served (24 h)
 * @param maxProvidersPerKey providers kept per key (20)
 * @param maxProviderKeys keys with providers held (1 000 000: a DHT server's share of the network)
 */
public record DatastoreConfig(InstantSource clock, Duration recordMaxAge, int maxRecords, Duration providerValidity,
        Duration providerAddressTtl, int maxProvidersPerKey, int maxProviderKeys) {

    public static final DatastoreConfig DEFAULT = new DatastoreConfig(InstantSource.system(),
            InMemoryRecordStore.DEFAULT_MAX_AGE, InMemoryRecordStore.DEFAULT_MAX_RECORDS,
            InMemoryProviderStore.DEFAULT_VALIDITY, InMemoryProviderStore.DEFAULT_ADDRESS_TTL,
            InMemoryProviderStore.DEFAULT_MAX_PROVIDERS_PER_KEY, 1_000_000);

    public DatastoreConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(recordMaxAge, "recordMaxAge");
        Objects.requireNonNull(providerValidity, "providerValidity");
        Objects.requireNonNull(providerAddressTtl, "providerAddressTtl");
    }

    public DatastoreConfig withClock(InstantSource c) {
        return new DatastoreConfig(c, recordMaxAge, maxRecords, providerValidity, providerAddressTtl, maxProvidersPerKey,
                maxProviderKeys);
    }

    public DatastoreConfig withMaxProviderKeys(int keys) {
        return new DatastoreConfig(clock, recordMaxAge, maxRecords, providerValidity, providerAddressTtl,
                maxProvidersPerKey, keys);
    }

    public DatastoreConfig withMaxRecords(int records) {
        return new DatastoreConfig(clock, recordMaxAge, records, providerValidity, providerAddressTtl, maxProvidersPerKey,
                maxProviderKeys);
    }

    InMemoryRecordStore newRecordStore() {
        return new InMemoryRecordStore(recordMaxAge, maxRecords);
    }

    InMemoryProviderStore newProviderStore() {
        return new InMemoryProviderStore(providerValidity, providerAddressTtl, maxProvidersPerKey, maxProviderKeys);
    }
}
