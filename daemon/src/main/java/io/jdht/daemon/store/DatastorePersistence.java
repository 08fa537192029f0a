package io.jdht.daemon.store;

import io.jdht.kad.RenewalLog;
import io.jdht.node.NodePersistence;
import io.jdht.node.SavedPeer;
import java.util.List;

/**
 * A node's routing table and renewal lists in the datastore. What the last run saved is read once,
 * at open; snapshots and renewals go to the writer. A snapshot replaces the previous one whole:
 * the table is a few thousand peers at most, so rewriting it is cheap and leaves no stale peers.
 */
final class DatastorePersistence implements NodePersistence {
    private final Writer writer;
    private final Maps maps;
    private final List<SavedPeer> savedPeers;
    private final List<RenewalLog.Provided> savedProvided;
    private final List<RenewalLog.Published> savedPublished;
    private final RenewalLog log;

    DatastorePersistence(Writer writer, Maps maps, Loader.Saved saved) {
        this.writer = writer;
        this.maps = maps;
        this.savedPeers = saved.peers();
        this.savedProvided = saved.provided();
        this.savedPublished = saved.published();
        this.log = new RenewalJournal(writer, maps);
    }

    @Override
    public List<SavedPeer> savedPeers() {
        return savedPeers;
    }

    @Override
    public void savePeers(List<SavedPeer> peers) {
        List<SavedPeer> snapshot = List.copyOf(peers);
        writer.submit(() -> {
            maps.peers.clear();
            for (SavedPeer p : snapshot) {
                maps.peers.put(p.id().toBytes(), Codec.peer(p));
            }
        });
    }

    @Override
    public List<RenewalLog.Provided> savedProvided() {
        return savedProvided;
    }

    @Override
    public List<RenewalLog.Published> savedPublished() {
        return savedPublished;
    }

    @Override
    public RenewalLog renewalLog() {
        return log;
    }
}
