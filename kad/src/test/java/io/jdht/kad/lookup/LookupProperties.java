package io.jdht.kad.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.TestPeers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The lookup state machine driven over a simulated network in virtual time: random peers, each
 * knowing a random subset of the others, answering with its k closest known peers after a random
 * delay, failing, or never answering. Time advances in steps of 250 ms so that answers landing
 * exactly on a timeout or the deadline happen often.
 */
class LookupProperties {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int MAX_STEPS = 100_000;

    /** A simulated network and the outcome of driving one lookup over it. */
    static final class Sim {
        final Random random;
        final List<PeerId> peers;
        final PeerId self;
        final Map<PeerId, PeerInfo> infos = new HashMap<>();
        final Map<PeerId, List<PeerId>> knows = new HashMap<>();
        final LookupConfig config;
        final Key target;
        final Instant deadline;
        final double failRate;
        final double silentRate;
        /** Whether the driver may deliver answers late without first calling next() (a slow caller). */
        final boolean lazy;
        final int stopAfterAnswers;
        /** Answers and failures arrive 0 to this many ticks after the request. */
        int maxDelayTicks;

        // observations
        final Set<PeerId> queried = new LinkedHashSet<>();
        final Map<PeerId, Instant> sentAt = new HashMap<>();
        final Set<PeerId> acceptedAnswers = new HashSet<>();
        int acceptedFailures;
        int maxInFlight;
        Instant finishedAt;
        int steps;

        record Event(Instant at, long seq, PeerId peer, boolean success) {}

        Sim(long seed, int n, double density, LookupConfig config, double failRate, double silentRate,
                Duration deadlineAfter, boolean lazy, int stopAfterAnswers) {
            this.random = new Random(seed);
            this.peers = TestPeers.randomPeers(random, n);
            this.self = peers.getFirst();
            for (int i = 0; i < n; i++) {
                infos.put(peers.get(i), TestPeers.info(peers.get(i), i));
            }
            for (PeerId p : peers) {
                List<PeerId> known = new ArrayList<>();
                for (PeerId q : peers) {
                    if (!q.equals(p) && random.nextDouble() < density) {
                        known.add(q);
                    }
                }
                knows.put(p, known);
            }
            this.config = config;
            byte[] t = new byte[32];
            random.nextBytes(t);
            this.target = Key.fromBits(t);
            this.deadline = T0.plus(deadlineAfter);
            this.failRate = failRate;
            this.silentRate = silentRate;
            this.lazy = lazy;
            this.stopAfterAnswers = stopAfterAnswers;
            this.maxDelayTicks = (int) (2 * config.requestTimeout().toMillis() / TICK.toMillis());
        }

        List<PeerInfo> closestKnownBy(PeerId responder) {
            return knows.get(responder).stream()
                    .sorted(Comparator.comparing((PeerId p) -> Key.of(p).distance(target)))
                    .limit(config.k())
                    .map(infos::get)
                    .toList();
        }

        Lookup run(boolean seedWithSelf) {
            List<PeerInfo> seeds = new ArrayList<>(knows.get(self).stream().map(infos::get).toList());
            if (seedWithSelf) {
                seeds.add(infos.get(self));
            }
            Lookup lookup = new Lookup(target, config, seeds, Set.of(self), deadline);
            PriorityQueue<Event> events = new PriorityQueue<>(
                    Comparator.comparing(Event::at).thenComparingLong(Event::seq));
            Instant now = T0;
            long seq = 0;
            int limit = config.alpha() * config.disjointPaths();
            for (steps = 0; steps < MAX_STEPS; steps++) {
                for (PeerInfo p : lookup.next(now)) {
                    assertThat(p.id()).as("the excluded peer is never queried").isNotEqualTo(self);
                    assertThat(queried.add(p.id())).as("%s queried twice", p.id()).isTrue();
                    sentAt.put(p.id(), now);
                    double fate = random.nextDouble();
                    if (fate < silentRate) {
                        continue; // never answers
                    }
                    Instant at = now.plus(TICK.multipliedBy(random.nextInt(maxDelayTicks + 1)));
                    events.add(new Event(at, seq++, p.id(), fate >= silentRate + failRate));
                }
                maxInFlight = Math.max(maxInFlight, lookup.inFlight());
                assertThat(lookup.inFlight()).as("requests in flight").isLessThanOrEqualTo(limit);
                assertThat(lookup.requests()).isEqualTo(queried.size());
                if (lookup.isFinished(now)) {
                    finishedAt = now;
                    return lookup;
                }
                Instant wake = lookup.nextWakeUp().orElseThrow();
                assertThat(wake).as("a running lookup wakes up in the future").isAfter(now);
                Event e = events.peek();
                if (e != null && (lazy || !e.at().isAfter(wake))) {
                    events.poll();
                    now = e.at().isAfter(now) ? e.at() : now;
                    deliver(lookup, e, now);
                } else {
                    now = wake;
                }
            }
            throw new AssertionError("the lookup did not finish within " + MAX_STEPS + " steps");
        }

