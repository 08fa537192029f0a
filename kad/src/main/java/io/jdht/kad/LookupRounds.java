package io.jdht.kad;

import io.jdht.crypto.PeerId;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the rounds of a lookup from its events: a peer asked without having been named is in
 * round 1, a peer first named by an answer from round r is in round r + 1, and the lookup's rounds
 * are the highest round of any peer that answered. Requests run in parallel, so on warm
 * connections a lookup lasts about its rounds times the round-trip time; each dial on the way
 * (counted in {@link #dials}) adds the handshake's round trips.
 *
 * <p>Pass it (or {@link #then} another listener) as a query's listener; read it once the query is
 * over. Events arrive on the DHT thread, one at a time, so it needs no locking for a single query.
 */
public final class LookupRounds implements QueryListener {
    private final Map<PeerId, Integer> roundOf = new HashMap<>();
    /** The round of each peer that answered. */
    private final Map<PeerId, Integer> answeredIn = new HashMap<>();
    private final QueryListener next;
    private int rounds;
    private int dials;
    private int answers;

    public LookupRounds() {
        this(QueryListener.NONE);
    }

    private LookupRounds(QueryListener next) {
        this.next = next;
    }

    /** A counter that passes every event on to {@code listener} too. */
    public static LookupRounds then(QueryListener listener) {
        return new LookupRounds(listener);
    }

    @Override
    public void onEvent(QueryEvent event) {
        switch (event) {
            case QueryEvent.SendingQuery q -> roundOf.putIfAbsent(q.peer(), 1);
            case QueryEvent.DialingPeer d -> dials++;
            case QueryEvent.PeerResponse r -> {
                int round = roundOf.getOrDefault(r.from(), 1);
                rounds = Math.max(rounds, round);
                answers++;
                answeredIn.putIfAbsent(r.from(), round);
                r.closerPeers().forEach(p -> roundOf.putIfAbsent(p.id(), round + 1));
            }
            default -> { }
        }
        next.onEvent(event);
    }

    @Override
    public boolean cancelled() {
        return next.cancelled();
    }

    /** The highest round of any peer that answered; 0 before the first answer. */
    public int rounds() {
        return rounds;
    }

    /** Requests that needed a new connection first. */
    public int dials() {
        return dials;
    }

    public int answers() {
        return answers;
    }

    /**
     * The first round in which one of {@code peers} answered (0 if none did): with the true k
     * closest peers of the target, the measure of the IPFS simulations' "rounds to reach a top-20
     * peer".
     */
    public int firstRoundAnsweredByAnyOf(java.util.Collection<PeerId> peers) {
        int first = 0;
        for (PeerId p : peers) {
            Integer r = answeredIn.get(p);
            if (r != null && (first == 0 || r < first)) {
                first = r;
            }
        }
        return first;
    }
}
