package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.Lookup;
import io.jdht.kad.routing.IpGroups;
import io.jdht.kad.wire.KadMessage;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One optimistic publish (Trautwein et al., 2023; go-libp2p-kad-dht's optimistic provide): stores
 * a record or a provider announcement while the lookup for the key still runs, ends the lookup
 * once the peers found are most likely the k closest, and returns before the slowest stores are
 * done. It needs an estimate of the network's size ({@link OptimisticThresholds}).
 *
 * <p>The walk is the engine's ordinary FIND_NODE lookup, with this class as its answer handler:
 * <ul>
 *   <li>a peer that answers and lies nearer the key than {@link OptimisticThresholds#individual}
 *       is stored at at once;
 *   <li>the lookup stops once k stores are started and not failed, or once the mean distance of
 *       the k closest peers known (not failed) is below {@link OptimisticThresholds#set}.
 * </ul>
 * When the walk ends, the k closest peers it knows of (not failed; with those the last answer
 * named) that were not stored at yet are. The operation then completes as soon as {@link #RETURN_RATIO} of all the stores started
 * have finished (succeeded or failed), 15 of 20; the others carry on in the background, where one
 * slow or unreachable peer no longer holds the caller up. The count it completes with is of the
 * peers that confirmed keeping it by then, by the same checks as the classic publish
 * ({@link Replication.Store}), so it never counts a store still under way; each of those is
 * reported as a {@link QueryEvent.QueryError} saying so, and sends no events after.
 */
final class OptimisticPublish {
    /** The share of the stores that must have finished before the operation returns (go's 0.75). */
    static final double RETURN_RATIO = 0.75;

    private final PeerId self;
    private final byte[] key;
    private final Key target;
    private final int k;
    /** Follow only public addresses (a WAN DHT). */
    private final boolean publicOnly;
    private final OptimisticThresholds thresholds;
    private final Replication.Store store;
    private final QueryListener listener;
    private final Set<PeerId> started = new HashSet<>();
    /** Stores under way, in the order started. */
    private final Set<PeerId> running = new java.util.LinkedHashSet<>();
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private int finished;
    private int kept;
    /** The k closest peers known when this class stopped the walk (null if it ended by itself). */
    private List<PeerInfo> stoppedAt;
    /** The stores to wait for before completing; -1 while the walk runs. */
    private int returnAfter = -1;

    OptimisticPublish(PeerId self, byte[] key, KadConfig config, OptimisticThresholds thresholds, Replication.Store store,
            QueryListener listener) {
        this.self = self;
        this.key = key;
        this.target = Key.of(key);
        this.k = config.k();
        this.publicOnly = config.publicAddressesOnly();
        this.thresholds = thresholds;
        this.store = store;
        this.listener = listener;
    }

    /** Runs the walk (a lookup driven with the given handler) and the stores. */
    CompletableFuture<Integer> start(Function<QueryRun.AnswerHandler, CompletableFuture<Lookup>> walk) {
        walk.apply(this::onAnswer).whenComplete((lookup, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                walkEnded(lookup);
            }
        });
        return result;
    }

    private List<PeerInfo> onAnswer(PeerInfo from, KadMessage answer, Lookup lookup) {
        if (NetworkSizeEstimator.normedDistance(target, Key.of(from.id())) < thresholds.individual()) {
            storeAt(from);
        }
        List<Near> known = closestKnown(lookup, answer.closerPeers());
        if (started.size() - (finished - kept) >= k || nearEnough(known)) {
            stoppedAt = known.stream().map(Near::peer).toList();
            lookup.stop();
        }
        return answer.closerPeers();
    }

    private record Near(PeerInfo peer, double distance) {}

    /**
     * The k closest peers not known to have failed, counting those this answer names: the lookup
     * merges them only after the handler returns, and not at all once the handler has stopped it.
     * A named peer needs an address (a public one on a WAN DHT), as the lookup would require.
     */
    private List<Near> closestKnown(Lookup lookup, List<PeerInfo> named) {
        Map<PeerId, PeerInfo> known = new LinkedHashMap<>();
        for (PeerInfo p : lookup.closestLive(k)) {
            known.put(p.id(), p);
        }
        for (PeerInfo given : named) {
            PeerInfo p = publicOnly ? new PeerInfo(given.id(), IpGroups.publicOnly(given.addresses())) : given;
            if (!p.id().equals(self) && !p.addresses().isEmpty()) {
                known.putIfAbsent(p.id(), p);
            }
        }
        return known.values().stream()
                .map(p -> new Near(p, NetworkSizeEstimator.normedDistance(target, Key.of(p.id()))))
                .sorted(Comparator.comparingDouble(Near::distance))
                .limit(k)
                .toList();
    }

    /** Whether k peers are known and near enough on average to be the k closest. */
    private boolean nearEnough(List<Near> known) {
        if (known.size() < k) {
            return false;
        }
        return known.stream().mapToDouble(Near::distance).average().orElse(1) < thresholds.set();
    }

    private void walkEnded(Lookup lookup) {
        for (PeerInfo p : stoppedAt != null ? stoppedAt : lookup.closestLive(k)) {
            storeAt(p);
        }
        if (started.isEmpty()) {
            result.completeExceptionally(new DhtException.NotFound("found no peers closest to " + KadEngine.hex(key)
                    + " to store at: " + KadEngine.LookupSummary.of(lookup).describe()));
            return;
        }
        returnAfter = (int) Math.ceil(RETURN_RATIO * started.size());
        completeIfEnough();
    }

    private void storeAt(PeerInfo peer) {
        if (listener.cancelled() || !started.add(peer.id())) {
            return; // the asker has gone, or this peer is already done or under way
        }
        listener.onEvent(new QueryEvent.AddingPeer(peer));
        running.add(peer.id());
        CompletableFuture<Boolean> f;
        try {
            f = store.at().apply(peer);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((ok, error) -> {
            running.remove(peer.id());
            if (result.isDone()) {
                return; // a background store: the operation has reported, and said this one was not counted
            }
            finished++;
            if (error == null && ok) {
                kept++;
            } else {
                listener.onEvent(new QueryEvent.QueryError(peer.id(), error == null ? store.refused() : QueryRun.describe(error)));
            }
            completeIfEnough();
        });
    }

    /**
     * Completes once enough stores finished. Each store still under way is reported then as not
     * counted, so that whoever counts from the events (stored at = adding less errors, as the HTTP
     * API's clients do) gets the same honest number as the result.
     */
    private void completeIfEnough() {
        if (returnAfter >= 0 && finished >= returnAfter && !result.isDone()) {
            for (PeerId p : running) {
                listener.onEvent(new QueryEvent.QueryError(p, "not counted: still storing when the operation"
                        + " returned (it goes on in the background)"));
            }
            result.complete(kept);
        }
    }
}
