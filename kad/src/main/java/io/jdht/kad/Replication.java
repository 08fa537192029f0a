package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Stores a record or a provider announcement at the peers an operation found, and counts the
 * peers that kept it, so that "stored at N peers" means N peers hold it.
 *
 * <p>A PUT_VALUE is answered with the record as stored, which says so directly. An ADD_PROVIDER
 * is never answered: a peer whose store is full, or whose quota for this node is spent, drops it
 * without a word, and counting the announcements written would report peers that kept nothing.
 * So each peer the announcement reached is then asked GET_PROVIDERS for the key, and counts only
 * if it names this node. A peer that does not is asked once more after {@link #RECHECK_DELAY}: a
 * go peer serves each stream on its own goroutine, so the question can overtake the announcement
 * it follows. Reprovide does without the check: it sends thousands of announcements a round, and
 * its count is read by nobody.
 *
 * <p>Every request here has the request timeout ({@link TimedRequests}) and belongs to the
 * {@link Operation}: when its deadline passes, storing ends with the peers that confirmed so far,
 * or with {@link DhtException.Timeout} if none has yet; when it is cancelled, nothing more is sent
 * and what is out is cancelled.
 */
final class Replication {
    /** The wait before asking a peer a second time whether it kept an announcement. */
    static final Duration RECHECK_DELAY = Duration.ofSeconds(1);

    private final PeerId self;
    private final TimedRequests network;

    Replication(PeerId self, TimedRequests network) {
        this.self = self;
        this.network = network;
    }

    /**
     * How to store one thing at one peer: {@code at} completes with whether the peer kept it, and
     * {@code refused} is what a peer that did not is reported with. Both the classic publish (to
     * the k closest, once found) and the optimistic one (to each close peer as it answers) use it.
     */
    record Store(Function<PeerInfo, CompletableFuture<Boolean>> at, String refused) {}

    /** PUT_VALUE: kept if the peer answered with the record stored. */
    Store record(Operation op, byte[] key, byte[] value) {
        return new Store(p -> op.track(network.request(p, KadMessage.putValue(key, value))).thenApply(answer ->
                answer.record().map(r -> Arrays.equals(r.value(), value)).orElse(false)),
                "the peer did not store the record");
    }

    /** ADD_PROVIDER: kept if the peer names this node when asked back ({@code confirm}), else once written. */
    Store announcement(Operation op, byte[] multihash, PeerInfo me, boolean confirm) {
        return new Store(p -> op.track(network.send(p, KadMessage.addProvider(multihash, me))).thenCompose(sent ->
                confirm ? holds(op, p, multihash, true) : CompletableFuture.completedFuture(true)),
                "the peer does not list this node as a provider: it did not keep the"
                + " announcement (its provider store may be full)");
    }

    /** Whether the peer names this node among the key's providers; asks again once if not. */
    private CompletableFuture<Boolean> holds(Operation op, PeerInfo peer, byte[] multihash, boolean mayRetry) {
        return op.track(network.request(peer, KadMessage.getProviders(multihash))).thenCompose(answer -> {
            if (answer.providerPeers().stream().anyMatch(p -> p.id().equals(self))) {
                return CompletableFuture.completedFuture(true);
            }
            if (!mayRetry) {
                return CompletableFuture.completedFuture(false);
            }
            CompletableFuture<Boolean> again = new CompletableFuture<>();
            op.schedule(RECHECK_DELAY, () -> {
                CompletableFuture<Boolean> second;
                try {
                    second = holds(op, peer, multihash, false);
                } catch (RuntimeException e) {
                    second = CompletableFuture.failedFuture(e);
                }
                second.whenComplete((ok, error) -> {
                    if (error != null) {
                        again.completeExceptionally(error);
                    } else {
                        again.complete(ok);
                    }
                });
            });
            return again;
        });
    }

    /**
     * Sends to every peer (until the asker goes away) and counts the true outcomes; a false one or
     * a failure is reported as a {@link QueryEvent.QueryError} for that peer. At the operation's
     * deadline it completes with the count so far (a timeout if that is none).
     */
    static CompletableFuture<Integer> toEach(Operation op, List<PeerInfo> peers, Store store, QueryListener listener) {
        int[] stored = new int[1];
        CompletableFuture<Integer> out = new CompletableFuture<>();
        Runnable deadline = () -> {
            if (stored[0] > 0) {
                out.complete(stored[0]);
            } else {
                out.completeExceptionally(new DhtException.Timeout("the deadline passed before any of the "
                        + peers.size() + " closest peers confirmed storing it"));
            }
        };
        if (op.pastDeadline()) { // the lookup used all the time there was
            deadline.run();
            return out;
        }
        op.atDeadline(deadline);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (PeerInfo p : peers) {
            if (op.cancelled()) {
                break; // the asker has gone; what is already sent is cancelled with the operation
            }
            listener.onEvent(new QueryEvent.AddingPeer(p));
            CompletableFuture<Boolean> f;
            try {
                f = store.at().apply(p);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            all.add(f.handle((ok, error) -> {
                if (error == null && ok) {
                    stored[0]++;
                } else if (!op.cancelled()) { // not those cancelled at the end
                    listener.onEvent(new QueryEvent.QueryError(p.id(), error == null ? store.refused() : QueryRun.describe(error)));
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> out.complete(stored[0]));
        return out;
    }
}
