/**
 * The multiformats: self-describing encodings that IPFS and libp2p use everywhere.
 *
 * <ul>
 *   <li>{@link io.jdht.multiformats.Varint}: unsigned LEB128 integers, at most nine bytes,
 *       minimally encoded.
 *   <li>{@link io.jdht.multiformats.Multibase}: text whose first character names its base
 *       (base58btc, base32, base36, base64, …). Bases that are powers of two pack bits as RFC 4648
 *       does; the others treat the input as one big number and keep leading zero bytes as leading
 *       zero digits.
 *   <li>{@link io.jdht.multiformats.Multihash}: a digest tagged with its hash function and length,
 *       possibly truncated; the identity "hash" carries data inline (small public keys).
 *   <li>{@link io.jdht.multiformats.Cid}: content identifiers, v0 (bare sha2-256 multihash) and v1
 *       (version, content codec, multihash).
 *   <li>{@link io.jdht.multiformats.Multiaddr}: network addresses as protocol paths, in text and
 *       binary forms.
 * </ul>
 *
 * <p>Every decoder here bounds its input and throws
 * {@link io.jdht.multiformats.InvalidMultiformatException} with a message that names the format and
 * the fault; none returns partial results.
 */
package io.jdht.multiformats;
