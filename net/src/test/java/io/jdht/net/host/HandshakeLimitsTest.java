package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.multiformats.Multiaddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections count from the moment they are accepted: silent TCP connections that never start
 * the handshake cannot pile up past the caps (each holds a file descriptor), and the ones over the
 * caps are closed at once. Silent sockets come from 127.0.0.2 and 127.0.0.3, legitimate hosts from
 * 127.0.0.1, so per-address caps can be told apart on one machine.
 */
@Timeout(120)
class HandshakeLimitsTest {
    private final List<Socket> silent = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : silent) {
            s.close();
        }
        hosts.forEach(Host::close);
    }

    private Host host(int seed, ConnectionLimits limits) {
        // silent sockets must stay pending for the whole test, however slow a loaded machine accepts them
        Host h = Host.create(HostConfig.builder(HostLoopbackTest.key(seed)).limits(limits)
                .handshakeTimeout(Duration.ofSeconds(90)).build());
        h.start().join();
        hosts.add(h);
        return h;
    }

    private static Multiaddr address(Host h) {
        return h.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + h.peerId()));
    }

    /** Opens {@code n} TCP connections from {@code from} that never send a byte. */
    private void openSilent(Host server, String from, int n) throws IOException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1",
                Integer.parseInt(server.listenAddresses().get(0).toString().replaceAll(".*/tcp/", "")));
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(from, 0));
            s.connect(target, 5_000);
            s.setSoTimeout(100);
            silent.add(s);
        }
    }

    /** How many of the silent sockets the server has closed (they read end-of-stream). */
    private int closedByServer() throws IOException {
        int closed = 0;
        for (Socket s : silent) {
            try {
                if (s.getInputStream().read() == -1) {
                    closed++;
                }
            } catch (SocketTimeoutException stillOpen) {
                // the server keeps it, waiting for the handshake
            } catch (IOException reset) {
                closed++;
            }
        }
        return closed;
    }

    @Test
    void silentConnectionsFromOneAddressAreCappedAndTheRestClosedAtOnce() throws Exception {
        Host server = host(1, ConnectionLimits.forMaxConnections(1000)
                .withPendingHandshakes(64, 8)
                .withInboundRate(10_000, 10_000, false));
        openSilent(server, "127.0.0.2", 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionManager().refusedCount() == 192);
        assertThat(server.connectionManager().pendingHandshakes()).isEqualTo(8);
        assertThat(closedByServer()).isEqualTo(192);

        Host legitimate = host(2, ConnectionLimits.DEFAULT);
        legitimate.connect(address(server)).get(10, TimeUnit.SECONDS);
        assertThat(legitimate.openPing(server.peerId()).get(10, TimeUnit.SECONDS).ping().get(10, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void handshakesInProgressCountAgainstTheCapButOurOwnDialsKeepTheReserve() throws Exception {
        ConnectionLimits limits = ConnectionLimits.forMaxConnections(16)
                .withPendingHandshakes(16, 16)
                .withInboundRate(10_000, 10_000, false);
        assertThat(limits.reserve()).isEqualTo(1);
        Host server = host(3, limits);
        openSilent(server, "127.0.0.3", 20);
        // every socket is either refused at once or held pending; wait until the server saw all 20
        ConnectionManager manager = server.connectionManager();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> manager.refusedCount() + manager.pendingHandshakes() >= 20);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the server saw " + manager.refusedCount() + " refused and "
                    + manager.pendingHandshakes() + " pending of the 20 silent sockets", e);
        }
        assertThat(manager.refusedCount()).isEqualTo(5);
        assertThat(manager.pendingHandshakes()).as("16 slots, one kept in reserve").isEqualTo(15);
        assertThat(server.connectionManager().size()).isZero();

        // a routing-table refresh of ours still gets out through the reserve
        Host peer = host(4, ConnectionLimits.DEFAULT);
        Connection out = server.connect(address(peer)).get(10, TimeUnit.SECONDS);
        assertThat(out.isOpen()).isTrue();
    }

    @Test
    void finishedConnectionsFromOneAddressAreCappedUntilOneCloses() throws Exception {
        // fresh peer ids cost nothing: without this cap one host could take every slot below the
        // high watermark, where trimming never starts
        Host server = host(5, ConnectionLimits.forMaxConnections(1000)
                .withConnectionsPerIp(3)
                .withInboundRate(10_000, 10_000, false));
        List<Host> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(host(10 + i, ConnectionLimits.DEFAULT));
        }
        List<Connection> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(clients.get(i).connect(address(server)).get(10, TimeUnit.SECONDS));
        }
        assertThat(open).allMatch(Connection::isOpen);
        Host fourth = clients.get(3);
        assertThat(fourth.connect(address(server))).failsWithin(Duration.ofSeconds(10));
        assertThat(server.connectionManager().refusedCount()).isEqualTo(1);

        open.get(0).channel().close().sync();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionManager().size() == 2);
        // the slot is free again
        assertThat(fourth.connect(address(server)).get(10, TimeUnit.SECONDS).isOpen()).isTrue();
    }
}
