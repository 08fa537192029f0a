package io.jdht.kad;

/**
 * How a node announces again, every reprovide interval, the keys it provides. Either way a newly
 * provided key is announced at once by its own lookup; only the renewals differ.
 */
public enum ReprovideStrategy {
    /**
     * By key-space region, spread over the interval: each region's peers are found with a few
     * lookups, then each of its keys goes to its k closest among them (see the package
     * documentation). Lookups grow with the network's size, not with the number of keys. The
     * default, as in Kubo since 0.39.
     */
    SWEEP,
    /** One lookup and k announcements per key, 4 keys at a time, all keys at once every interval. */
    PER_KEY
}
