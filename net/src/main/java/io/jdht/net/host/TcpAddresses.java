package io.jdht.net.host;

import io.jdht.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Conversions between TCP multiaddrs and socket addresses. */
final class TcpAddresses {
    private TcpAddresses() {}

    /** Whether the address is {@code /ip4|ip6|dns|dns4|dns6/…/tcp/…} with nothing after (a trailing /p2p aside). */
    static boolean isDialable(Multiaddr addr) {
        List<Multiaddr.Component> c = addr.withoutPeerId().components();
        if (c.size() != 2 || !c.get(1).protocol().protocolName().equals("tcp")) {
            return false;
        }
        return switch (c.get(0).protocol().protocolName()) {
            case "ip4", "ip6", "dns", "dns4", "dns6" -> true;
            default -> false;
        };
    }

    /** A socket address to connect to; host names are left unresolved for Netty's resolver. */
    static SocketAddress toSocketAddress(Multiaddr addr) {
        List<Multiaddr.Component> c = addr.withoutPeerId().components();
        if (c.size() != 2) {
            throw new IllegalArgumentException("not a TCP address: " + addr);
        }
        int port = Integer.parseInt(c.get(1).valueString());
        String host = c.get(0).valueString();
        return switch (c.get(0).protocol().protocolName()) {
            case "ip4", "ip6" -> new InetSocketAddress(literal(host), port);
            case "dns", "dns4", "dns6" -> InetSocketAddress.createUnresolved(host, port);
            default -> throw new IllegalArgumentException("not a TCP address: " + addr);
        };
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
