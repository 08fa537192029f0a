/**
 * Noise XX ({@code Noise_XX_25519_ChaChaPoly_SHA256}) as libp2p uses it to secure connections.
 *
 * <p>Three messages: the initiator sends an ephemeral key; the responder answers with its
 * ephemeral key, its encrypted static key and its libp2p identity payload; the initiator sends its
 * encrypted static key and payload. A payload carries the libp2p identity key and its signature over
 * {@code "noise-libp2p-static-key:"} followed by the Noise static key, which proves that the holder
 * of the identity also holds the static key. Both sides then split the chaining key into one
 * ChaCha20-Poly1305 key per direction.
 *
 * <p>Implementation notes: the protocol core ({@code XXHandshake}, {@code SymmetricState},
 * {@code CipherState}) is pure and uses only JDK crypto; the Netty handlers frame messages with a
 * 2-byte length (at most 65535 bytes), and the transport encoder gathers the writes of one flush
 * into as few frames as possible, because a frame's fixed costs (the 16-byte tag, a cipher set-up)
 * dominate for the many small writes a multiplexer makes.
 */
package io.jdht.net.noise;
