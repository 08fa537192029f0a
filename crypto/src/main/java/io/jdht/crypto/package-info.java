/**
 * libp2p identities: keys and peer ids.
 *
 * <p>A key travels in a small protobuf ({@code Type}, {@code Data}); {@code Data} is the key in its
 * type's usual encoding (raw 32 bytes for Ed25519, a compressed point for secp256k1, DER for RSA
 * and ECDSA). A peer id is a multihash of that protobuf: inline when it is at most 42 bytes, so an
 * Ed25519 peer's key can be read from its id, sha2-256 otherwise.
 *
 * <p>Signatures: Ed25519 signs the data itself; secp256k1, RSA (PKCS#1 v1.5) and ECDSA sign its
 * SHA-256. Verification never throws on a malformed signature; it returns false. Decoding bounds
 * the input and throws {@link io.jdht.crypto.KeyFormatException} naming what was wrong.
 *
 * <p>Implementation notes: Ed25519 and secp256k1 use BouncyCastle's low-level API (no global
 * provider registration); RSA and ECDSA use the JDK, with BouncyCastle's ASN.1 classes for the
 * PKCS#1 and SEC 1 private key encodings the JDK does not read.
 */
package io.jdht.crypto;
