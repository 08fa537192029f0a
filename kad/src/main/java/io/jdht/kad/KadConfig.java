package io.jdht.kad;

import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.routing.DiversityFilter;
import java.time.Duration;
import java.util.Objects;

/**
 * The DHT's parameters. {@link #DEFAULT} holds the Amino DHT's values (k 20, α 10, β 3, 10 s per
 * request, refresh every 10 minutes, records and providers kept 48 h, reprovide every 22 h), and
 * jdht's own store limits ({@link StoreLimits#RECORDS}, {@link StoreLimits#PROVIDERS}).
 *
 * @param lookup the iterative lookup's knobs
 * @param queryTimeout the default deadline of a whole operation
 * @param refreshInterval how often buckets are refreshed with lookups
 * @param reprovideInterval how often this node re-announces what it provides
 * @param republishInterval how often this node re-puts the records it put itself
 * @param valueQuorum GET_VALUE stops after this many valid values (0: run the whole lookup)
 * @param diversity the routing table's IP-diversity filter (the IPFS spec's 2 per bucket and 3 per
 *     table for public addresses by default; {@link DiversityFilter#NONE} turns it off)
 * @param publicAddressesOnly for a node on the public network (a WAN DHT): only peers with a
 *     public address enter the routing table, and private and loopback addresses are neither
 *     followed in lookups nor handed out in answers. Off by default, so that networks on one host
 *     or one LAN work.
 * @param recordLimits what the record store holds, in all and per peer; a node builds its default
 *     record store with them
 * @param providerLimits the same for the provider store
 * @param reprovideStrategy how the provided keys are announced again ({@link ReprovideStrategy#SWEEP}
 *     by default: a node with many keys spends a few lookups per key-space region instead of one per
 *     key, spread over the interval, and one with few keys falls back to per-key lookups region by
 *     region, so it never costs more lookups)
 */
public record KadConfig(
        LookupConfig lookup,
        Duration queryTimeout,
        Duration refreshInterval,
        Duration reprovideInterval,
        Duration republishInterval,
        int valueQuorum,
        DiversityFilter diversity,
        boolean publicAddressesOnly,
        StoreLimits recordLimits,
        StoreLimits providerLimits,
        ReprovideStrategy reprovideStrategy) {

    public static final KadConfig DEFAULT = new KadConfig(LookupConfig.DEFAULT, Duration.ofSeconds(60),
            Duration.ofMinutes(10), Duration.ofHours(22), Duration.ofHours(22), 0, DiversityFilter.ipfsDefaults(), false,
            StoreLimits.RECORDS, StoreLimits.PROVIDERS, ReprovideStrategy.SWEEP);

    public KadConfig {
        if (valueQuorum < 0) {
            throw new IllegalArgumentException("valueQuorum must not be negative, not " + valueQuorum);
        }
        Objects.requireNonNull(recordLimits, "recordLimits");
        Objects.requireNonNull(providerLimits, "providerLimits");
        Objects.requireNonNull(reprovideStrategy, "reprovideStrategy");
    }

    public int k() {
        return lookup.k();
    }

    public KadConfig withLookup(LookupConfig l) {
        return new KadConfig(l, queryTimeout, refreshInterval, reprovideInterval, republishInterval, valueQuorum, diversity,
                publicAddressesOnly, recordLimits, providerLimits, reprovideStrategy);
    }

    public KadConfig withQueryTimeout(Duration t) {
        return new KadConfig(lookup, t, refreshInterval, reprovideInterval, republishInterval, valueQuorum, diversity,
                publicAddressesOnly, recordLimits, providerLimits, reprovideStrategy);
    }

    public KadConfig withDiversity(DiversityFilter d) {
        return new KadConfig(lookup, queryTimeout, refreshInterval, reprovideInterval, republishInterval, valueQuorum, d,
                publicAddressesOnly, recordLimits, providerLimits, reprovideStrategy);
    }

    /** Reprovide and republish both every {@code interval} (Kubo's {@code Reprovider.Interval}). */
    public KadConfig withRenewalInterval(Duration interval) {
        return new KadConfig(lookup, queryTimeout, refreshInterval, interval, interval, valueQuorum, diversity,
                publicAddressesOnly, recordLimits, providerLimits, reprovideStrategy);
    }

    public KadConfig withPublicAddressesOnly(boolean only) {
        return new KadConfig(lookup, queryTimeout, refreshInterval, reprovideInterval, republishInterval, valueQuorum,
                diversity, only, recordLimits, providerLimits, reprovideStrategy);
    }

    /** The limits of the stores a node builds for itself (see {@link StoreLimits}). */
    public KadConfig withStoreLimits(StoreLimits records, StoreLimits providers) {
        return new KadConfig(lookup, queryTimeout, refreshInterval, reprovideInterval, republishInterval, valueQuorum,
                diversity, publicAddressesOnly, records, providers, reprovideStrategy);
    }

    /** How the provided keys are announced again (see {@link ReprovideStrategy}). */
    public KadConfig withReprovideStrategy(ReprovideStrategy strategy) {
        return new KadConfig(lookup, queryTimeout, refreshInterval, reprovideInterval, republishInterval, valueQuorum,
                diversity, publicAddressesOnly, recordLimits, providerLimits, strategy);
    }
}
