package io.jdht.net.host;

import io.jdht.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Conversions between TCP multiaddrs and socket addresses. Host names never get this far: the
 * dialer resolves {@code /dns*} and {@code /dnsaddr} first (asynchronously), so that Netty's
 * default resolver, which blocks the event loop, is never used.
 */
final class TcpAddresses {
    private TcpAddresses() {}

    /** Whether the address is {@code /ip4|ip6/…/tcp/…} with nothing after (a trailing /p2p aside). */
    static boolean isDialable(Multiaddr addr) {
        return isTcpAfter(addr, "ip4", "ip6");
    }

    /**
     * Whether resolving the address may give a dialable one: {@code /dnsaddr} always (its records
     * may hold anything), {@code /dns|dns4|dns6/…/tcp/…} with nothing after (a trailing /p2p aside).
     */
    static boolean mayResolveToDialable(Multiaddr addr) {
        List<Multiaddr.Component> c = addr.components();
        return (!c.isEmpty() && c.getFirst().protocol().protocolName().equals("dnsaddr"))
                || isTcpAfter(addr, "dns", "dns4", "dns6");
    }

    private static boolean isTcpAfter(Multiaddr addr, String... firsts) {
        List<Multiaddr.Component> c = addr.withoutPeerId().components();
        if (c.size() != 2 || !c.get(1).protocol().protocolName().equals("tcp")) {
            return false;
        }
        return List.of(firsts).contains(c.get(0).protocol().protocolName());
    }

    /** The socket address of {@code /ip4|ip6/…/tcp/…}. */
    static SocketAddress toSocketAddress(Multiaddr addr) {
        if (!isDialable(addr)) {
            throw new IllegalArgumentException("not an /ip4 or /ip6 TCP address: " + addr);
        }
        List<Multiaddr.Component> c = addr.withoutPeerId().components();
        int port = Integer.parseInt(c.get(1).valueString());
        return new InetSocketAddress(literal(c.get(0).valueString()), port);
    }

    /** The multiaddr of a socket address, {@code /ip4/…/tcp/…} or {@code /ip6/…/tcp/…}. */
    static Multiaddr fromSocketAddress(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        return Multiaddr.tcp(inet.getAddress(), inet.getPort());
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // an IP literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
