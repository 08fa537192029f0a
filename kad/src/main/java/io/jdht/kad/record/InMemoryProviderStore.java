package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProviderStore} in hash maps.
 *
 * <ul>
 *   <li>A record is live while {@code now < received + validity} (48 h by default); its
 *       addresses are served while {@code now < received + addressTtl} (24 h), after which it is
 *       served without them.
 *   <li>Adding a provider a key already has replaces its record (a refresh: new time, new
 *       addresses).
 *   <li>A key holds at most {@code maxProvidersPerKey} providers (20, as rust-libp2p). A new
 *       provider for a full key replaces the record received longest ago, so fresh announcements
 *       are not locked out by stale ones. (rust-libp2p instead ignores the newcomer.)
 *   <li>At most {@code maxKeys} keys: a provider for a new key when that many are held throws
 *       {@link StoreFullException} and changes nothing.
 * </ul>
 */
public final class InMemoryProviderStore implements ProviderStore {
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(48);
    public static final Duration DEFAULT_ADDRESS_TTL = Duration.ofHours(24);
    public static final int DEFAULT_MAX_PROVIDERS_PER_KEY = 20;
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final Duration validity;
    private final Duration addressTtl;
    private final int maxProvidersPerKey;
    private final int maxKeys;
    /** Per key, providers in insertion order. */
    private final Map<ByteKey, Map<PeerId, ProviderRecord>> providers = new HashMap<>();

    /** 48 h validity, 24 h addresses, 20 providers per key, 100 000 keys. */
    public InMemoryProviderStore() {
        this(DEFAULT_VALIDITY, DEFAULT_ADDRESS_TTL, DEFAULT_MAX_PROVIDERS_PER_KEY, DEFAULT_MAX_KEYS);
    }

    /**
     * @param validity positive
     * @param addressTtl positive, at most {@code validity}
     * @param maxProvidersPerKey positive
     * @param maxKeys positive
     */
    public InMemoryProviderStore(Duration validity, Duration addressTtl, int maxProvidersPerKey, int maxKeys) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        if (addressTtl.isNegative() || addressTtl.isZero() || addressTtl.compareTo(validity) > 0) {
            throw new IllegalArgumentException("address TTL must be positive and at most the validity: " + addressTtl);
        }
        if (maxProvidersPerKey <= 0 || maxKeys <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxProvidersPerKey + ", " + maxKeys);
        }
        this.validity = validity;
        this.addressTtl = addressTtl;
        this.maxProvidersPerKey = maxProvidersPerKey;
        this.maxKeys = maxKeys;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreFullException if the key is new and the store holds {@code maxKeys} keys
     */
    @Override
    public void add(byte[] key, ProviderRecord record) {
        ByteKey k = new ByteKey(key);
        Map<PeerId, ProviderRecord> forKey = providers.get(k);
        if (forKey == null) {
            if (providers.size() >= maxKeys) {
                throw new StoreFullException("provider store is full (" + maxKeys + " keys)");
            }
            forKey = new LinkedHashMap<>();
            providers.put(k, forKey);
        }
        // A refresh moves the provider to the end of the insertion order along with its new time.
        if (forKey.remove(record.provider()) == null && forKey.size() >= maxProvidersPerKey) {
            PeerId oldest = forKey.values().stream()
                    .min(Comparator.comparing(ProviderRecord::received))
                    .orElseThrow()
                    .provider();
            forKey.remove(oldest);
        }
        forKey.put(record.provider(), record);
    }

    /** {@inheritDoc} Drops the key's expired records as it goes. */
    @Override
    public List<ProviderRecord> providers(byte[] key, Instant now) {
        ByteKey k = new ByteKey(key);
        Map<PeerId, ProviderRecord> forKey = providers.get(k);
        if (forKey == null) {
            return List.of();
        }
        removeExpired(forKey, now);
        if (forKey.isEmpty()) {
            providers.remove(k);
            return List.of();
        }
        List<ProviderRecord> live = new ArrayList<>(forKey.size());
        for (ProviderRecord r : forKey.values()) {
            live.add(now.isBefore(r.received().plus(addressTtl))
                    ? r
                    : new ProviderRecord(r.provider(), List.of(), r.received()));
        }
        live.sort(Comparator.comparing(ProviderRecord::received).reversed());
        return List.copyOf(live);
    }

    @Override
    public int removeExpired(Instant now) {
        int removed = 0;
        for (Iterator<Map<PeerId, ProviderRecord>> it = providers.values().iterator(); it.hasNext(); ) {
            Map<PeerId, ProviderRecord> forKey = it.next();
            removed += removeExpired(forKey, now);
            if (forKey.isEmpty()) {
                it.remove();
            }
        }
        return removed;
    }

    private int removeExpired(Map<PeerId, ProviderRecord> forKey, Instant now) {
        int before = forKey.size();
        forKey.values().removeIf(r -> !now.isBefore(r.received().plus(validity)));
        return before - forKey.size();
    }

    @Override
    public int keyCount() {
        return providers.size();
    }
}
