package io.jdht.node;

import io.jdht.kad.PublishStrategy;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Options of one DHT operation.
 *
 * @param timeout its deadline (the node's default query timeout when empty)
 * @param quorum for {@code get}: stop once this many peers returned a valid record (0: ask every
 *     peer the lookup reaches); the node's {@code KadConfig.valueQuorum} when empty. Other
 *     operations ignore it.
 * @param publish for {@code put} and {@code provide}: {@link PublishStrategy#CLASSIC} (the
 *     default) or {@link PublishStrategy#OPTIMISTIC}, which stores while the lookup runs and
 *     returns once 75 % of the stores finished, once the node can estimate the network's size
 *     (classic until then). Other operations ignore it.
 */
public record QueryOptions(Optional<Duration> timeout, OptionalInt quorum, PublishStrategy publish) {
    public static final QueryOptions DEFAULT = new QueryOptions(Optional.empty(), OptionalInt.empty());

    public QueryOptions {
        if (publish == null) {
            throw new io.jdht.kad.DhtException.InvalidArgument("publish must not be null");
        }
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new io.jdht.kad.DhtException.InvalidArgument("timeout must be positive, not " + t);
            }
        });
        quorum.ifPresent(q -> {
            if (q < 0) {
                throw new io.jdht.kad.DhtException.InvalidArgument("quorum must not be negative, not " + q);
            }
        });
    }

    public QueryOptions(Optional<Duration> timeout, OptionalInt quorum) {
        this(timeout, quorum, PublishStrategy.CLASSIC);
    }

    public QueryOptions(Optional<Duration> timeout) {
        this(timeout, OptionalInt.empty());
    }

    public static QueryOptions timeout(Duration timeout) {
        return new QueryOptions(Optional.of(timeout), OptionalInt.empty());
    }

    public QueryOptions withQuorum(int records) {
        return new QueryOptions(timeout, OptionalInt.of(records), publish);
    }

    /** These options with {@code put} and {@code provide} storing as {@code strategy} says. */
    public QueryOptions withPublish(PublishStrategy strategy) {
        return new QueryOptions(timeout, quorum, strategy);
    }
}
