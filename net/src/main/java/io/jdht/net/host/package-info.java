/**
 * The libp2p host that ties the protocol packages together: {@link io.jdht.net.host.Host} listens
 * and dials on TCP, the {@code Upgrader} secures and multiplexes each connection, the
 * {@code Dialer} reuses, coalesces and walks a peer's addresses (resolving DNS ones first with
 * {@link io.jdht.net.dns.MultiaddrResolver}), and the {@link io.jdht.net.host.PeerStore} and
 * {@link io.jdht.net.host.ConnectionManager} hold what every connection shares.
 */
package io.jdht.net.host;
