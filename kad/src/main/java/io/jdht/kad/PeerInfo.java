package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;

/** A peer and the addresses it can be dialled at (possibly none, when they are not known). */
public record PeerInfo(PeerId id, List<Multiaddr> addresses) {
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        addresses = List.copyOf(addresses);
    }

    public static PeerInfo of(PeerId id) {
        return new PeerInfo(id, List.of());
    }

    @Override
    public String toString() {
        return id + " " + addresses;
    }
}
