package io.jdht.crypto;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.InvalidMultiformatException;
import io.jdht.multiformats.Multibase;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.util.Optional;

/**
 * A peer's identity: a multihash of its marshalled public key. Keys of at most 42 bytes (Ed25519,
 * secp256k1) are inlined with the identity "hash", so the key can be read back from the id; longer
 * ones (RSA, ECDSA) are hashed with sha2-256.
 *
 * <p>Text forms: base58btc of the multihash ({@code 12D3KooW…} for Ed25519, {@code Qm…} for hashed
 * keys), and a CIDv1 with the {@code libp2p-key} codec in any multibase ({@code k51…} in base36,
 * as IPNS names are written).
 *
 * @param multihash identity or sha2-256 multihash of the public key protobuf
 */
public record PeerId(Multihash multihash) {
    /** Keys this long or shorter are inlined rather than hashed. */
    public static final int MAX_INLINE_KEY_LENGTH = 42;

    public PeerId {
        int code = multihash.code();
        if (code == Multicodec.SHA2_256) {
            if (multihash.digest().length != 32) {
                throw new InvalidMultiformatException("a sha2-256 peer id has a 32-byte digest");
            }
        } else if (code != Multicodec.IDENTITY) {
            throw new InvalidMultiformatException(
                    "a peer id is an identity or sha2-256 multihash, not code 0x" + Integer.toHexString(code));
        } else if (multihash.digest().length > MAX_INLINE_KEY_LENGTH) {
            throw new InvalidMultiformatException("an identity peer id inlines at most " + MAX_INLINE_KEY_LENGTH + " bytes");
        }
    }

    public static PeerId fromPublicKey(PublicKey key) {
        byte[] marshalled = key.marshal();
        return new PeerId(marshalled.length <= MAX_INLINE_KEY_LENGTH
                ? Multihash.identity(marshalled)
                : Multihash.sha2_256(marshalled));
    }

    /** Parses {@code Qm…} / {@code 12D3…} (base58btc multihash) or a CIDv1 libp2p-key in any multibase. */
    public static PeerId parse(String text) {
        if (text.isEmpty()) {
            throw new InvalidMultiformatException("peer id is empty");
        }
        if (text.startsWith("Qm") || text.startsWith("1")) {
            return fromBytes(Multibase.BASE58BTC.decodeRaw(text));
        }
        Cid cid = Cid.parse(text);
        if (cid.codec() != Multicodec.LIBP2P_KEY) {
            throw new InvalidMultiformatException("'" + text + "' is a CID but its codec is not libp2p-key");
        }
        return new PeerId(cid.hash());
    }

    /** From the binary multihash. */
    public static PeerId fromBytes(byte[] bytes) {
        return new PeerId(Multihash.decode(bytes));
    }

    public byte[] toBytes() {
        return multihash.toBytes();
    }

    public String toBase58() {
        return multihash.toBase58();
    }

    /** The CIDv1 form in base36, e.g. {@code k51qzi5uqu5d…}. */
    public String toCidString() {
        return Cid.v1(Multicodec.LIBP2P_KEY, multihash).toString(Multibase.BASE36);
    }

    /** The public key inlined in an identity id; empty for hashed ids or undecodable content. */
    public Optional<PublicKey> extractPublicKey() {
        if (multihash.code() != Multicodec.IDENTITY) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicKey.unmarshal(multihash.digest()));
        } catch (KeyFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code key} is this peer's key. */
    public boolean matches(PublicKey key) {
        return equals(fromPublicKey(key));
    }

    @Override
    public String toString() {
        return toBase58();
    }
}
