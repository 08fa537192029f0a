package io.jdht.kad;

/** How {@code putValue} and {@code provide} store at the peers closest to the key. */
public enum PublishStrategy {
    /** Find the k closest peers with a full lookup, then store at each and wait for all. */
    CLASSIC,
    /**
     * Store at close peers while the lookup runs, end it once the peers found are most likely the
     * k closest, and return once 75 % of the stores finished (see {@code OptimisticPublish}).
     * Needs an estimate of the network's size from earlier lookups; until there is one, the
     * classic way is taken.
     */
    OPTIMISTIC
}
