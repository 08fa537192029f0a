package io.jdht.kad.lookup;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One iterative Kademlia lookup for the peers closest to a target key, as a state machine: the
 * caller asks {@link #next} which peers to query, reports each answer with {@link #onSuccess} or
 * {@link #onFailure}, and stops when {@link #isFinished} says so. Time only enters as the
 * {@code now} arguments, so the same lookup runs in a real node and in the simulator.
 *
 * <p>Search phase: each path keeps at most α requests in flight, always to the closest peers it
 * has heard of and not yet asked, looking only at its k closest live candidates. A path ends when
 * its β closest live candidates have all answered, or when it has nobody left to ask. Follow-up
 * phase: the k closest live candidates over all paths that have not been asked yet are asked, so
 * the result is made of peers that actually answered. No peer is ever asked twice. A request
 * unanswered after the request timeout counts as failed (a late answer is ignored), and the whole
 * lookup stops at its deadline.
 */
public final class Lookup {
    /** Why a lookup ended. */
    public enum Outcome {
        RUNNING,
        /** The closest peers answered (or there was nobody left to ask). */
        COMPLETED,
        /** The caller had what it wanted. */
        STOPPED,
        /** The overall deadline passed. */
        DEADLINE
    }

    private enum State { HEARD, WAITING, SUCCEEDED, FAILED }

    private static final class Candidate {
        final PeerInfo peer;
        final Key key;
        final int path;
        State state = State.HEARD;
        Instant sentAt;

        Candidate(PeerInfo peer, Key key, int path) {
            this.peer = peer;
            this.key = key;
            this.path = path;
        }
    }

    private final Key target;
    private final LookupConfig config;
    private final Instant deadline;
    private final Set<PeerId> excluded;
    private final Map<PeerId, Candidate> byPeer = new HashMap<>();
    /** Peers whose request ran past the request timeout (not those cut off by a stop or the deadline). */
    private final Set<PeerId> timedOut = new java.util.HashSet<>();
    /** Candidates asked, in the order asked (so oldest first): where {@link #expire} finds the overdue. */
    private final java.util.ArrayDeque<Candidate> sentOrder = new java.util.ArrayDeque<>();
    /** All candidates, closest to the target first. */
    private final List<Candidate> sorted = new ArrayList<>();
    private final Comparator<Candidate> byDistance;
    private final boolean[] pathDone;
    private boolean followUp;
    private Outcome outcome = Outcome.RUNNING;
    private int requests;
    /** The instant and request count of the last timeout scan (see {@link #expire}). */
    private Instant lastExpiredAt;
    private int requestsAtLastExpiry;
    private int failures;

    /**
     * @param seeds the first peers to ask (from the routing table), spread over the paths
     * @param excluded peers never to ask (this node itself)
     */
    public Lookup(Key target, LookupConfig config, Collection<PeerInfo> seeds, Set<PeerId> excluded,
            Instant deadline) {
        this.target = target;
        this.config = config;
        this.deadline = deadline;
        this.excluded = Set.copyOf(excluded);
        this.byDistance = (a, b) -> {
            int c = a.key.compareDistance(b.key, target);
            return c != 0 ? c : a.key.compareTo(b.key);
        };
        this.pathDone = new boolean[config.disjointPaths()];
        int i = 0;
        for (PeerInfo seed : seeds) {
            if (addCandidate(seed, i % config.disjointPaths())) {
                i++;
            }
        }
    }

    public Key target() {
        return target;
    }

    /**
     * Expires overdue requests, then returns the peers to ask now; they count as asked from here
     * on. Empty when nothing may be sent (α reached, nothing to ask, or finished).
     */
    public List<PeerInfo> next(Instant now) {
        expire(now);
        if (outcome != Outcome.RUNNING) {
            return List.of();
        }
        List<PeerInfo> out = new ArrayList<>();
        if (!followUp) {
            for (int p = 0; p < pathDone.length; p++) {
                if (!pathDone[p]) {
                    sendOnPath(p, now, out);
                }
            }
            updatePaths();
            if (allPathsDone()) {
                followUp = true;
            }
        }
        if (followUp) {
            List<Candidate> window = liveWindow(-1);
            int inFlight = countWaiting(-1);
            int limit = config.alpha() * config.disjointPaths();
            for (Candidate c : window) {
                if (inFlight >= limit) {
                    break;
                }
                if (c.state == State.HEARD) {
                    send(c, now, out);
                    inFlight++;
                }
            }
            if (nothingLeftToAsk()) {
                outcome = Outcome.COMPLETED;
            }
        }
        return out;
    }

    /**
     * A peer answered, naming peers closer to the target. Returns false (and changes nothing) if
     * the answer is not awaited: the peer was never asked, already answered, or timed out.
     */
    public boolean onSuccess(PeerId from, Collection<PeerInfo> closer, Instant now) {
        expire(now);
        Candidate c = byPeer.get(from);
        if (c == null || c.state != State.WAITING || outcome != Outcome.RUNNING) {
            return false;
        }
        c.state = State.SUCCEEDED;
        for (PeerInfo p : closer) {
            addCandidate(p, c.path);
        }
        return true;
    }

    /** A request failed (no connection, bad answer). Returns false if it was not awaited. */
    public boolean onFailure(PeerId from, Instant now) {
        expire(now);
        Candidate c = byPeer.get(from);
        if (c == null || c.state != State.WAITING) {
            return false;
        }
        c.state = State.FAILED;
        failures++;
        return true;
    }

    /** Whether an answer from this peer is awaited at {@code now} (asked, not answered, not timed out). */
    public boolean isAwaiting(PeerId peer, Instant now) {
        expire(now);
        Candidate c = byPeer.get(peer);
        return outcome == Outcome.RUNNING && c != null && c.state == State.WAITING;
    }

    /** Whether the request to this peer ran past the request timeout. */
    public boolean hasTimedOut(PeerId peer) {
        return timedOut.contains(peer);
    }

    /** Ends the lookup early: the caller has what it needs. */
    public void stop() {
        if (outcome == Outcome.RUNNING) {
            outcome = Outcome.STOPPED;
        }
    }

    public boolean isFinished(Instant now) {
        expire(now);
        if (outcome == Outcome.RUNNING) {
            if (!followUp) {
                updatePaths();
            }
            if ((followUp || allPathsDone()) && nothingLeftToAsk()) {
                outcome = Outcome.COMPLETED;
            }
        }
        return outcome != Outcome.RUNNING;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** When the caller should look again even if no answer arrives: the next request timeout or the deadline. */
    public Optional<Instant> nextWakeUp() {
        if (outcome != Outcome.RUNNING) {
            return Optional.empty();
        }
        Instant next = deadline;
        for (Candidate c : sorted) {
            if (c.state == State.WAITING) {
                Instant due = c.sentAt.plus(config.requestTimeout());
                if (due.isBefore(next)) {
                    next = due;
                }
            }
        }
        return Optional.of(next);
    }

    /** Up to {@code n} peers that answered, closest to the target first. */
    public List<PeerInfo> closestAnswered(int n) {
        List<PeerInfo> out = new ArrayList<>();
        for (Candidate c : sorted) {
            if (out.size() >= n) {
                break;
            }
            if (c.state == State.SUCCEEDED) {
                out.add(c.peer);
            }
        }
        return out;
    }

    /**
     * Up to {@code n} peers not known to have failed (heard of, asked, or answered), closest to
     * the target first: the lookup's best guess at the closest peers while it still runs.
     */
    public List<PeerInfo> closestLive(int n) {
        List<PeerInfo> out = new ArrayList<>();
        for (Candidate c : sorted) {
            if (out.size() >= n) {
                break;
            }
            if (c.state != State.FAILED) {
                out.add(c.peer);
            }
        }
        return out;
    }

    /** The peer with this id if the lookup has heard of it (with the addresses it was given). */
    public Optional<PeerInfo> heardOf(PeerId peer) {
        Candidate c = byPeer.get(peer);
        return c == null ? Optional.empty() : Optional.of(c.peer);
    }

    /** Requests sent so far. */
    public int requests() {
        return requests;
    }

    /** Requests that failed or timed out. */
    public int failures() {
        return failures;
    }

    /** Requests awaiting an answer. */
    public int inFlight() {
        return countWaiting(-1);
    }

    public int peersSeen() {
        return sorted.size();
    }

    private boolean addCandidate(PeerInfo peer, int path) {
        if (excluded.contains(peer.id()) || byPeer.containsKey(peer.id())) {
            return false;
        }
        Candidate c = new Candidate(peer, Key.of(peer.id()), path);
        byPeer.put(peer.id(), c);
        int at = java.util.Collections.binarySearch(sorted, c, byDistance);
        sorted.add(at < 0 ? -at - 1 : at, c);
        return true;
    }

    private void sendOnPath(int path, Instant now, List<PeerInfo> out) {
        int inFlight = countWaiting(path);
        for (Candidate c : liveWindow(path)) {
            if (inFlight >= config.alpha()) {
                return;
            }
            if (c.state == State.HEARD) {
                send(c, now, out);
                inFlight++;
            }
        }
    }

    private void send(Candidate c, Instant now, List<PeerInfo> out) {
        c.state = State.WAITING;
        c.sentAt = now;
        sentOrder.addLast(c);
        requests++;
        out.add(c.peer);
    }

    private void updatePaths() {
        for (int p = 0; p < pathDone.length; p++) {
            if (pathDone[p]) {
                continue;
            }
            List<Candidate> window = liveWindow(p);
            boolean closestAnswered = !window.isEmpty() && window.stream().limit(config.beta())
                    .allMatch(c -> c.state == State.SUCCEEDED);
            boolean nothingLeft = countWaiting(p) == 0 && window.stream().noneMatch(c -> c.state == State.HEARD);
            pathDone[p] = closestAnswered || nothingLeft;
        }
    }

    private boolean allPathsDone() {
        for (boolean d : pathDone) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    /** The k closest candidates that have not failed, on one path (or all paths for -1). */
    private List<Candidate> liveWindow(int path) {
        List<Candidate> window = new ArrayList<>(config.k());
        for (Candidate c : sorted) {
            if (window.size() >= config.k()) {
                break;
            }
            if (c.state != State.FAILED && (path < 0 || c.path == path)) {
                window.add(c);
            }
        }
        return window;
    }

    private int countWaiting(int path) {
        int n = 0;
        for (Candidate c : sorted) {
            if (c.state == State.WAITING && (path < 0 || c.path == path)) {
                n++;
            }
        }
        return n;
    }

    /** Nothing in flight and nobody among the k closest live candidates left to ask. */
    private boolean nothingLeftToAsk() {
        return countWaiting(-1) == 0 && liveWindow(-1).stream().noneMatch(c -> c.state == State.HEARD);
    }

    private void expire(Instant now) {
        if (outcome != Outcome.RUNNING) {
            return;
        }
        // Callers check at the same instant many times over (once per request in flight); with
        // no request sent since, the answer cannot have changed, so the scan is skipped.
        if (now.equals(lastExpiredAt) && requests == requestsAtLastExpiry) {
            return;
        }
        lastExpiredAt = now;
        requestsAtLastExpiry = requests;
        // Requests leave in time order, so the overdue ones are at the front of sentOrder.
        while (!sentOrder.isEmpty()) {
            Candidate c = sentOrder.peekFirst();
            if (c.state != State.WAITING) {
                sentOrder.pollFirst();
                continue;
            }
            if (c.sentAt.plus(config.requestTimeout()).isAfter(now)) {
                break;
            }
            sentOrder.pollFirst();
            c.state = State.FAILED;
            failures++;
            timedOut.add(c.peer.id());
        }
        if (!now.isBefore(deadline)) {
            outcome = Outcome.DEADLINE;
        }
    }
}
