package io.jdht.kad.routing;

import io.jdht.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The IP group of a peer for the {@link DiversityFilter}: the /16 of its first public IPv4 address
 * or the /32 of its first public IPv6 address. Loopback, private, link-local and unspecified
 * addresses have no group: a test network on one host, or a LAN, is not an attack.
 */
public final class IpGroups {
    private IpGroups() {}

    public static Optional<String> of(List<Multiaddr> addresses) {
        for (Multiaddr a : addresses) {
            if (a.components().isEmpty()) {
                continue;
            }
            Multiaddr.Component first = a.components().getFirst();
            String name = first.protocol().protocolName();
            if (!name.equals("ip4") && !name.equals("ip6")) {
                continue;
            }
            InetAddress ip;
            try {
                ip = InetAddress.getByAddress(first.value());
            } catch (UnknownHostException e) {
                continue;
            }
            if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()
                    || ip.isAnyLocalAddress() || isUniqueLocal(first.value())) {
                continue;
            }
            byte[] b = first.value();
            return Optional.of(b.length == 4
                    ? "ip4:" + (b[0] & 0xff) + "." + (b[1] & 0xff) + "/16"
                    : String.format("ip6:%02x%02x:%02x%02x/32", b[0], b[1], b[2], b[3]));
        }
        return Optional.empty();
    }

    /**
     * The addresses reachable from the public internet: those on a public IP, and DNS names (which
     * cannot be judged without resolving them). Loopback, private, link-local, unique-local and
     * unspecified IPs are dropped.
     */
    public static List<Multiaddr> publicOnly(List<Multiaddr> addresses) {
        return addresses.stream().filter(IpGroups::isPublic).toList();
    }

    private static boolean isPublic(Multiaddr a) {
        if (a.components().isEmpty()) {
            return false;
        }
        Multiaddr.Component first = a.components().getFirst();
        String name = first.protocol().protocolName();
        if (name.startsWith("dns")) {
            return true;
        }
        if (!name.equals("ip4") && !name.equals("ip6")) {
            return false;
        }
        return of(List.of(a)).isPresent();
    }

    private static boolean isUniqueLocal(byte[] ip) {
        return ip.length == 16 && (ip[0] & 0xfe) == 0xfc;
    }
}
