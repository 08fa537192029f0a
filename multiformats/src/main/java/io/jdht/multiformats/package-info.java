/**
 * The multiformats: self-describing encodings that IPFS and libp2p use everywhere. Each value
 * carries a small tag saying how to read the rest, so formats can change without breaking old data.
 *
 * <ul>
 *   <li>{@link io.jdht.multiformats.Varint}: the unsigned integer every other format uses for its
 *       tags and lengths. Seven bits per byte, least significant group first, the top bit of each
 *       byte saying "more follows". The spec allows at most nine bytes (63 bits) and only the
 *       shortest encoding of a value, so every number has exactly one byte form.
 *   <li>{@link io.jdht.multiformats.Multibase}: text whose first character names its alphabet
 *       ({@code z} base58btc, {@code b} base32, {@code k} base36, {@code m} base64, and 19 more,
 *       including the emoji alphabet whose prefix is 🚀). Bases that are powers of two pack bits
 *       as RFC 4648 does; base10, base36 and base58 read the data as one big number and write one
 *       zero digit for each leading zero byte, so those bytes survive. The case-insensitive bases
 *       (base16, base32*, base36) accept either case when decoding.
 *   <li>{@link io.jdht.multiformats.Multicodec}: the shared table of numeric codes. One number space
 *       names hash functions (inside multihashes), content types (inside CIDs) and multiaddr
 *       protocols ({@link io.jdht.multiformats.MultiaddrProtocol}); a code means the same thing
 *       wherever it appears.
 *   <li>{@link io.jdht.multiformats.Multihash}: {@code varint(function) varint(length) digest}. The
 *       length may be shorter than the function's output (a truncated digest). The identity
 *       "function" stores the data itself, which is how small public keys become peer ids. Decoding
 *       accepts digests of at most 128 bytes.
 *   <li>{@link io.jdht.multiformats.Cid}: a content identifier. Version 0 is a bare sha2-256
 *       multihash, always of dag-pb data and always written in base58btc without a prefix
 *       ({@code Qm…}, 46 characters). Version 1 is {@code varint(1) varint(content codec)
 *       multihash}, written in any multibase (base32 {@code bafy…} by default; libp2p keys are
 *       often shown in base36, {@code k51…}).
 *   <li>{@link io.jdht.multiformats.Multiaddr}: a network address as a path of protocols, each with
 *       its value, outermost first: {@code /ip4/192.0.2.1/tcp/4001/p2p/12D3…}. In binary each
 *       component is its protocol's varint code, then its value: fixed-size values (an IPv4 address,
 *       a port) are written as is, the others (names, peer ids, paths) with a varint length
 *       first. A path protocol ({@code /unix}) swallows the rest of the text, so nothing may follow
 *       it.
 * </ul>
 *
 * <p>Every decoder here bounds its input ({@code Varint.MAX_BYTES}, {@code
 * Multihash.MAX_DIGEST_LENGTH}, {@code Multiaddr.MAX_LENGTH}, and 65536 characters for the
 * big-number bases, whose decoding time grows with the square of the length) and throws
 * {@link io.jdht.multiformats.InvalidMultiformatException}, an {@code IllegalArgumentException},
 * with a message that names the format and the fault; none returns a partial result. Values are
 * checked when they are built, not only when they are decoded, so every value in hand can be
 * printed and read back to itself.
 */
package io.jdht.multiformats;
