package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A value record as this node holds it: key, value, when it was received (for expiry), and the
 * peer whose PUT_VALUE stored it (for that peer's quota). The publisher is empty when it is not
 * known, as for a record kept by an earlier version; such a record counts toward the store's
 * totals only.
 */
public record StoredRecord(byte[] key, byte[] value, Instant received, Optional<PeerId> publisher) {
    public StoredRecord {
        Objects.requireNonNull(publisher, "publisher");
    }

    /** A record of no known publisher. */
    public StoredRecord(byte[] key, byte[] value, Instant received) {
        this(key, value, received, Optional.empty());
    }

    /** A record stored by {@code publisher}. */
    public StoredRecord(byte[] key, byte[] value, Instant received, PeerId publisher) {
        this(key, value, received, Optional.of(publisher));
    }
}
