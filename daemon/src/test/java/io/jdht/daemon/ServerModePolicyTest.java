package io.jdht.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.daemon.config.RoutingType;
import io.jdht.multiformats.Multiaddr;
import io.jdht.node.DhtMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerModePolicyTest {
    private static final List<Multiaddr> LOOPBACK = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    private static final List<Multiaddr> LAN = List.of(Multiaddr.parse("/ip4/192.168.1.5/tcp/4001"));
    private static final List<Multiaddr> PUBLIC = List.of(Multiaddr.parse("/ip4/192.168.1.5/tcp/4001"),
            Multiaddr.parse("/ip4/8.8.4.4/tcp/4001"));
    private static final List<Multiaddr> PUBLIC_BOOTSTRAP =
            List.of(Multiaddr.parse("/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"));
    private static final List<Multiaddr> LAN_BOOTSTRAP =
            List.of(Multiaddr.parse("/ip4/192.168.1.7/tcp/4001/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"));

    @Test
    void explicitTypesWin() {
        assertThat(ServerModePolicy.decide(RoutingType.DHTSERVER, LAN, PUBLIC_BOOTSTRAP)).isEqualTo(DhtMode.SERVER);
        assertThat(ServerModePolicy.decide(RoutingType.DHTCLIENT, PUBLIC, List.of())).isEqualTo(DhtMode.CLIENT);
        assertThat(ServerModePolicy.decide(RoutingType.NONE, PUBLIC, List.of())).isEqualTo(DhtMode.CLIENT);
    }

    @Test
    void autoServesWithAPublicAddress() {
        assertThat(ServerModePolicy.decide(RoutingType.AUTO, PUBLIC, PUBLIC_BOOTSTRAP)).isEqualTo(DhtMode.SERVER);
    }

    @Test
    void autoStaysAClientBehindNatOnThePublicNetwork() {
        assertThat(ServerModePolicy.decide(RoutingType.AUTO, LAN, PUBLIC_BOOTSTRAP)).isEqualTo(DhtMode.CLIENT);
    }

    @Test
    void autoServesInAPrivateNetworkOrAsItsFirstNode() {
        assertThat(ServerModePolicy.decide(RoutingType.AUTO, LAN, LAN_BOOTSTRAP)).isEqualTo(DhtMode.SERVER);
        assertThat(ServerModePolicy.decide(RoutingType.AUTO, LOOPBACK, List.of())).isEqualTo(DhtMode.SERVER);
    }
}
