package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.dns.DnsConfig;
import io.jdht.net.dns.DnsResolutionException;
import io.jdht.net.testing.TestDnsServer;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hosts on 127.0.0.1 dialling each other by DNS names that a local test server answers. */
@Timeout(60)
class HostDnsTest {
    private TestDnsServer dns;
    private Host listener;
    private Host dialer;
    private int port;

    @BeforeEach
    void start() {
        dns = TestDnsServer.start();
        listener = HostLoopbackTest.start(2);
        dialer = Host.create(HostConfig.builder(HostLoopbackTest.key(1))
                .dns(DnsConfig.nameServers(dns.address()))
                .build());
        dialer.start().join();
        port = Integer.parseInt(listener.listenAddresses().getFirst().value("tcp").orElseThrow());
    }

    @AfterEach
    void stop() {
        dialer.close();
        listener.close();
        dns.close();
    }

    private String id() {
        return listener.peerId().toString();
    }

    @Test
    void dialsADnsaddr() throws Exception {
        // another peer's entry comes first; the dial must skip it, not try it and fail the handshake
        dns.txt("_dnsaddr.test.example",
                "dnsaddr=/ip4/127.0.0.1/tcp/" + port + "/p2p/" + PeerId.fromPublicKey(HostLoopbackTest.key(7).publicKey()),
                "dnsaddr=/ip4/127.0.0.1/tcp/" + port + "/p2p/" + id());
        Connection c = dialer.connect(Multiaddr.parse("/dnsaddr/test.example/p2p/" + id())).get(30, TimeUnit.SECONDS);
        assertThat(c.remotePeer()).isEqualTo(listener.peerId());
        assertThat(c.remoteAddress()).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port));
    }

    @Test
    void dialsADns4Name() throws Exception {
        dns.ip("peer.jdht.test", "127.0.0.1");
        Connection c = dialer.connect(Multiaddr.parse("/dns4/peer.jdht.test/tcp/" + port + "/p2p/" + id()))
                .get(30, TimeUnit.SECONDS);
        assertThat(c.remotePeer()).isEqualTo(listener.peerId());
    }

    @Test
    void triesTheAddressesANameGivesInTurn() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort(); // closed again below: connecting there is refused
        }
        dns.txt("_dnsaddr.two.example",
                "dnsaddr=/ip4/127.0.0.1/tcp/" + dead + "/p2p/" + id(),
                "dnsaddr=/ip4/127.0.0.1/tcp/" + port + "/p2p/" + id());
        Connection c = dialer.connect(Multiaddr.parse("/dnsaddr/two.example/p2p/" + id())).get(30, TimeUnit.SECONDS);
        assertThat(c.remoteAddress()).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port));
    }

    @Test
    void aNameThatDoesNotResolveFailsTheDialWithTheReason() {
        assertThatThrownBy(() -> dialer.connect(Multiaddr.parse("/dnsaddr/missing.example/p2p/" + id()))
                        .get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DialException.class)
                .hasMessageContaining("could not connect to " + id())
                .hasMessageContaining("/dnsaddr/missing.example/p2p/" + id()
                        + ": no TXT record for _dnsaddr.missing.example (the name does not exist)");
        dns.ip("v6.jdht.test", "::1");
        assertThatThrownBy(() -> dialer.connect(Multiaddr.parse("/dns4/v6.jdht.test/tcp/" + port + "/p2p/" + id()))
                        .get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("no A record for v6.jdht.test");
        assertThat(dialer.connection(listener.peerId())).isEmpty();
    }

    @Test
    void aDnsaddrOfOtherPeersOnlyFailsTheDial() {
        dns.txt("_dnsaddr.others.example", "dnsaddr=/ip4/127.0.0.1/tcp/" + port + "/p2p/" + dialer.peerId());
        assertThatThrownBy(() -> dialer.connect(Multiaddr.parse("/dnsaddr/others.example/p2p/" + id()))
                        .get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("none of the 1 dnsaddr entries of _dnsaddr.others.example ends in /p2p/" + id());
    }

    @Test
    void aNameWithoutTcpAddressesFailsTheDial() {
        dns.txt("_dnsaddr.udp.example", "dnsaddr=/ip4/127.0.0.1/udp/" + port + "/quic-v1/p2p/" + id());
        assertThatThrownBy(() -> dialer.connect(Multiaddr.parse("/dnsaddr/udp.example/p2p/" + id()))
                        .get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("/dnsaddr/udp.example/p2p/" + id()
                        + ": none of the 1 addresses it resolved to is a TCP address of " + id());
    }

    @Test
    void aFailedAddressSaysWhichNameItCameFrom() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        dns.txt("_dnsaddr.dead.example", "dnsaddr=/ip4/127.0.0.1/tcp/" + dead + "/p2p/" + id());
        assertThatThrownBy(() -> dialer.connect(Multiaddr.parse("/dnsaddr/dead.example/p2p/" + id()))
                        .get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("/ip4/127.0.0.1/tcp/" + dead + " (from /dnsaddr/dead.example/p2p/" + id() + "): ");
    }

    @Test
    void resolvesWithoutDialling() throws Exception {
        dns.txt("_dnsaddr.list.example",
                "dnsaddr=/dnsaddr/a.list.example/p2p/" + id(),
                "dnsaddr=/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + dialer.peerId());
        dns.txt("_dnsaddr.a.list.example", "dnsaddr=/dns4/peer.jdht.test/tcp/" + port + "/p2p/" + id());
        dns.ip("peer.jdht.test", "127.0.0.1");
        assertThat(dialer.resolve(Multiaddr.parse("/dnsaddr/list.example")).get(30, TimeUnit.SECONDS)).containsExactly(
                Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port + "/p2p/" + id()),
                Multiaddr.parse("/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + dialer.peerId()));
        assertThat(dialer.resolve(Multiaddr.parse("/ip4/192.0.2.1/tcp/1")).get(30, TimeUnit.SECONDS))
                .containsExactly(Multiaddr.parse("/ip4/192.0.2.1/tcp/1"));
        assertThat(dialer.connectionManager().size()).isZero();
        var missing = dialer.resolve(Multiaddr.parse("/dns6/missing.example/tcp/1"));
        assertThatThrownBy(() -> missing.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(DnsResolutionException.class)
                .hasMessage("cannot resolve /dns6/missing.example/tcp/1: no AAAA record for missing.example (the name does not exist)");
    }

    @Test
    void aClosedHostRefusesToResolve() {
        dialer.close();
        assertThatThrownBy(() -> dialer.resolve(Multiaddr.parse("/dns4/x.test/tcp/1")).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(HostClosedException.class);
    }
}
