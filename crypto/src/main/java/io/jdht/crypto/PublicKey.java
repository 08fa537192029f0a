package io.jdht.crypto;

/**
 * A peer's public key. {@link #marshal()} gives the libp2p key protobuf, from which peer ids are
 * derived; {@link #verify} never throws for a malformed signature, it returns false.
 */
public sealed interface PublicKey permits Ed25519PublicKey, Secp256k1PublicKey, RsaPublicKey, EcdsaPublicKey {
    KeyType type();

    /** The key's {@code Data} field: the type-specific encoding. */
    byte[] raw();

    boolean verify(byte[] data, byte[] signature);

    /** The libp2p key protobuf. */
    default byte[] marshal() {
        return KeyEnvelope.encodePublic(type(), raw());
    }

    /** Decodes the libp2p key protobuf. */
    static PublicKey unmarshal(byte[] protobuf) {
        KeyEnvelope.Decoded d = KeyEnvelope.decodePublic(protobuf);
        return switch (d.type()) {
            case ED25519 -> Ed25519PublicKey.fromRaw(d.data());
            case SECP256K1 -> Secp256k1PublicKey.fromRaw(d.data());
            case RSA -> RsaPublicKey.fromRaw(d.data());
            case ECDSA -> EcdsaPublicKey.fromRaw(d.data());
        };
    }
}
