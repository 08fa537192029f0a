package io.jdht.kad.lookup;

import java.time.Duration;

/**
 * The knobs of an iterative lookup.
 *
 * @param k how many closest peers the lookup is after (and the follow-up queries)
 * @param alpha requests in flight at once, per path
 * @param beta the search ends when this many of the closest peers seen have answered
 * @param requestTimeout a request unanswered for this long counts as failed
 * @param disjointPaths 1 for a plain lookup; more for S/Kademlia disjoint paths, where each peer is
 *     asked by one path only, so one path's lies cannot steer the others
 */
public record LookupConfig(int k, int alpha, int beta, Duration requestTimeout, int disjointPaths) {
    public static final LookupConfig DEFAULT = new LookupConfig(20, 10, 3, Duration.ofSeconds(10), 1);

    public LookupConfig {
        if (k < 1 || alpha < 1 || beta < 1 || disjointPaths < 1) {
            throw new IllegalArgumentException("k, alpha, beta and disjointPaths must be at least 1: " + this);
        }
        if (beta > k) {
            throw new IllegalArgumentException("beta (" + beta + ") cannot exceed k (" + k + ")");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, not " + requestTimeout);
        }
    }

    public LookupConfig withDisjointPaths(int paths) {
        return new LookupConfig(k, alpha, beta, requestTimeout, paths);
    }

    public LookupConfig withRequestTimeout(Duration timeout) {
        return new LookupConfig(k, alpha, beta, timeout, disjointPaths);
    }
}
