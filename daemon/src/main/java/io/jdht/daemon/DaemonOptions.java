package io.jdht.daemon;

import io.jdht.daemon.config.RoutingType;
import io.jdht.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a daemon takes from its caller rather than from {@code config.json}: overrides of config
 * values for this run only ({@code jdht listen --port}, tests), and where its console lines go.
 *
 * @param swarm replaces {@code Addresses.Swarm}
 * @param api replaces {@code Addresses.API}
 * @param bootstrap replaces {@code Bootstrap}
 * @param routing replaces {@code Routing.Type}
 * @param console receives the lines a user watching the daemon should see ("Daemon is ready", a
 *     bootstrap that fails); the CLI prints them on stdout
 */
public record DaemonOptions(
        Optional<List<Multiaddr>> swarm,
        Optional<Multiaddr> api,
        Optional<List<Multiaddr>> bootstrap,
        Optional<RoutingType> routing,
        Consumer<String> console) {

    public DaemonOptions {
        Objects.requireNonNull(swarm);
        Objects.requireNonNull(api);
        Objects.requireNonNull(bootstrap);
        Objects.requireNonNull(routing);
        Objects.requireNonNull(console);
    }

    /** The config as it is; console lines dropped. */
    public static DaemonOptions fromConfig() {
        return new DaemonOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), line -> {});
    }

    public DaemonOptions withSwarm(List<Multiaddr> addresses) {
        return new DaemonOptions(Optional.of(List.copyOf(addresses)), api, bootstrap, routing, console);
    }

    public DaemonOptions withApi(Multiaddr address) {
        return new DaemonOptions(swarm, Optional.of(address), bootstrap, routing, console);
    }

    public DaemonOptions withBootstrap(List<Multiaddr> peers) {
        return new DaemonOptions(swarm, api, Optional.of(List.copyOf(peers)), routing, console);
    }

    public DaemonOptions withRouting(RoutingType type) {
        return new DaemonOptions(swarm, api, bootstrap, Optional.of(type), console);
    }

    public DaemonOptions withConsole(Consumer<String> sink) {
        return new DaemonOptions(swarm, api, bootstrap, routing, sink);
    }
}
