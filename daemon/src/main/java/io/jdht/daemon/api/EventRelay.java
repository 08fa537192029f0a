package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * Streams a lookup's progress to the HTTP answer as Kubo's query events, and keeps what the
 * command needs at the end: which peers a record or provider announcement was sent to and which
 * of them failed. Events arrive in order on the operation's own callback thread, so the
 * back-pressure of {@link ApiResponse#emit} slows only this operation.
 */
final class EventRelay implements QueryListener {
    /** Most events a held relay keeps; a lookup in a large network sends a few hundred. */
    static final int MAX_HELD = 4096;

    private final ApiResponse out;
    private final Function<QueryEvent, Optional<ObjectNode>> toJson;
    private final Set<PeerId> addedTo = new LinkedHashSet<>();
    private final Set<PeerId> failed = new LinkedHashSet<>();
    /** Events kept back until {@link #release}; null for a relay that streams them at once. */
    private List<ObjectNode> held;

    /**
     * @param out where the events go
     * @param toJson the JSON of an event, or empty to keep it back
     */
    EventRelay(ApiResponse out, Function<QueryEvent, Optional<ObjectNode>> toJson) {
        this.out = out;
        this.toJson = toJson;
    }

    /** Every progress event, as Kubo streams them, final peers in findpeer's shape. */
    static EventRelay all(ApiResponse out) {
        return new EventRelay(out, QueryEventJson::progress);
    }

    /**
     * Keeps every progress event back, to be sent by {@link #release} only if the command fails:
     * {@code get} answers a value it found with that one line, but a lookup that found nothing
     * is reported with what it did.
     */
    static EventRelay held(ApiResponse out) {
        EventRelay r = all(out);
        r.held = new ArrayList<>();
        return r;
    }

    /** Records what happens but streams nothing (a command without {@code verbose}). */
    static EventRelay silent(ApiResponse out) {
        return new EventRelay(out, e -> Optional.empty());
    }

    @Override
    public synchronized void onEvent(QueryEvent event) {
        switch (event) {
            case QueryEvent.AddingPeer e -> addedTo.add(e.peer().id());
            case QueryEvent.QueryError e when e.peer() != null -> failed.add(e.peer());
            default -> { }
        }
        Optional<ObjectNode> json = toJson.apply(event);
        if (json.isEmpty()) {
            return;
        }
        if (held != null) {
            if (held.size() < MAX_HELD) {
                held.add(json.get());
            }
            return;
        }
        send(json.get());
    }

    /** Sends the events held back so far; later ones are streamed as they come. */
    synchronized void release() {
        List<ObjectNode> pending = held;
        held = null;
        if (pending != null) {
            pending.forEach(this::send);
        }
    }

    private void send(ObjectNode json) {
        if (out.isOpen()) {
            try {
                out.emit(json);
            } catch (IllegalStateException gone) { // a CancellationException too
                // the request ended (deadline, client gone); the command learns it from its own await
            }
        }
    }

    /** The peers a record or announcement was sent to and that did not fail. */
    synchronized Set<PeerId> stored() {
        Set<PeerId> ok = new LinkedHashSet<>(addedTo);
        ok.removeAll(failed);
        return ok;
    }

    static Optional<ObjectNode> withoutFinalPeers(QueryEvent e) {
        return e instanceof QueryEvent.FinalPeer ? Optional.empty() : QueryEventJson.progress(e);
    }

    static Optional<ObjectNode> closestAsFinalPeers(QueryEvent e) {
        if (e instanceof QueryEvent.FinalPeer f) {
            PeerInfo p = f.peer();
            ObjectNode o = QueryEventJson.closestPeer(p.id());
            o.putArray("Responses").add(QueryEventJson.addrInfo(p));
            return Optional.of(o);
        }
        return QueryEventJson.progress(e);
    }
}
