package io.jdht.net.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.crypto.PublicKey;
import io.jdht.net.noise.pb.NoiseProto.NoiseHandshakePayload;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The libp2p payload inside Noise messages 2 and 3: the sender's identity key and its signature
 * over {@code "noise-libp2p-static-key:" || noise static public key}. This binds the Noise session
 * to a libp2p identity: whoever holds the static key's private half also holds the identity.
 *
 * <p>We send no extensions (the stream-muxer list is optional, and we negotiate the muxer with
 * multistream-select afterwards); received extensions, known or not, are ignored.
 */
final class HandshakePayload {
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

    private HandshakePayload() {}

    /** The payload proving that {@code identity} owns the Noise static key {@code noiseStaticPublicKey}. */
    static byte[] create(PrivateKey identity, byte[] noiseStaticPublicKey) {
        return NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identity.publicKey().marshal()))
                .setIdentitySig(ByteString.copyFrom(identity.sign(signedBytes(noiseStaticPublicKey))))
                .build()
                .toByteArray();
    }

    /**
     * Checks a received payload against the static key the remote used in the handshake and, if
     * given, the peer we meant to reach; returns the session it proves.
     *
     * @throws NoiseException if the payload is malformed, its signature does not verify, or it
     *     proves a different peer than {@code expected}
     */
    static SecureSession verify(byte[] payload, byte[] remoteStaticKey, Optional<PeerId> expected) throws NoiseException {
        NoiseHandshakePayload pb;
        try {
            pb = NoiseHandshakePayload.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseException("handshake payload is not a valid NoiseHandshakePayload protobuf", e);
        }
        if (!pb.hasIdentityKey() || !pb.hasIdentitySig()) {
            throw new NoiseException("handshake payload lacks the identity key or its signature");
        }
        PublicKey key;
        try {
            key = PublicKey.unmarshal(pb.getIdentityKey().toByteArray());
        } catch (IllegalArgumentException e) { // KeyFormatException and whatever a key parser throws for bad bytes
            throw new NoiseException("handshake identity key is invalid: " + e.getMessage(), e);
        }
        if (!key.verify(signedBytes(remoteStaticKey), pb.getIdentitySig().toByteArray())) {
            throw new NoiseException("handshake signature does not verify: the " + key.type()
                    + " identity key did not sign the remote's Noise static key");
        }
        PeerId peer = PeerId.fromPublicKey(key);
        if (expected.isPresent() && !expected.get().equals(peer)) {
            throw new NoiseException("dialled peer " + expected.get() + " but the remote proved to be " + peer);
        }
        return new SecureSession(peer, key);
    }

    private static byte[] signedBytes(byte[] staticKey) {
        byte[] out = new byte[SIGNATURE_PREFIX.length + staticKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, out, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(staticKey, 0, out, SIGNATURE_PREFIX.length, staticKey.length);
        return out;
    }
}
