package io.jdht.net.host;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The unit per-address limits count in: one IPv4 address, or one IPv6 /64. A single machine is
 * routinely given a whole /64, so counting IPv6 by full address would let it appear as 2^64
 * different senders.
 */
final class AddressGroup {
    private AddressGroup() {}

    /** {@code ip} itself for IPv4; its /64 prefix (the rest zeroed) for IPv6. */
    static InetAddress of(InetAddress ip) {
        if (!(ip instanceof Inet6Address)) {
            return ip;
        }
        byte[] bytes = Arrays.copyOf(ip.getAddress(), 16);
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes always make an IPv6 address", e);
        }
    }
}
