package io.jdht.kad;

import io.jdht.kad.lookup.Lookup;
import io.jdht.kad.routing.IpGroups;
import io.jdht.kad.wire.KadMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Drives one {@link Lookup} over a {@link KadNetwork}: sends what the lookup says to send, feeds
 * answers and failures back, wakes up for timeouts, and reports each step to the listener. The
 * operation supplies the request for each peer and an {@link AnswerHandler} that takes what it
 * wants from each answer (values, providers) and may stop the lookup early.
 *
 * <p>Time: a request's timeout is the {@link Lookup}'s, and a timer wakes the run when the next
 * one falls due; the request's future is then cancelled, as are those still out when the lookup
 * ends (stopped early, completed, or at the deadline). The deadline belongs to the
 * {@link Operation}, whose timer wakes the run to end the lookup. If the operation is cancelled the
 * run sends nothing more, cancels what is out and fails with a {@link CancellationException}, so
 * that nothing after the lookup (storing, record corrections) runs.
 */
final class QueryRun {
    /** Reads one awaited answer; returns the closer peers to follow. */
    interface AnswerHandler {
        List<PeerInfo> onAnswer(PeerInfo from, KadMessage answer, Lookup lookup);
    }

    /** How answers and failures reach the routing table. */
    interface PeerHealth {
        void answered(PeerInfo peer);

        void failed(PeerInfo peer);
    }

    private final Lookup lookup;
    private final Operation op;
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final QueryListener listener;
    private final Function<PeerInfo, KadMessage> requestFor;
    private final AnswerHandler handler;
    private final PeerHealth health;
    /** Follow only public addresses (a WAN DHT). */
    private final boolean publicOnly;
    private final CompletableFuture<Lookup> done = new CompletableFuture<>();
    private Scheduler.Cancellable timer;
    private Instant timerDue;
    /** Peers asked whose answer has not been handled yet, to report those that time out. */
    private final java.util.Set<io.jdht.crypto.PeerId> outstanding = new java.util.HashSet<>();
    /** The network's futures of the requests not completed yet, to cancel those the run gives up on. */
    private final Map<io.jdht.crypto.PeerId, CompletableFuture<KadMessage>> inFlight = new HashMap<>();
    private boolean pumping;
    private boolean again;

    QueryRun(Lookup lookup, Operation op, KadNetwork network, Scheduler scheduler, QueryListener listener,
            Function<PeerInfo, KadMessage> requestFor, AnswerHandler handler, PeerHealth health, boolean publicOnly) {
        this.lookup = lookup;
        this.op = op;
        this.network = network;
        this.scheduler = scheduler;
        this.listener = listener;
        this.requestFor = requestFor;
        this.handler = handler;
        this.health = health;
        this.publicOnly = publicOnly;
    }

    /** Starts the lookup; the future completes (on the DHT executor) when it has finished. */
    CompletableFuture<Lookup> start() {
        op.atDeadline(this::pump); // the lookup sees its deadline (the operation's) has passed and ends
        op.onEnd(this::cancel);
        pump();
        return done;
    }

    /** The operation ended before the lookup did: nothing more is sent, and what is out is cancelled. */
    private void cancel() {
        if (done.isDone()) {
            return;
        }
        lookup.stop();
        if (timer != null) {
            timer.cancel();
        }
        // failed first: the cancelled requests' callbacks must find the run over, not finish it
        done.completeExceptionally(new CancellationException("the operation was cancelled"));
        cancelInFlight();
    }

    private void cancelInFlight() {
        List<CompletableFuture<KadMessage>> out = List.copyOf(inFlight.values());
        inFlight.clear();
        out.forEach(f -> f.cancel(false));
    }

