package io.jdht.daemon;

import io.jdht.daemon.config.RoutingType;
import io.jdht.kad.routing.IpGroups;
import io.jdht.multiformats.Multiaddr;
import io.jdht.node.DhtMode;
import java.util.List;

/**
 * Whether a daemon serves the DHT. {@code dhtserver} and {@code dhtclient} say so outright;
 * {@code none} uses no DHT (client mode, and the API refuses routing calls). {@code auto} serves
 * when the node can be reached: it listens on a public address, or it lives in a private network, which jdht takes
 * to be the case when every bootstrap peer is on a private or loopback IP (a LAN or one host), or
 * when it has no bootstrap peers and only private addresses (the first node of a local network,
 * which the others join through). A
 * node behind NAT on the public network therefore stays a client, as it should: peers that put it
 * in their routing tables could not reach it. (Kubo decides {@code auto} with AutoNAT, which jdht
 * does not have yet.)
 */
public final class ServerModePolicy {
    private ServerModePolicy() {}

    public static DhtMode decide(RoutingType type, List<Multiaddr> listening, List<Multiaddr> bootstrap) {
        return switch (type) {
            case DHTSERVER -> DhtMode.SERVER;
            case DHTCLIENT, NONE -> DhtMode.CLIENT;
            case AUTO -> {
                boolean reachable = !IpGroups.publicOnly(listening).isEmpty();
                boolean privateNetwork = !bootstrap.isEmpty() && IpGroups.publicOnly(bootstrap).isEmpty();
                boolean alone = bootstrap.isEmpty() && !reachable;
                yield reachable || privateNetwork || alone ? DhtMode.SERVER : DhtMode.CLIENT;
            }
        };
    }
}
