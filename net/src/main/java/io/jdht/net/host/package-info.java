/**
 * The libp2p host that ties the protocol packages together: {@link io.jdht.net.host.Host} listens
 * and dials on TCP, the {@code Upgrader} secures and multiplexes each connection, the
 * {@code Dialer} reuses, coalesces and walks a peer's addresses (resolving DNS ones first with
 * {@link io.jdht.net.dns.MultiaddrResolver}), and the {@link io.jdht.net.host.PeerStore} and
 * {@link io.jdht.net.host.ConnectionManager} hold what every connection shares.
 *
 * <p>The peer store is bounded, because any peer that connects writes to it, and a peer id costs
 * nothing to make. The host tells it which peers are connected (from the moment a connection is
 * up, before anything learned on it is stored, until it closes) and sweeps it every minute; the
 * owner of the host says which other peers to retain (a node: its routing table). Entries of
 * everyone else expire, and past the entry cap or the byte budget the least recently used of them
 * are evicted. What identify stores is bounded before it gets there: the answer's size, and the
 * protocols, addresses and versions kept from it (see {@link io.jdht.net.identify.IdentifyProtocol}).
 *
 * <p>Connections are bounded from the moment a socket is accepted: the connection manager hands
 * each handshake a pending ticket (refusing it at once when the handshakes in progress, those from
 * its IPv4 address or IPv6 /64 ({@code AddressGroup}), or the connections in all are at their caps),
 * and over the high watermark it trims idle, young, unprotected connections down to the low one
 * ({@code TrimPolicy}; see {@link io.jdht.net.host.ConnectionLimits}). Every connection and stream
 * gets a {@link io.jdht.net.resources.ResourceScope} ({@code StreamScopes}) that the framing and
 * yamux code reserve from before they keep what a peer sent.
 */
package io.jdht.net.host;
