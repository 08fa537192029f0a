/**
 * The Kademlia DHT's logic, free of I/O, threads and the wall clock, so that a real node and a
 * simulator drive the same code.
 *
 * <p>{@link io.jdht.kad.Key} places peers and keys in one 256-bit space (SHA-256 of their bytes);
 * closeness is XOR distance. {@link io.jdht.kad.KadEngine} is one node's DHT: it owns the
 * {@linkplain io.jdht.kad.routing.RoutingTable routing table}, the record and provider stores and
 * the validator, answers other peers' requests ({@link io.jdht.kad.KadEngine#handle}) and runs the
 * six operations. Helpers each take one part: {@code Admission} decides who enters and leaves the
 * table, {@code InboundRequests} composes the answers, {@code LocalData} guards what the node
 * stores (validation, select-before-overwrite, providers only from themselves), {@code
 * Publishing} runs put and provide (kept here, then stored at the closest peers, classic or
 * optimistic), {@code Replication} stores at the closest peers and counts those that kept it,
 * {@code ValueLookup} runs get (gathers the records, selects the best, corrects worse ones) and
 * {@code ProviderLookup} runs findProviders. The lookups themselves stay the engine's.
 *
 * <p>Each operation is an iterative {@linkplain io.jdht.kad.lookup.Lookup lookup} driven by a
 * {@code QueryRun}: ask the α closest known peers, merge the closer peers they name, repeat until
 * the β closest have answered, then ask the rest of the k closest (the follow-up) so the result is
 * made of peers that actually answered. What an operation does with the answers differs:
 * GET_VALUE gathers and selects records and corrects peers holding worse ones, GET_PROVIDERS stops
 * once it has enough providers, FIND_NODE for a peer stops when the peer turns up; PUT_VALUE and
 * ADD_PROVIDER first find the k closest peers, then store at each.
 *
 * <p><b>Optimistic put and provide.</b> Asked for {@link io.jdht.kad.PublishStrategy#OPTIMISTIC},
 * put and provide skip the lookup's last hops (Trautwein et al., 2023): {@code
 * NetworkSizeEstimator}, fed with the k closest peers of every completed lookup (bucket refreshes,
 * the operations' own), estimates how many peers the network holds; from that, {@code
 * OptimisticThresholds} says how near a peer must be to be among the k closest, and how near the
 * found set must be to end the walk; {@code OptimisticPublish} stores while the walk runs and
 * returns once 75 % of the stores finished. Without an estimate the classic way is taken.
 *
 * <p><b>One hostile peer.</b> Whatever a single identity sends, it can take only its quota of
 * each store ({@link io.jdht.kad.record.StoreLimits}: by default 1,000 records and 1 MiB, 10,000
 * provider records and 4 MiB); beyond that its own oldest entries make way, so its flood churns
 * through its own share while the others' records stay. The stores' totals (by default 64 MiB of
 * records, 64 MiB of provider records) bound memory whatever the number of peers. Records under
 * an unregistered namespace are refused (go-libp2p and js-libp2p refuse them too); a key with no
 * namespace at all, which the seed's API uses, takes only a small value (1 KiB by default): a value
 * no validator checks is one anybody can fill a store with. The empty key is refused whatever the
 * validator.
 *
 * <p><b>What "stored at N peers" means.</b> A PUT_VALUE is answered with the record stored, so
 * put counts the peers that answered so. An ADD_PROVIDER has no answer, and a peer whose store
 * or quota is full drops it without a word; so provide asks each peer back with GET_PROVIDERS and
 * counts only those that name this node ({@code Replication}). Reprovide skips that check.
 *
 * <p><b>Reprovide by sweep.</b> Every reprovide interval (22 h) the node announces again each key
 * it provides. One lookup per key costs a node with 100,000 keys 100,000 lookups a day, all at
 * once; the default {@link io.jdht.kad.ReprovideStrategy#SWEEP} ({@code SweepingReprovider})
 * spends a few per key-space region instead, spread over the interval:
 * <ol>
 * <li><i>Regions.</i> A region is a prefix of the key space. Any peer inside a region is closer
 *     to any key inside it than every peer outside, so once a region holding at least k peers is
 *     known whole, each of its keys has its k closest peers among them. The region length comes
 *     from the routing table: the k closest peers to this node share c bits with it, so a region
 *     of c - 1 bits holds about 2k peers.
 * <li><i>Exploring.</i> {@code RegionExplorer} finds a region's peers with FIND_NODE lookups for
 *     a target inside it (one of the node's own keys there, else a random preimage). An answer
 *     with a peer outside the region holds all of the region's peers. An answer all inside covers
 *     the target's prefix one bit longer than its farthest peer shares with the target; the
 *     siblings of the target's prefixes down to there are explored the same way. A region with
 *     fewer than k peers is widened to its parent. A region of n peers costs about n/k lookups
 *     and a few, whatever the number of keys in it.
 * <li><i>Announcing.</i> Each key of the region goes in an ADD_PROVIDER to its k closest among
 *     the region's peers, 16 keys at a time. A region with fewer than 3 keys is reprovided key by key
 *     (one lookup each is cheaper than exploring it).
 * <li><i>Schedule.</i> Cycles are aligned on the epoch, so a restart keeps the schedule. With
 *     regions of L bits, slot i runs at i/2^L of the cycle and takes the region i XOR this node's
 *     own L-bit prefix: a node's load is spread over the interval, and nodes sweep different
 *     regions at any one time. Slots without keys are skipped; regions run one after another.
 *     A newly provided key is announced at once by its own lookup, as before, and joins its
 *     region's next slot; keys overdue at start (the node was down) are swept at once.
 * </ol>
 * {@link io.jdht.kad.ReprovideStrategy#PER_KEY} keeps the one-lookup-per-key reprovide.
 *
 * <p>The engine reaches the world only through {@link io.jdht.kad.KadNetwork} (send a request,
 * know a peer's addresses) and {@link io.jdht.kad.Scheduler} (the time, a timer). It is not
 * thread-safe by design: the node calls it from one thread, and the network delivers answers on
 * that same thread.
 *
 * <p><b>Time and cancellation belong to the engine.</b> Every request it sends has the request
 * timeout ({@link io.jdht.kad.lookup.LookupConfig#requestTimeout}), timed on the scheduler by the
 * lookup or, outside lookups, by {@code TimedRequests}; at its end the engine cancels the future the
 * network returned, which is the network's cue to drop the stream. Every operation has one
 * deadline, held by an {@code Operation} from its first step: it ends the lookup and also the
 * storing of put and provide (which then count the peers that confirmed so far). Cancelling the
 * future an operation returned ends it at once in the same way: no new request, the store phase
 * stopped, every request out cancelled. {@link io.jdht.kad.KadEngine#whenAdmissionSettled} lets a
 * caller wait for a peer's admission check without polling.
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
