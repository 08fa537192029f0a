package io.jdht.net.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Where DNS questions go and how long to wait for answers.
 *
 * @param nameServers the name servers to ask, in order; empty means the system's (from
 *     {@code /etc/resolv.conf} on Unix, with its search domains). Configured servers get names as
 *     they are written, without search domains, which is what a test with a local server wants
 * @param queryTimeout how long to wait for one name server to answer one question
 * @param resolveTimeout how long the whole resolution of one multiaddr may take, nested
 *     {@code /dnsaddr} lookups included
 */
public record DnsConfig(List<InetSocketAddress> nameServers, Duration queryTimeout, Duration resolveTimeout) {
    /** The system's name servers; 5 s per question, 15 s per multiaddr. */
    public static final DnsConfig SYSTEM = new DnsConfig(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(15));

    public DnsConfig {
        nameServers = List.copyOf(nameServers);
        for (InetSocketAddress s : nameServers) {
            if (s.isUnresolved()) {
                // resolving a name server's own name would need a name server
                throw new IllegalArgumentException("name server must be an IP address, not " + s);
            }
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
        }
        if (resolveTimeout.isNegative() || resolveTimeout.isZero()) {
            throw new IllegalArgumentException("resolveTimeout must be positive: " + resolveTimeout);
        }
    }

    /** These name servers instead of the system's, with the default timeouts. */
    public static DnsConfig nameServers(InetSocketAddress... servers) {
        return SYSTEM.withNameServers(List.of(servers));
    }

    public DnsConfig withNameServers(List<InetSocketAddress> servers) {
        return new DnsConfig(servers, queryTimeout, resolveTimeout);
    }

    public DnsConfig withQueryTimeout(Duration timeout) {
        return new DnsConfig(nameServers, timeout, resolveTimeout);
    }

    public DnsConfig withResolveTimeout(Duration timeout) {
        return new DnsConfig(nameServers, queryTimeout, timeout);
    }

    /** Whether the system's name servers are used. */
    public boolean usesSystemNameServers() {
        return nameServers.isEmpty();
    }
}
