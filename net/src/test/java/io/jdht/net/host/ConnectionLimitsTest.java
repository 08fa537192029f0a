package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.multiformats.Multiaddr;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host refuses inbound connections beyond its limits and keeps serving the ones it has. */
@Timeout(60)
class ConnectionLimitsTest {
    private static Host host(int seed, ConnectionLimits limits) {
        Host h = Host.create(HostConfig.builder(HostLoopbackTest.key(seed)).limits(limits).build());
        h.start().join();
        return h;
    }

    private static Multiaddr address(Host h) {
        return h.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + h.peerId()));
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        try (Host server = host(10, ConnectionLimits.forMaxConnections(1).withInboundRate(100, 100, true));
                Host first = host(11, ConnectionLimits.DEFAULT);
                Host second = host(12, ConnectionLimits.DEFAULT)) {
            first.connect(address(server)).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> second.connect(address(server)).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("could not connect");
            assertThat(server.connectionManager().size()).isEqualTo(1);
            assertThat(first.openPing(server.peerId()).get(10, TimeUnit.SECONDS).ping().get(5, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void inboundRatePerAddressIsLimitedWhenLoopbackIsNotExempt() throws Exception {
        try (Host server = host(20, ConnectionLimits.forMaxConnections(100).withInboundRate(0.001, 1, false));
                Host first = host(21, ConnectionLimits.DEFAULT);
                Host second = host(22, ConnectionLimits.DEFAULT)) {
            first.connect(address(server)).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> second.connect(address(server)).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("could not connect");
        }
    }
}
