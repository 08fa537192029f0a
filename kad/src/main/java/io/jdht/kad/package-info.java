/**
 * The Kademlia DHT's logic, free of I/O, threads and the wall clock, so that a real node and a
 * simulator drive the same code.
 *
 * <p>{@link io.jdht.kad.Key} places peers and keys in one 256-bit space (SHA-256 of their bytes);
 * closeness is XOR distance. {@link io.jdht.kad.KadEngine} is one node's DHT: it owns the
 * {@linkplain io.jdht.kad.routing.RoutingTable routing table}, the record and provider stores and
 * the validator, answers other peers' requests ({@link io.jdht.kad.KadEngine#handle}) and runs the
 * six operations. Three helpers each take one part: {@code Admission} decides who enters and
 * leaves the table, {@code InboundRequests} composes the answers, {@code LocalData} guards what
 * the node stores (validation, select-before-overwrite, providers only from themselves).
 *
 * <p>Each operation is an iterative {@linkplain io.jdht.kad.lookup.Lookup lookup} driven by a
 * {@code QueryRun}: ask the α closest known peers, merge the closer peers they name, repeat until
 * the β closest have answered, then ask the rest of the k closest (the follow-up) so the result is
 * made of peers that actually answered. What an operation does with the answers differs:
 * GET_VALUE gathers and selects records and corrects peers holding worse ones, GET_PROVIDERS stops
 * once it has enough providers, FIND_NODE for a peer stops when the peer turns up; PUT_VALUE and
 * ADD_PROVIDER first find the k closest peers, then store at each.
 *
 * <p>The engine reaches the world only through {@link io.jdht.kad.KadNetwork} (send a request,
 * know a peer's addresses) and {@link io.jdht.kad.Scheduler} (the time, a timer). It is not
 * thread-safe by design: the node calls it from one thread, and the network delivers answers on
 * that same thread.
 *
 * <p><b>Restarts.</b> The engine keeps nothing across a restart itself, but offers the hooks a
 * node needs to: the stores report their changes to listeners, a {@link io.jdht.kad.RenewalLog}
 * hears of every key provided and record put (the lists reprovide and republish work through),
 * {@link io.jdht.kad.KadEngine#restoreRenewals} takes those lists back, and
 * {@link io.jdht.kad.KadEngine#restorePeers} puts a saved routing table back at once and re-checks
 * each peer in the background. Renewals that fell due while the node was down run as soon as
 * maintenance starts.
 */
package io.jdht.kad;