        private void deliver(Lookup lookup, Event e, Instant now) {
            boolean inTime = now.isBefore(sentAt.get(e.peer()).plus(config.requestTimeout()));
            boolean beforeDeadline = now.isBefore(deadline);
            if (e.success()) {
                boolean accepted = lookup.onSuccess(e.peer(), closestKnownBy(e.peer()), now);
                assertThat(accepted).as("answer of %s at +%s (sent at +%s, timeout %s, deadline +%s)", e.peer(),
                        Duration.between(T0, now), Duration.between(T0, sentAt.get(e.peer())),
                        config.requestTimeout(), Duration.between(T0, deadline))
                        .isEqualTo(inTime && beforeDeadline);
                if (accepted) {
                    acceptedAnswers.add(e.peer());
                    if (acceptedAnswers.size() == stopAfterAnswers) {
                        lookup.stop();
                    }
                }
            } else {
                boolean accepted = lookup.onFailure(e.peer(), now);
                if (!inTime) {
                    assertThat(accepted).as("a failure reported after the timeout was already counted").isFalse();
                }
                if (accepted) {
                    acceptedFailures++;
                }
            }
        }
    }

    private static LookupConfig config(int k, int alpha, int beta, int timeoutTicks, int paths) {
        return new LookupConfig(k, alpha, Math.min(beta, k), TICK.multipliedBy(timeoutTicks), paths);
    }

