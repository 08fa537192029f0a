package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.time.Instant;
import java.util.List;

/** One peer's announcement that it can provide the content under a key, and when it came in. */
public record ProviderRecord(PeerId provider, List<Multiaddr> addresses, Instant received) {
    public ProviderRecord {
        addresses = List.copyOf(addresses);
    }
}
