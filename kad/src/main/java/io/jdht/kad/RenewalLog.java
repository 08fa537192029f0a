package io.jdht.kad;

import java.time.Instant;

/**
 * The engine's account of what it renews: the keys this node provides (announced again every
 * reprovide interval) and the records it put itself (put again every republish interval). The
 * engine reports each change here, on its DHT thread, so that the lists can be kept somewhere that
 * outlives the process and handed back with {@link KadEngine#restoreRenewals} at the next start.
 * An implementation must return quickly: it hands the change on and writes elsewhere.
 */
public interface RenewalLog {
    /** The node announced itself as a provider of the multihash at {@code at} (first time or renewal). */
    void provided(byte[] multihash, Instant at);

    /** The node put this record under the key at {@code at} (first time or renewal). */
    void published(byte[] key, byte[] value, Instant at);

    /** The record under the key is no longer the node's to renew (a better one superseded it). */
    void unpublished(byte[] key);

    /** A provided key as saved: the multihash and when it was last announced. */
    record Provided(byte[] multihash, Instant at) {}

    /** A put record as saved: key, value, and when it was last put. */
    record Published(byte[] key, byte[] value, Instant at) {}

    RenewalLog NONE = new RenewalLog() {
        @Override
        public void provided(byte[] multihash, Instant at) {}

        @Override
        public void published(byte[] key, byte[] value, Instant at) {}

        @Override
        public void unpublished(byte[] key) {}
    };
}
