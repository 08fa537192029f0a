package io.jdht.net.dns;

import io.jdht.multiformats.Multiaddr;
import java.io.IOException;

/**
 * A multiaddr that resolved to nothing. The message names the address and says why, e.g.
 * {@code cannot resolve /dnsaddr/example.com: no TXT record for _dnsaddr.example.com (the name does
 * not exist)}; {@link #reason()} is the part after the colon, for messages that name the address
 * themselves.
 */
public final class DnsResolutionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Multiaddr address;
    private final String reason;

    public DnsResolutionException(Multiaddr address, String reason) {
        super("cannot resolve " + address + ": " + reason);
        this.address = address;
        this.reason = reason;
    }

    /** The address that did not resolve. */
    public Multiaddr address() {
        return address;
    }

    /** Why, without the address. */
    public String reason() {
        return reason;
    }
}
