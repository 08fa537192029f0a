package io.jdht.node;

import io.jdht.kad.RenewalLog;
import java.util.List;

/**
 * What a node keeps across restarts besides its record, provider and block stores (which the
 * {@link Node.Builder} takes on their own): its routing table with the peer-store entries of those
 * peers, and the lists of keys it provides and records it put.
 *
 * <p>At {@link Node#start} the saved peers go back into the peer store and straight into the
 * routing table, so the node answers lookups at once; each is then re-checked in the background
 * (connect, FIND_NODE) and those that fail leave. While the node runs it saves a snapshot of its
 * routing table every few minutes and when it closes. Provided keys and put records are restored
 * when the node is built and every change to them is reported to {@link #renewalLog()}.
 *
 * <p>The node calls {@link #savePeers} and the log on its DHT thread: an implementation hands the
 * data to another thread and returns; it never writes there.
 */
public interface NodePersistence {
    /** The peers the last run saved (empty on a first start). */
    List<SavedPeer> savedPeers();

    /** Replaces the saved peers with this snapshot. Called on the DHT thread: must not block. */
    void savePeers(List<SavedPeer> peers);

    /** The provided keys the last run had, with when each was last announced. */
    List<RenewalLog.Provided> savedProvided();

    /** The records the last run had put itself, with when each was last put. */
    List<RenewalLog.Published> savedPublished();

    /** Where the engine reports changes to its provided keys and put records. */
    RenewalLog renewalLog();

    /** Keeps nothing: the default, for tests and the devnet. */
    NodePersistence NONE = new NodePersistence() {
        @Override
        public List<SavedPeer> savedPeers() {
            return List.of();
        }

        @Override
        public void savePeers(List<SavedPeer> peers) {}

        @Override
        public List<RenewalLog.Provided> savedProvided() {
            return List.of();
        }

        @Override
        public List<RenewalLog.Published> savedPublished() {
            return List.of();
        }

        @Override
        public RenewalLog renewalLog() {
            return RenewalLog.NONE;
        }
    };
}
