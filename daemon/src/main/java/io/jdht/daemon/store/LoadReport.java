package io.jdht.daemon.store;

import java.time.Duration;

/**
 * What a {@link Datastore} found when it opened.
 *
 * @param records value records loaded
 * @param providerRecords provider records loaded
 * @param providerKeys keys those provider records are for
 * @param blocks blocks held (they stay on disk)
 * @param provided keys this node provides
 * @param published records this node put itself
 * @param peers saved routing-table peers
 * @param dropped entries dropped at open because they had expired (or no longer fit the limits)
 * @param took how long opening and loading took
 */
public record LoadReport(int records, int providerRecords, int providerKeys, long blocks, int provided, int published,
        int peers, int dropped, Duration took) {
    @Override
    public String toString() {
        return records + " records, " + providerRecords + " provider records for " + providerKeys + " keys, " + blocks
                + " blocks, " + provided + " provided keys, " + published + " own records, " + peers + " saved peers; "
                + dropped + " entries dropped (expired, or over the limits); " + took.toMillis() + " ms";
    }
}
