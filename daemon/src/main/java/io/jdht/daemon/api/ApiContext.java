package io.jdht.daemon.api;

import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.ipns.NamePublisher;
import io.jdht.node.Node;
import java.time.Duration;
import java.util.Objects;

/**
 * What the API's commands work with: the node, the config it runs with, and the daemon's services.
 *
 * @param node the running node (its DHT, blocks, host)
 * @param config the config the daemon started with
 * @param routing the routing type in force ({@code none}: routing commands fail)
 * @param durability what makes a write survive a crash, called before a write is acknowledged
 * @param names IPNS publishing and resolving for the node's key
 * @param shutdown stops the daemon (the {@code shutdown} command); must not block
 */
public record ApiContext(Node node, Config config, RoutingType routing, Durability durability, NamePublisher names,
        Runnable shutdown) {
    public ApiContext {
        Objects.requireNonNull(node);
        Objects.requireNonNull(config);
        Objects.requireNonNull(routing);
        Objects.requireNonNull(durability);
        Objects.requireNonNull(names);
        Objects.requireNonNull(shutdown);
    }

    /** The time budget of an operation whose request gave none. */
    public Duration defaultTimeout() {
        return config.duration("Jdht.Dht.QueryTimeout");
    }
}
