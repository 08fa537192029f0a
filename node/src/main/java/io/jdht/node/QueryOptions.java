package io.jdht.node;

import java.time.Duration;
import java.util.Optional;

/** Options of one DHT operation: its deadline (the node's default query timeout when empty). */
public record QueryOptions(Optional<Duration> timeout) {
    public static final QueryOptions DEFAULT = new QueryOptions(Optional.empty());

    public QueryOptions {
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new io.jdht.kad.DhtException.InvalidArgument("timeout must be positive, not " + t);
            }
        });
    }

    public static QueryOptions timeout(Duration timeout) {
        return new QueryOptions(Optional.of(timeout));
    }
}
