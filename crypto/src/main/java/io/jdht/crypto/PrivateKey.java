package io.jdht.crypto;

import java.security.SecureRandom;

/** A private key: this node's identity. Signing follows the libp2p rules for each key type. */
public sealed interface PrivateKey permits Ed25519PrivateKey, Secp256k1PrivateKey, RsaPrivateKey, EcdsaPrivateKey {
    KeyType type();

    PublicKey publicKey();

    byte[] sign(byte[] data);

    /** The key's {@code Data} field. */
    byte[] raw();

    /** The libp2p private key protobuf. */
    default byte[] marshal() {
        return KeyEnvelope.encodePrivate(type(), raw());
    }

    static PrivateKey unmarshal(byte[] protobuf) {
        KeyEnvelope.Decoded d = KeyEnvelope.decodePrivate(protobuf);
        return switch (d.type()) {
            case ED25519 -> Ed25519PrivateKey.fromRaw(d.data());
            case SECP256K1 -> Secp256k1PrivateKey.fromRaw(d.data());
            case RSA -> RsaPrivateKey.fromRaw(d.data());
            case ECDSA -> EcdsaPrivateKey.fromRaw(d.data());
        };
    }

    /** A new key; RSA keys are 2048 bits, ECDSA keys are on P-256. */
    static PrivateKey generate(KeyType type, SecureRandom random) {
        return switch (type) {
            case ED25519 -> Ed25519PrivateKey.generate(random);
            case SECP256K1 -> Secp256k1PrivateKey.generate(random);
            case RSA -> RsaPrivateKey.generate(2048, random);
            case ECDSA -> EcdsaPrivateKey.generate(random);
        };
    }
}