    @Property(tries = 200)
    void lookupsTerminateAndRespectTheirLimits(@ForAll long seed, @ForAll @IntRange(min = 2, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 100) int densityPercent, @ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll @IntRange(min = 1, max = 4) int alpha, @ForAll @IntRange(min = 1, max = 4) int beta,
            @ForAll @IntRange(min = 1, max = 3) int paths, @ForAll @IntRange(min = 1, max = 12) int timeoutTicks,
            @ForAll @IntRange(min = 0, max = 40) int failPercent, @ForAll @IntRange(min = 0, max = 40) int silentPercent,
            @ForAll @IntRange(min = 1, max = 200) int deadlineTicks, @ForAll boolean lazy, @ForAll boolean seedWithSelf) {
        Sim sim = new Sim(seed, n, densityPercent / 100.0, config(k, alpha, beta, timeoutTicks, paths),
                failPercent / 100.0, silentPercent / 100.0, TICK.multipliedBy(deadlineTicks), lazy, -1);
        Lookup lookup = sim.run(seedWithSelf);

        assertThat(lookup.outcome()).isIn(Lookup.Outcome.COMPLETED, Lookup.Outcome.DEADLINE);
        assertThat(sim.queried).doesNotContain(sim.self);
        if (!lazy) {
            // (a lazy driver may itself jump past the deadline to deliver an answer)
            assertThat(sim.finishedAt).as("finishes by its deadline").isBeforeOrEqualTo(sim.deadline);
        }
        assertThat(lookup.outcome() == Lookup.Outcome.DEADLINE).isEqualTo(!sim.finishedAt.isBefore(sim.deadline));
        // every request is answered, failed (or timed out) or still in flight
        assertThat(lookup.requests()).isEqualTo(sim.queried.size());
        assertThat(sim.acceptedAnswers.size() + lookup.failures() + lookup.inFlight()).isEqualTo(lookup.requests());
        assertThat(lookup.failures()).isGreaterThanOrEqualTo(sim.acceptedFailures);
        if (lookup.outcome() == Lookup.Outcome.COMPLETED) {
            assertThat(lookup.inFlight()).isZero();
        }
        // the result is made of peers that answered, closest first
        List<PeerInfo> result = lookup.closestAnswered(k);
        assertThat(result).hasSizeLessThanOrEqualTo(k);
        assertThat(result).extracting(PeerInfo::id).allMatch(sim.acceptedAnswers::contains);
        assertThat(result).extracting(PeerInfo::id)
                .isSortedAccordingTo(Comparator.comparing((PeerId p) -> Key.of(p).distance(sim.target)));
        assertThat(result.size()).isEqualTo(Math.min(k, sim.acceptedAnswers.size()));
        // nothing more happens once finished
        assertThat(lookup.next(sim.finishedAt.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Property(tries = 200)
    void withoutFailuresAFullyConnectedNetworkYieldsTheTrueClosest(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 60) int n, @ForAll @IntRange(min = 1, max = 10) int k,
            @ForAll @IntRange(min = 1, max = 4) int alpha, @ForAll @IntRange(min = 1, max = 4) int beta,
            @ForAll @IntRange(min = 1, max = 3) int paths, @ForAll boolean seedWithSelf) {
        // answers arrive within 0 to 7 ticks, always before the 8-tick timeout and the deadline
        Sim sim = new Sim(seed, n, 1.0, config(k, alpha, beta, 8, paths), 0, 0, Duration.ofDays(1), false, -1);
        sim.maxDelayTicks = 7;
        Lookup lookup = sim.run(seedWithSelf);

        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.COMPLETED);
        assertThat(lookup.failures()).isZero();
        List<PeerId> truth = TestPeers.trueClosest(sim.peers.subList(1, n), sim.target, k);
        assertThat(lookup.closestAnswered(k)).extracting(PeerInfo::id).containsExactlyElementsOf(truth);
    }

    @Property(tries = 100)
    void stopEndsTheLookupAtOnce(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 5) int stopAfter, @ForAll @IntRange(min = 1, max = 3) int paths) {
        Sim sim = new Sim(seed, n, 0.5, config(4, 3, 2, 8, paths), 0, 0, Duration.ofDays(1), false, stopAfter);
        Lookup lookup = sim.run(false);
        if (sim.acceptedAnswers.size() >= stopAfter) {
            assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.STOPPED);
            assertThat(sim.acceptedAnswers).hasSize(stopAfter);
            // answers after the stop are not taken
            for (PeerId p : sim.queried) {
                if (!sim.acceptedAnswers.contains(p)) {
                    assertThat(lookup.onSuccess(p, List.of(), sim.finishedAt)).isFalse();
                }
            }
        } else {
            assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.COMPLETED);
        }
    }

    @Property(tries = 100)
    void aDeadlineBeforeAnyAnswerEndsWithDeadline(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int n,
            @ForAll @IntRange(min = 1, max = 3) int paths) {
        // nobody ever answers and requests never time out before the deadline
        LookupConfig config = config(3, 2, 1, 4, paths).withRequestTimeout(Duration.ofHours(1));
        Sim sim = new Sim(seed, n, 1.0, config, 0, 1.0, Duration.ofSeconds(30), false, -1);
        Lookup lookup = sim.run(false);
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.DEADLINE);
        assertThat(sim.finishedAt).isEqualTo(sim.deadline);
        assertThat(lookup.closestAnswered(3)).isEmpty();
        assertThat(sim.queried).hasSize(Math.min(n - 1, 2 * paths));
    }

    // ------------------------------------------------------------ edge cases

    private static final LookupConfig SMALL = new LookupConfig(3, 2, 2, Duration.ofSeconds(10), 1);

    @Test
    void emptySeedsCompleteAtOnce() {
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL, List.of(), Set.of(), T0.plusSeconds(60));
        assertThat(lookup.next(T0)).isEmpty();
        assertThat(lookup.isFinished(T0)).isTrue();
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.COMPLETED);
        assertThat(lookup.nextWakeUp()).isEmpty();
        assertThat(lookup.requests()).isZero();
    }

    @Test
    void onlyExcludedSeedsCompleteAtOnce() {
        PeerInfo me = TestPeers.info(TestPeers.randomPeer(new Random(1)), 1);
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL, List.of(me), Set.of(me.id()), T0.plusSeconds(60));
        assertThat(lookup.next(T0)).isEmpty();
        assertThat(lookup.isFinished(T0)).isTrue();
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.COMPLETED);
        assertThat(lookup.peersSeen()).isZero();
    }

    @Test
    void stopEndsTheLookup() {
        List<PeerId> peers = TestPeers.randomPeers(new Random(2), 5);
        List<PeerInfo> seeds = peers.stream().map(PeerInfo::of).toList();
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL, seeds, Set.of(), T0.plusSeconds(60));
        List<PeerInfo> first = lookup.next(T0);
        assertThat(first).hasSize(2);
        lookup.stop();
        assertThat(lookup.isFinished(T0)).isTrue();
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.STOPPED);
        assertThat(lookup.next(T0)).isEmpty();
        assertThat(lookup.isAwaiting(first.getFirst().id(), T0)).isFalse();
        assertThat(lookup.onSuccess(first.getFirst().id(), List.of(), T0)).isFalse();
        lookup.stop(); // idempotent
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.STOPPED);
    }

    @Test
    void answersFromPeersNeverAskedAreIgnored() {
        List<PeerId> peers = TestPeers.randomPeers(new Random(3), 5);
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL, List.of(PeerInfo.of(peers.get(0))), Set.of(),
                T0.plusSeconds(60));
        assertThat(lookup.onSuccess(peers.get(1), List.of(), T0)).isFalse();
        assertThat(lookup.onSuccess(peers.get(0), List.of(), T0)).as("heard of, not asked yet").isFalse();
        assertThat(lookup.next(T0)).extracting(PeerInfo::id).containsExactly(peers.get(0));
        assertThat(lookup.onSuccess(peers.get(0), List.of(), T0)).isTrue();
        assertThat(lookup.onSuccess(peers.get(0), List.of(), T0)).as("already answered").isFalse();
        assertThat(lookup.onFailure(peers.get(0), T0)).isFalse();
    }

    @Test
    void aTimedOutRequestCountsAsFailedAndItsLateAnswerIsIgnored() {
        List<PeerId> peers = TestPeers.randomPeers(new Random(4), 3);
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL, List.of(PeerInfo.of(peers.get(0))), Set.of(),
                T0.plusSeconds(60));
        assertThat(lookup.next(T0)).hasSize(1);
        assertThat(lookup.nextWakeUp()).contains(T0.plusSeconds(10));
        Instant late = T0.plusSeconds(10);
        assertThat(lookup.next(late)).isEmpty();
        assertThat(lookup.failures()).isEqualTo(1);
        assertThat(lookup.onSuccess(peers.get(0), List.of(PeerInfo.of(peers.get(1))), late)).isFalse();
        assertThat(lookup.peersSeen()).isEqualTo(1);
        assertThat(lookup.isFinished(late)).isTrue();
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.COMPLETED);
        assertThat(lookup.closestAnswered(3)).isEmpty();
    }

    @Test
    void aLateAnswerIsIgnoredEvenIfNextWasNotCalledSinceTheTimeout() {
        // The doc: "A request unanswered after the request timeout counts as failed (a late answer is
        // ignored)", and onSuccess returns false if the peer "timed out". The caller passes the time.
        List<PeerId> peers = TestPeers.randomPeers(new Random(5), 3);
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL, List.of(PeerInfo.of(peers.get(0))), Set.of(),
                T0.plusSeconds(60));
        assertThat(lookup.next(T0)).hasSize(1);
        Instant late = T0.plusSeconds(11);
        assertThat(lookup.onSuccess(peers.get(0), List.of(PeerInfo.of(peers.get(1))), late)).isFalse();
        assertThat(lookup.peersSeen()).as("the late answer's peers are not followed").isEqualTo(1);
        assertThat(lookup.failures()).isEqualTo(1);
        assertThat(lookup.closestAnswered(3)).isEmpty();
    }

    @Test
    void anAnswerAfterTheDeadlineIsIgnored() {
        List<PeerId> peers = TestPeers.randomPeers(new Random(6), 3);
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), SMALL.withRequestTimeout(Duration.ofMinutes(5)),
                List.of(PeerInfo.of(peers.get(0))), Set.of(), T0.plusSeconds(60));
        assertThat(lookup.next(T0)).hasSize(1);
        assertThat(lookup.nextWakeUp()).contains(T0.plusSeconds(60));
        assertThat(lookup.onSuccess(peers.get(0), List.of(), T0.plusSeconds(61))).isFalse();
        assertThat(lookup.isFinished(T0.plusSeconds(61))).isTrue();
        assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.DEADLINE);
    }

    @Test
    void disjointPathsSpreadSeedsAndAskEachPeerOnce() {
        List<PeerId> peers = TestPeers.randomPeers(new Random(7), 9);
        List<PeerInfo> seeds = peers.subList(0, 6).stream().map(PeerInfo::of).toList();
        LookupConfig config = new LookupConfig(3, 1, 1, Duration.ofSeconds(10), 3);
        Lookup lookup = new Lookup(Key.of(new byte[] {1}), config, seeds, Set.of(), T0.plusSeconds(60));
        List<PeerInfo> first = lookup.next(T0);
        assertThat(first).as("α = 1 on each of 3 paths").hasSize(3);
        // every path names every other peer: each still goes to one path only and is asked once
        List<PeerInfo> all = peers.stream().map(PeerInfo::of).toList();
        Set<PeerId> asked = new HashSet<>(first.stream().map(PeerInfo::id).toList());
        Instant now = T0;
        for (int round = 0; round < 50 && !lookup.isFinished(now); round++) {
            now = now.plusSeconds(1);
            for (PeerId p : List.copyOf(asked)) {
                lookup.onSuccess(p, all, now);
            }
            for (PeerInfo p : lookup.next(now)) {
                assertThat(asked.add(p.id())).isTrue();
            }
            assertThat(lookup.inFlight()).isLessThanOrEqualTo(3);
        }
        assertThat(lookup.isFinished(now)).isTrue();
        assertThat(lookup.requests()).isEqualTo(asked.size());
    }
}
