package io.jdht.daemon.ipns;

import io.jdht.crypto.PeerId;
import java.io.IOException;

/**
 * The last IPNS sequence number this node used per name. Kept in the datastore, so a restarted
 * daemon never publishes a record with a lower number than one it published before (peers would
 * keep the old record).
 */
public interface SequenceStore {
    /** The last sequence number published for a name, or -1 if none. */
    long last(PeerId name) throws IOException;

    /** Records that {@code sequence} was used for a name; durable when this returns. */
    void used(PeerId name, long sequence) throws IOException;
}
