package io.jdht.daemon;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.record.PublicKeyValidator;
import java.security.SecureRandom;

/**
 * A record a daemon takes: a fresh key's {@code /pk/} record. A daemon, like Kubo, stores values
 * only under the namespaces it validates ({@code /pk/}, {@code /ipns/}), so tests that put values
 * put these.
 *
 * @param key the key as text ({@code /pk/<peer id>}), as the API and the CLI take it
 * @param keyBytes the key as the DHT has it ({@code /pk/} and the binary peer id)
 * @param value the public key's protobuf
 */
public record PkRecord(String key, byte[] keyBytes, byte[] value) {
    public static PkRecord fresh() {
        PrivateKey k = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        PeerId id = PeerId.fromPublicKey(k.publicKey());
        return new PkRecord("/pk/" + id, PublicKeyValidator.routingKey(id), k.publicKey().marshal());
    }
}
