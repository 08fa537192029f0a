package io.jdht.net.host;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which connections to close when a host has more than its high watermark: enough to come down to
 * the low watermark, chosen among those that are neither protected nor inside their grace period.
 * Idle connections (no open stream) go first; among equals the youngest goes first, since a
 * connection that has lasted is more likely to be a stable, useful peer than a stranger that just
 * arrived, and a flood of fresh connections is what trimming exists to shed.
 */
final class TrimPolicy {
    private TrimPolicy() {}

    static List<Connection> choose(List<Connection> open, ConnectionLimits limits,
            Predicate<Connection> isProtected, Instant now) {
        if (open.size() <= limits.highWater()) {
            return List.of();
        }
        int surplus = open.size() - limits.lowWater();
        Duration grace = limits.gracePeriod();
        // stream counts change under our feet: read each once, so the sort sees fixed keys
        return open.stream()
                .filter(c -> !isProtected.test(c))
                .filter(c -> !c.openedAt().plus(grace).isAfter(now))
                .map(c -> new Candidate(c, c.streamCount() > 0))
                .sorted(Comparator.comparing(Candidate::busy)
                        .thenComparing(cand -> cand.connection().openedAt(), Comparator.reverseOrder()))
                .limit(surplus)
                .map(Candidate::connection)
                .toList();
    }

    private record Candidate(Connection connection, boolean busy) {}
}
