package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.Lookup;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.RecordValidator;
import io.jdht.kad.record.StoredRecord;
import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KadEngine#getValue}: gathers valid records from this node's store and a GET_VALUE
 * lookup, selects the best, keeps it here and corrects the peers that returned a worse one. Runs
 * on the DHT executor, as the engine does; the lookups are the engine's.
 */
final class ValueLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ValueLookup.class);

    private final KadEngine engine;
    private final PeerId self;
    private final Scheduler scheduler;
    private final LocalData local;
    private final RecordValidator validator;
    private final TimedRequests requests;

    ValueLookup(KadEngine engine, Scheduler scheduler, LocalData local, RecordValidator validator,
            TimedRequests requests) {
        this.engine = engine;
        this.self = engine.self();
        this.scheduler = scheduler;
        this.local = local;
        this.validator = validator;
        this.requests = requests;
    }

    /** See {@link KadEngine#getValue(byte[], Duration, int, QueryListener)}. */
    CompletableFuture<byte[]> getValue(byte[] key, Duration timeout, int quorum, QueryListener listener) {
        if (quorum < 0) {
            return CompletableFuture.failedFuture(new DhtException.InvalidArgument("quorum must not be negative, not " + quorum));
        }
        Instant now = scheduler.now();
        Map<PeerId, byte[]> values = new LinkedHashMap<>();
        Optional<StoredRecord> held = local.record(key, now);
        held.ifPresent(r -> {
            values.put(self, r.value());
            listener.onEvent(new QueryEvent.Value(self, r.value()));
        });
        if (engine.routingTableSize() == 0) {
            return held.map(r -> CompletableFuture.completedFuture(r.value()))
                    .orElseGet(() -> CompletableFuture.failedFuture(new DhtException.NoPeers(
                            "get " + KadEngine.hex(key) + ": no record here and no peers in the routing table to ask")));
        }
        int[] invalid = new int[1];
        Operation op = new Operation(scheduler, listener, timeout);
        Lookup lookup = engine.newLookup(key, op);
        return op.result(engine.run(lookup, op, KadMessage.getValue(key), listener, (from, answer, l) -> {
            answer.record().ifPresent(r -> {
                if (!Arrays.equals(r.key(), key)) {
                    invalid[0]++;
                    return;
                }
                try {
                    validator.validate(key, r.value(), scheduler.now());
                    values.put(from.id(), r.value());
                    listener.onEvent(new QueryEvent.Value(from.id(), r.value()));
                    if (quorum > 0 && values.size() >= quorum) {
                        l.stop();
                    }
                } catch (InvalidRecordException e) {
                    invalid[0]++;
                    LOG.debug("{} returned an invalid record for {}: {}", from.id(), KadEngine.hex(key), e.getMessage());
                }
            });
            return answer.closerPeers();
        }).thenApply(l -> {
            if (values.isEmpty()) {
                String why = invalid[0] > 0 ? " (" + invalid[0] + " invalid records were ignored)" : "";
                throw KadEngine.failure("record for key " + KadEngine.hex(key) + why, l);
            }
            List<PeerId> holders = new ArrayList<>(values.keySet());
            List<byte[]> candidates = holders.stream().map(values::get).toList();
            byte[] best = candidates.get(validator.select(key, candidates));
            correct(key, best, values, l);
            local.updateLocal(key, best, self, scheduler.now());
            return best;
        }));
    }

    /**
     * Sends the best record to the peers that answered with a different one. Not part of the
     * operation: the answer is already the caller's, and each correction has the request timeout.
     */
    private void correct(byte[] key, byte[] best, Map<PeerId, byte[]> values, Lookup lookup) {
        values.forEach((peer, value) -> {
            if (peer.equals(self) || Arrays.equals(value, best)) {
                return;
            }
            PeerInfo target = lookup.heardOf(peer).orElse(PeerInfo.of(peer));
            requests.request(target, KadMessage.putValue(key, best)).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("could not correct the record at {}: {}", peer, QueryRun.describe(error));
                }
            });
        });
    }
}