    /** Runs steps until nothing changes; re-entrant calls (an answer that completes at once) just ask for another round. */
    private void pump() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                step();
            } while (again && !done.isDone());
        } finally {
            pumping = false;
        }
    }

    private void step() {
        if (done.isDone()) {
            return;
        }
        if (op.cancelled()) {
            lookup.stop(); // the asker has gone: no new requests; the lookup ends as if stopped early
        }
        Instant now = scheduler.now();
        List<PeerInfo> next = lookup.next(now);
        reportTimeouts(now);
        for (PeerInfo peer : next) {
            sendTo(peer);
        }
        if (lookup.isFinished(scheduler.now())) {
            reportTimeouts(scheduler.now());
            if (timer != null) {
                timer.cancel();
            }
            cancelInFlight(); // cut off by the end: nobody reads their answers
            done.complete(lookup);
            return;
        }
        // request timeouts only: the deadline is the operation's timer
        lookup.nextWakeUp().filter(due -> due.isBefore(op.deadline)).ifPresent(this::armTimer);
    }

    /**
     * Requests that ran past the request timeout count as failures here too. Requests cut off
     * because the lookup stopped early or reached its deadline are not the peer's fault: they are
     * forgotten without a word, and the peer keeps its place in the routing table.
     */
    private void reportTimeouts(Instant now) {
        for (java.util.Iterator<io.jdht.crypto.PeerId> it = outstanding.iterator(); it.hasNext(); ) {
            io.jdht.crypto.PeerId peer = it.next();
            if (lookup.hasTimedOut(peer)) {
                it.remove();
                CompletableFuture<KadMessage> late = inFlight.remove(peer);
                if (late != null) {
                    late.cancel(false); // the network may drop the stream
                }
                lookup.heardOf(peer).ifPresent(health::failed);
                listener.onEvent(new QueryEvent.QueryError(peer, "no answer within the request timeout"));
            } else if (!lookup.isAwaiting(peer, now)) {
                it.remove();
            }
        }
    }

    private void armTimer(Instant due) {
        if (timer != null && timerDue != null && !due.isBefore(timerDue)) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerDue = due;
        java.time.Duration delay = java.time.Duration.between(scheduler.now(), due);
        timer = scheduler.schedule(delay.isNegative() ? java.time.Duration.ZERO : delay, () -> {
            timer = null;
            timerDue = null;
            pump();
        });
    }

    private void sendTo(PeerInfo peer) {
        if (!network.isConnected(peer.id())) {
            listener.onEvent(new QueryEvent.DialingPeer(peer.id()));
        }
        listener.onEvent(new QueryEvent.SendingQuery(peer.id()));
        outstanding.add(peer.id());
        CompletableFuture<KadMessage> answer;
        try {
            answer = network.request(peer, requestFor.apply(peer));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (!answer.isDone()) {
            inFlight.put(peer.id(), answer);
        }
        CompletableFuture<KadMessage> sent = answer;
        answer.whenComplete((message, error) -> {
            inFlight.remove(peer.id(), sent);
            Instant now = scheduler.now();
            if (!lookup.isAwaiting(peer.id(), now)) {
                pump(); // a late answer: the timeout is reported there
                return;
            }
            outstanding.remove(peer.id());
            if (error == null) {
                List<PeerInfo> closer;
                try {
                    closer = usable(handler.onAnswer(peer, message, lookup));
                } catch (RuntimeException e) {
                    error = e;
                    closer = List.of();
                }
                if (error == null) {
                    lookup.onSuccess(peer.id(), closer, now);
                    health.answered(peer);
                    listener.onEvent(new QueryEvent.PeerResponse(peer.id(), closer,
                            message.type() == KadMessage.MessageType.GET_PROVIDERS ? message.providerPeers() : List.of()));
                }
            }
            if (error != null) {
                lookup.onFailure(peer.id(), now);
                health.failed(peer);
                listener.onEvent(new QueryEvent.QueryError(peer.id(), describe(error)));
            }
            pump();
        });
    }

    /** Peers worth following: those with an address, given or already known; their addresses are remembered. */
    private List<PeerInfo> usable(List<PeerInfo> peers) {
        List<PeerInfo> out = new ArrayList<>(peers.size());
        for (PeerInfo given : peers) {
            PeerInfo p = publicOnly ? new PeerInfo(given.id(), IpGroups.publicOnly(given.addresses())) : given;
            if (!p.addresses().isEmpty()) {
                network.learnAddresses(p);
                out.add(p);
            } else {
                List<io.jdht.multiformats.Multiaddr> known = network.addressesOf(p.id());
                if (publicOnly) {
                    known = IpGroups.publicOnly(known);
                }
                if (!known.isEmpty()) {
                    out.add(new PeerInfo(p.id(), known));
                }
            }
        }
        return out;
    }

    static String describe(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
