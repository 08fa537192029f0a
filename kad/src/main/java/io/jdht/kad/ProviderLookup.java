package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.Lookup;
import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link KadEngine#findProviders}: the providers this node holds, then those a GET_PROVIDERS
 * lookup finds, until enough are known. Runs on the DHT executor, as the engine does; the lookups
 * are the engine's.
 */
final class ProviderLookup {
    private final KadEngine engine;
    private final PeerId self;
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final LocalData local;

    ProviderLookup(KadEngine engine, KadNetwork network, Scheduler scheduler, LocalData local) {
        this.engine = engine;
        this.self = engine.self();
        this.network = network;
        this.scheduler = scheduler;
        this.local = local;
    }

    /** See {@link KadEngine#findProviders(byte[], int, Duration, QueryListener)}. */
    CompletableFuture<List<PeerInfo>> findProviders(byte[] multihash, int max, Duration timeout, QueryListener listener) {
        if (max < 1) {
            return CompletableFuture.failedFuture(new DhtException.InvalidArgument(
                    "maxNumProviders must be greater than 0, not " + max));
        }
        Map<PeerId, PeerInfo> found = new LinkedHashMap<>();
        for (PeerInfo p : local.providerPeers(multihash, scheduler.now())) {
            if (found.size() < max) {
                found.put(p.id(), p);
                listener.onEvent(new QueryEvent.Provider(self, p));
            }
        }
        if (found.size() >= max) {
            return CompletableFuture.completedFuture(List.copyOf(found.values()));
        }
        if (engine.routingTableSize() == 0) {
            return found.isEmpty()
                    ? CompletableFuture.failedFuture(new DhtException.NoPeers(
                            "findProvs " + KadEngine.hex(multihash) + ": no peers in the routing table to ask"))
                    : CompletableFuture.completedFuture(List.copyOf(found.values()));
        }
        Operation op = new Operation(scheduler, listener, timeout);
        Lookup lookup = engine.newLookup(multihash, op);
        return op.result(engine.run(lookup, op, KadMessage.getProviders(multihash), listener, (from, answer, l) -> {
            for (PeerInfo p : answer.providerPeers()) {
                if (found.size() < max && !found.containsKey(p.id())) {
                    if (!p.addresses().isEmpty()) {
                        network.learnAddresses(p);
                    }
                    found.put(p.id(), p);
                    listener.onEvent(new QueryEvent.Provider(from.id(), p));
                }
            }
            if (found.size() >= max) {
                l.stop();
            }
            return answer.closerPeers();
        }).thenApply(l -> {
            if (found.isEmpty()) {
                throw KadEngine.failure("providers of " + KadEngine.hex(multihash), l);
            }
            return List.copyOf(found.values());
        }));
    }
}
