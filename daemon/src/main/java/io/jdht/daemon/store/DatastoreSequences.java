package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.daemon.ipns.SequenceStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** IPNS sequence numbers in the datastore's state map, one entry per name; {@link #used} returns once committed. */
final class DatastoreSequences implements SequenceStore {
    private static final String PREFIX = "ipns/sequence/";

    private final StateMap state;

    DatastoreSequences(StateMap state) {
        this.state = state;
    }

    @Override
    public long last(PeerId name) throws IOException {
        Optional<byte[]> v;
        try {
            v = state.get(PREFIX + name.toBase58());
        } catch (RuntimeException e) {
            throw new IOException("cannot read the last sequence number of " + name + ": " + e.getMessage(), e);
        }
        if (v.isEmpty()) {
            return -1;
        }
        if (v.get().length != Long.BYTES) {
            throw new IOException("the stored sequence number of " + name + " is damaged (" + v.get().length + " bytes)");
        }
        return ByteBuffer.wrap(v.get()).getLong();
    }

    @Override
    public void used(PeerId name, long sequence) throws IOException {
        try {
            state.put(PREFIX + name.toBase58(), ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        } catch (DatastoreException e) {
            throw new IOException("cannot save sequence number " + sequence + " of " + name + ": " + e.getMessage(), e);
        }
    }
}
