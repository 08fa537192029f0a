/**
 * Identify ({@code /ipfs/id/1.0.0}) and identify push ({@code /ipfs/id/push/1.0.0}).
 *
 * <p>Right after a connection is up, each side opens an identify stream; the other answers with one
 * length-prefixed protobuf describing itself (public key, listen addresses, the address it sees us
 * at, supported protocols, agent) and closes. Push is the same message sent unasked when something
 * changes, such as the DHT switching between client and server mode. A push may carry only the
 * fields that changed, so the receiver merges rather than replaces fields the push leaves out.
 *
 * <p>The signed peer record (field 8) that newer peers attach is accepted and ignored.
 */
package io.jdht.net.identify;
