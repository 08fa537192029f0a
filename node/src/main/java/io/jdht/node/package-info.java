/**
 * A running DHT node. {@link io.jdht.node.Node} ties a libp2p {@code Host} to a
 * {@code KadEngine}: the engine runs on the node's single DHT thread ({@code DhtExecutor}), which
 * is also its timer; {@link io.jdht.node.protocol.KadService} carries its requests over
 * {@code /ipfs/kad/1.0.0} streams and serves other peers' requests; identify results feed the
 * routing table. {@link io.jdht.node.Dht} is the public API: each of the six operations as a
 * future, with a callback and with a query-event listener; futures complete on the callback
 * executor, never on the DHT thread.
 *
 * <p>The node keeps no timers of its own over DHT work: the engine times each request and each
 * operation, and cancels a request's future when it gives up, on which {@code KadService} resets
 * the stream. Cancelling a future from {@code Dht} cancels the engine's operation, and
 * {@code Node.connect} waits for the admission check through the engine's
 * {@code whenAdmissionSettled} rather than by polling the routing table.
 *
 * <p>A node keeps nothing on disk itself. Its record and provider stores and its
 * {@link io.jdht.node.Blockstore} are given to the builder (in memory by default), and a
 * {@link io.jdht.node.NodePersistence} lets something else (the daemon's datastore) keep its
 * routing table and its lists of provided keys and put records: the saved peers go back into the
 * peer store and the table at start ({@code PeerSnapshots}) and are re-checked in the background,
 * and the table is saved every five minutes and at close.
 */
package io.jdht.node;
