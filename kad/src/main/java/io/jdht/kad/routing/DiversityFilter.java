package io.jdht.kad.routing;

import java.util.Optional;

/**
 * Caps how many routing-table peers may come from one IP group, so that one operator with one
 * address block cannot fill a bucket (an eclipse attack). The IPFS DHT spec's numbers: at most 2
 * peers of one group per bucket and 3 in the whole table. The caller names each peer's group (see
 * {@link IpGroups}); peers without a group (loopback, private addresses) are never refused.
 */
public final class DiversityFilter {
    /** The filter that admits everyone. */
    public static final DiversityFilter NONE = new DiversityFilter(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final int maxPerBucket;
    private final int maxPerTable;

    public DiversityFilter(int maxPerBucket, int maxPerTable) {
        this.maxPerBucket = maxPerBucket;
        this.maxPerTable = maxPerTable;
    }

    /** The limits of the IPFS DHT spec: 2 per /16 (IPv4) or /32 (IPv6) per bucket, 3 per table. */
    public static DiversityFilter ipfsDefaults() {
        return new DiversityFilter(2, 3);
    }

    Optional<String> refuse(Optional<String> group, int cpl, RoutingTable table) {
        if (group.isEmpty() || this == NONE) {
            return Optional.empty();
        }
        String g = group.get();
        if (table.countGroup(g, cpl) >= maxPerBucket) {
            return Optional.of("bucket " + cpl + " already holds " + maxPerBucket + " peers from " + g);
        }
        if (table.countGroup(g) >= maxPerTable) {
            return Optional.of("the table already holds " + maxPerTable + " peers from " + g);
        }
        return Optional.empty();
    }
}
