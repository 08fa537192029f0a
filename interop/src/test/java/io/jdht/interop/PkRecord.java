package io.jdht.interop;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.record.PublicKeyValidator;
import java.security.SecureRandom;

/**
 * A record every node takes: a fresh key's {@code /pk/} record. Nodes store values only under the
 * namespaces they validate ({@code /pk/}, {@code /ipns/}), so the tests that put values put these.
 *
 * @param key the key as the CLI takes it ({@code /pk/<peer id>})
 * @param keyBytes the key as the DHT has it
 * @param value the public key's protobuf
 */
record PkRecord(String key, byte[] keyBytes, byte[] value) {
    static PkRecord fresh() {
        PrivateKey k = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        PeerId id = PeerId.fromPublicKey(k.publicKey());
        return new PkRecord("/pk/" + id, PublicKeyValidator.routingKey(id), k.publicKey().marshal());
    }
}
