package io.jdht.node;

import io.jdht.kad.KadEngine;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.PeerStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's routing table across restarts: saved with the peer-store entries of its peers, put
 * back at the next start. Both run on the DHT thread; the {@link NodePersistence} does the writing
 * elsewhere.
 */
final class PeerSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** Restored peers' addresses are kept as if just disconnected; the re-check renews them. */
    private static final Duration RESTORED_ADDRESS_TTL = PeerStore.RECENTLY_CONNECTED_TTL;

    private final PeerStore store;
    private final KadEngine engine;
    private final NodePersistence persistence;

    PeerSnapshots(PeerStore store, KadEngine engine, NodePersistence persistence) {
        this.store = store;
        this.engine = engine;
        this.persistence = persistence;
    }

    /**
     * Puts the saved peers back: their entries into the peer store, the peers into the routing
     * table, where the engine re-checks them in the background. Returns how many entered the table.
     */
    int restore() {
        List<SavedPeer> saved = persistence.savedPeers();
        if (saved.isEmpty()) {
            return 0;
        }
        List<PeerInfo> peers = new ArrayList<>(saved.size());
        for (SavedPeer p : saved) {
            if (p.id().equals(engine.self())) {
                continue;
            }
            store.addAddresses(p.id(), p.addresses(), RESTORED_ADDRESS_TTL);
            p.publicKey().ifPresent(k -> {
                try {
                    store.setPublicKey(p.id(), k);
                } catch (IllegalArgumentException notItsKey) {
                    LOG.debug("the saved key of {} is not its key: {}", p.id(), notItsKey.getMessage());
                }
            });
            if (!p.protocols().isEmpty()) {
                store.setProtocols(p.id(), p.protocols());
            }
            p.agentVersion().ifPresent(a -> store.setAgentVersion(p.id(), a, store.protocolVersion(p.id()).orElse(null)));
            peers.add(new PeerInfo(p.id(), p.addresses()));
        }
        int added = engine.restorePeers(peers);
        LOG.info("restored {} of {} saved peers into the routing table; re-checking them", added, saved.size());
        return added;
    }

    /**
     * Hands a snapshot of the routing table and its peers' peer-store entries to the persistence.
     * An empty table is not saved: it says more about this node's network (down, or not started
     * yet) than about the peers, and the last snapshot makes a better start next time.
     */
    void save() {
        List<PeerInfo> table = engine.routingTable().peers();
        if (table.isEmpty()) {
            return;
        }
        List<SavedPeer> snapshot = new ArrayList<>(table.size());
        for (PeerInfo p : table) {
            List<Multiaddr> known = store.addresses(p.id());
            snapshot.add(new SavedPeer(p.id(), known.isEmpty() ? p.addresses() : known,
                    p.id().extractPublicKey().isPresent() ? Optional.empty() : store.publicKey(p.id()),
                    store.protocols(p.id()), store.agentVersion(p.id())));
        }
        persistence.savePeers(snapshot);
    }
}
