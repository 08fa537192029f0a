/**
 * DNS multiaddrs: {@code /dnsaddr/<host>} through the {@code dnsaddr=<multiaddr>} TXT records of
 * {@code _dnsaddr.<host>} (nested ones too), and {@code /dns4}, {@code /dns6} and {@code /dns}
 * through A and AAAA records. {@link io.jdht.net.dns.MultiaddrResolver} holds the multiaddr rules
 * and the limits on what an answer may make us do; {@code NettyDnsLookup} asks the questions with
 * Netty's asynchronous resolver, so no event loop ever waits on the DNS; {@code TxtRdata} reads the
 * character-strings of a TXT record. Name servers and time limits come from
 * {@link io.jdht.net.dns.DnsConfig}: the system's by default, a local server in tests.
 */
package io.jdht.net.dns;
