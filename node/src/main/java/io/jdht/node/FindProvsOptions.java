package io.jdht.node;

import io.jdht.kad.DhtException;
import java.time.Duration;

/**
 * Options of {@code findProvs}, as the seed API names them: stop after {@code maxNumProviders}
 * distinct providers, or at {@code timeout} with whatever was found (failing only if nothing was).
 */
public record FindProvsOptions(Duration timeout, int maxNumProviders) {
    public static final FindProvsOptions DEFAULT = new FindProvsOptions(Duration.ofSeconds(60), 20);

    public FindProvsOptions {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DhtException.InvalidArgument("timeout must be positive, not " + timeout);
        }
        if (maxNumProviders < 1) {
            throw new DhtException.InvalidArgument("maxNumProviders must be greater than 0, not " + maxNumProviders);
        }
    }

    public FindProvsOptions withTimeout(Duration t) {
        return new FindProvsOptions(t, maxNumProviders);
    }

    public FindProvsOptions withMaxNumProviders(int n) {
        return new FindProvsOptions(timeout, n);
    }
}
