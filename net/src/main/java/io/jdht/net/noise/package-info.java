/**
 * Noise XX ({@code Noise_XX_25519_ChaChaPoly_SHA256}) as libp2p uses it to secure a connection:
 * the protocol agreed on as {@code /noise} by multistream-select.
 *
 * <h2>The XX pattern</h2>
 * Each side has two X25519 key pairs: an ephemeral one, new for every handshake, and a "static"
 * one (in libp2p also new per session, because the libp2p identity, not the static key, is what
 * identifies a peer). Three messages:
 * <pre>
 *   initiator → responder:  e                 its ephemeral public key, in clear
 *   responder → initiator:  e, ee, s, es      its ephemeral key; its static key and payload, encrypted
 *   initiator → responder:  s, se             its static key and payload, encrypted
 * </pre>
 * Each {@code ee}, {@code es}, {@code se} token is a Diffie-Hellman between one side's and the
 * other side's key (e = ephemeral, s = static; the first letter is the initiator's key) whose result
 * is mixed into a chaining key with HKDF. Everything sent is also hashed into a running transcript
 * hash, which is the associated data of every handshake encryption, so any change to an earlier
 * message makes the next decryption fail. After message 2 the initiator knows the responder holds
 * its static key (it could decrypt using {@code es}); after message 3 the responder knows the same
 * of the initiator. The final chaining key is split into two ChaCha20-Poly1305 keys, one per
 * direction, each used with a message counter as nonce.
 *
 * <h2>The libp2p payload</h2>
 * Noise proves possession of the static keys but says nothing about who owns them. Messages 2 and 3
 * therefore carry a {@code NoiseHandshakePayload} protobuf: the sender's libp2p identity public key
 * and that identity's signature over the bytes {@code "noise-libp2p-static-key:"} followed by the
 * sender's 32-byte Noise static public key. The receiver checks the signature against the static
 * key the handshake delivered and derives the remote PeerId from the identity key; a dialler that
 * meant to reach a particular PeerId refuses any other. Message 1 carries no payload (it is not
 * encrypted). The payload's optional extensions (stream muxers, WebTransport hashes) are neither
 * sent nor used here.
 *
 * <h2>Wire format</h2>
 * Every message, handshake or transport, is a 2-byte big-endian length and at most 65535 bytes.
 * A transport message is a ChaCha20-Poly1305 ciphertext with its 16-byte tag, so it carries at
 * most 65519 bytes of plaintext; nothing else (no type, no nonce) is on the wire.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>The protocol core ({@code XXHandshake}, Noise's HandshakeState for this one pattern, on
 *       {@code SymmetricState} and {@code CipherState}) is pure: no Netty, no I/O, keys passed in,
 *       JDK crypto (ChaCha20-Poly1305, HmacSHA256, SHA-256) except X25519, which is BouncyCastle's
 *       RFC 7748 code: about twice as fast as the JDK's XDH, and a handshake does five X25519
 *       operations per side. It is checked against the cacophony test vector for this protocol
 *       name and against RFC vectors.
 *   <li>An all-zero X25519 shared secret (a low-order remote key) is refused.
 *   <li>Nonces: 4 zero bytes then the little-endian counter. A failed decryption does not use up a
 *       nonce; the reserved value 2^64 − 1 is never used, so a session that got that far must end.
 *   <li>{@link io.jdht.net.noise.NoiseHandshakeHandler} runs the handshake, then replaces itself
 *       with {@link io.jdht.net.noise.NoiseTransportCodec}; bytes that came in the same read as the
 *       last handshake message are handed to the codec. The outcome is a
 *       {@link io.jdht.net.noise.SecureSession} future and user event.
 *   <li>The transport encoder gathers the writes of one flush and cuts them into as few frames as
 *       possible: a multiplexer makes many small writes, and each frame costs a tag and a cipher
 *       set-up. Full frames are sealed at once, so at most one frame of plaintext waits for flush.
 *       The JDK's array methods are used for ChaCha20-Poly1305 because its intrinsics work on arrays:
 *       a frame spread over several buffers is encrypted piece by piece (the cipher streams), not
 *       gathered first; the decoder gathers off-heap reads as a composite and copies each frame's
 *       ciphertext once, into the buffer it then decrypts in place.
 *   <li>Any failure is a {@link io.jdht.net.noise.NoiseException} and closes the connection: during
 *       the handshake it fails the future; afterwards the decoder fires it down the pipeline before
 *       closing, since after a bad frame the two sides' nonces no longer agree.
 * </ul>
 */
package io.jdht.net.noise;
