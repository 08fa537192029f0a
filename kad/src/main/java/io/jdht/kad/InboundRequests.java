package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.routing.IpGroups;
import io.jdht.kad.routing.RoutingTable;
import io.jdht.kad.wire.KadMessage;
import io.jdht.kad.wire.KadMessage.DhtRecord;
import io.jdht.multiformats.Multiaddr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The answers this node gives to other peers' DHT requests. */
final class InboundRequests {
    private final PeerId self;
    private final KadConfig config;
    private final KadNetwork network;
    private final Scheduler scheduler;
    private final RoutingTable table;
    private final LocalData local;

    InboundRequests(PeerId self, KadConfig config, KadNetwork network, Scheduler scheduler, RoutingTable table,
            LocalData local) {
        this.self = self;
        this.config = config;
        this.network = network;
        this.scheduler = scheduler;
        this.table = table;
        this.local = local;
    }

    /**
     * Answers one request from {@code from}. Empty for ADD_PROVIDER, which is never answered (a
     * reply would be read as the answer to the sender's next request on a reused stream).
     *
     * @throws InvalidRecordException if a PUT_VALUE carries a record that fails validation; the
     *     caller closes the stream, as go does
     */
    Optional<KadMessage> handle(PeerInfo from, KadMessage request) throws InvalidRecordException {
        Instant now = scheduler.now();
        return switch (request.type()) {
            case FIND_NODE -> Optional.of(request.answer(Optional.empty(), findNodeAnswer(from.id(), request.key()), List.of()));
            case PING -> Optional.of(request.answer(Optional.empty(), List.of(), List.of()));
            case GET_VALUE -> Optional.of(request.answer(local.record(request.key(), now)
                    .map(r -> new DhtRecord(r.key(), r.value(), "")), closerPeers(from.id(), request.key()), List.of()));
            case PUT_VALUE -> {
                DhtRecord record = request.record().orElseThrow(
                        () -> new InvalidRecordException("PUT_VALUE without a record"));
                if (!Arrays.equals(record.key(), request.key())) {
                    throw new InvalidRecordException("PUT_VALUE record key differs from the message key");
                }
                local.storeIfBetter(request.key(), record.value(), from.id(), now);
                yield Optional.of(request);
            }
            case ADD_PROVIDER -> {
                local.addProviders(from, request, now);
                yield Optional.empty();
            }
            case GET_PROVIDERS -> Optional.of(request.answer(Optional.empty(), closerPeers(from.id(), request.key()),
                    local.providerPeers(request.key(), now)));
        };
    }

    private List<PeerInfo> findNodeAnswer(PeerId asker, byte[] key) {
        List<PeerInfo> closer = new ArrayList<>(closerPeers(asker, key));
        // The target itself goes first when known: Kubo's lookup check and `dht query` rely on it.
        try {
            PeerId target = PeerId.fromBytes(key);
            if (target.equals(self)) {
                List<Multiaddr> own = network.selfAddresses();
                if (!own.isEmpty()) {
                    closer.addFirst(new PeerInfo(self, own));
                }
            } else if (!target.equals(asker) && closer.stream().noneMatch(p -> p.id().equals(target))) {
                // never tell a peer about itself (every node looks itself up when it bootstraps)
                List<Multiaddr> addrs = network.addressesOf(target);
                if (!addrs.isEmpty() && (table.contains(target) || network.isConnected(target))) {
                    closer.addFirst(new PeerInfo(target, addrs));
                }
            }
        } catch (IllegalArgumentException notAPeerId) {
            // keys of FIND_NODE are usually peer ids, but random refresh keys are not
        }
        return closer;
    }

    /** The k closest peers to a key from the table, not the asker, each with its addresses. */
    private List<PeerInfo> closerPeers(PeerId asker, byte[] key) {
        List<PeerInfo> out = new ArrayList<>(config.k());
        for (PeerInfo p : table.closest(Key.of(key), config.k() + 1)) {
            if (p.id().equals(asker) || out.size() >= config.k()) {
                continue;
            }
            List<Multiaddr> addrs = p.addresses().isEmpty() ? network.addressesOf(p.id()) : p.addresses();
            if (config.publicAddressesOnly()) {
                addrs = IpGroups.publicOnly(addrs);
            }
            if (!addrs.isEmpty()) {
                out.add(new PeerInfo(p.id(), addrs));
            }
        }
        return out;
    }
}
