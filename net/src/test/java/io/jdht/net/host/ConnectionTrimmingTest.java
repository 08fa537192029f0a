package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.multiformats.Multiaddr;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over its high watermark a host closes the least useful connections down to its low watermark,
 * sparing protected peers, instead of refusing everyone: an attacker holding many connections
 * open no longer locks legitimate peers out.
 */
@Timeout(120)
class ConnectionTrimmingTest {
    private final EventLoopGroup clientLoops = NettyTransport.newEventLoopGroup(2);
    private final List<Host> clients = new ArrayList<>();
    private Host server;

    @AfterEach
    void stop() {
        clients.forEach(Host::close);
        if (server != null) {
            server.close();
        }
        clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private Host client(int seed) {
        Host h = Host.create(HostConfig.builder(HostLoopbackTest.key(seed)).eventLoopGroup(clientLoops).build());
        h.start().join();
        clients.add(h);
        return h;
    }

    private Multiaddr serverAddress() {
        return server.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + server.peerId()));
    }

    private Connection connect(Host client) throws Exception {
        return client.connect(serverAddress()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void surplusConnectionsAreTrimmedToTheLowWatermarkSparingProtectedPeers() throws Exception {
        Duration grace = Duration.ofMillis(500);
        ConnectionLimits limits = ConnectionLimits.forMaxConnections(64).withWatermarks(10, 20, grace);
        server = Host.create(HostConfig.builder(HostLoopbackTest.key(1)).limits(limits).build());
        server.start().join();
        List<Host> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Host c = client(100 + i);
            connect(c);
            first.add(c);
        }
        assertThat(server.connectionManager().trimmedCount()).as("at the high watermark nothing is trimmed").isZero();
        Thread.sleep(grace.toMillis() * 2); // the first twenty leave their grace period
        // the two youngest would go first; one is in the routing table, the other has a request in flight
        Host retained = first.get(19);
        Host busy = first.get(18);
        server.connectionManager().setRetained(retained.peerId()::equals);
        Runnable release = server.connectionManager().hold(busy.peerId());
        Host newest = client(200);
        connect(newest); // the 21st connection crosses the high watermark; it is in its grace period

        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionManager().trimmedCount() > 0);
        assertThat(server.connectionManager().trimmedCount()).isEqualTo(11);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionManager().size() == 10);
        assertThat(server.connection(retained.peerId())).isPresent();
        assertThat(server.connection(busy.peerId())).isPresent();
        assertThat(server.connection(first.get(0).peerId())).as("the oldest connection is the most trusted").isPresent();
        assertThat(server.connection(newest.peerId())).as("the newest is in its grace period").isPresent();

        // a newcomer is served, and once the hold is released the busy peer may be trimmed like any other
        Host newcomer = client(300);
        connect(newcomer);
        assertThat(newcomer.openPing(server.peerId()).get(10, TimeUnit.SECONDS).ping().get(10, TimeUnit.SECONDS)).isPositive();
        release.run();
        assertThat(server.connectionManager().isProtected(busy.peerId())).isFalse();
        assertThat(server.connectionManager().isProtected(retained.peerId())).isTrue();
    }

    @Test
    void connectionsInTheirGracePeriodAreNotTrimmed() throws Exception {
        ConnectionLimits limits = ConnectionLimits.forMaxConnections(64).withWatermarks(2, 4, Duration.ofHours(1));
        server = Host.create(HostConfig.builder(HostLoopbackTest.key(2)).limits(limits).build());
        server.start().join();
        for (int i = 0; i < 8; i++) {
            connect(client(400 + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionManager().size() == 8);
        assertThat(server.connectionManager().trim()).isZero();
        assertThat(server.connectionManager().size()).isEqualTo(8);
    }
}
