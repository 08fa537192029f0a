package io.jdht.kad;

import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Requests outside a lookup (storing, admission checks, record corrections) with the request
 * timeout enforced here, in kad, on the {@link Scheduler}: a request still unanswered when its
 * timer fires fails with a {@link TimeoutException}, and the future the {@link KadNetwork} returned
 * is cancelled, so the network can drop the stream. Cancelling the future returned here cancels the
 * network's too. (A lookup's requests are timed by the {@link io.jdht.kad.lookup.Lookup} itself,
 * and {@link QueryRun} cancels them the same way.)
 */
final class TimedRequests {
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final Duration timeout;

    TimedRequests(KadNetwork network, Scheduler scheduler, Duration timeout) {
        this.network = network;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
        return timed(peer, () -> network.request(peer, request));
    }

    CompletableFuture<Void> send(PeerInfo peer, KadMessage message) {
        return timed(peer, () -> network.send(peer, message));
    }

    private <T> CompletableFuture<T> timed(PeerInfo peer, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> sent;
        try {
            sent = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        Scheduler.Cancellable timer = sent.isDone() ? () -> {} : scheduler.schedule(timeout, () -> {
            if (out.completeExceptionally(new TimeoutException(
                    peer.id() + " did not answer within " + timeout.toMillis() + " ms"))) {
                sent.cancel(false);
            }
        });
        sent.whenComplete((v, e) -> {
            timer.cancel();
            if (e == null) {
                out.complete(v);
            } else {
                out.completeExceptionally(e);
            }
        });
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) { // the operation gave up on it: so does the network
                timer.cancel();
                sent.cancel(false);
            }
        });
        return out;
    }
}
