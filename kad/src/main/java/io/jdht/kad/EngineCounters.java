package io.jdht.kad;

import io.jdht.kad.wire.KadMessage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what an engine has done, for metrics: inbound requests by type, and the progress of the
 * latest reprovide and republish rounds. Plain numbers, touched on the DHT thread only; a node
 * copies them out ({@link #snapshot}) on that thread.
 */
public final class EngineCounters {
    private final EnumMap<KadMessage.MessageType, Long> inbound = new EnumMap<>(KadMessage.MessageType.class);
    private final Map<String, Renewal> renewals = new java.util.HashMap<>();

    /** The progress of one renewal round (reprovide or republish). */
    public record Renewal(Instant started, int total, int done, int failed) {
        public boolean finished() {
            return done + failed >= total;
        }
    }

    /** A copy of the counters. */
    public record Snapshot(Map<KadMessage.MessageType, Long> inbound, Optional<Renewal> reprovide, Optional<Renewal> republish) {}

    void inbound(KadMessage.MessageType type) {
        inbound.merge(type, 1L, Long::sum);
    }

    void renewalStarted(String what, Instant at, int keys) {
        renewals.put(what, new Renewal(at, keys, 0, 0));
    }

    void renewalEnded(String what, boolean ok) {
        renewals.computeIfPresent(what, (k, r) -> ok
                ? new Renewal(r.started(), r.total(), r.done() + 1, r.failed())
                : new Renewal(r.started(), r.total(), r.done(), r.failed() + 1));
    }

    public Snapshot snapshot() {
        return new Snapshot(Map.copyOf(inbound), Optional.ofNullable(renewals.get("reprovide")),
                Optional.ofNullable(renewals.get("republish")));
    }
}
