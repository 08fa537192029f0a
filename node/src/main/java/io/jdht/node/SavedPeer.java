package io.jdht.node;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A routing-table peer as a node saves it for its next start: what the peer store knew of it.
 *
 * @param publicKey only for keys the peer id does not hold itself (RSA, large ECDSA)
 */
public record SavedPeer(PeerId id, List<Multiaddr> addresses, Optional<PublicKey> publicKey, Set<String> protocols,
        Optional<String> agentVersion) {
    public SavedPeer {
        Objects.requireNonNull(id, "id");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(publicKey, "publicKey");
        protocols = Set.copyOf(protocols);
        Objects.requireNonNull(agentVersion, "agentVersion");
    }
}
