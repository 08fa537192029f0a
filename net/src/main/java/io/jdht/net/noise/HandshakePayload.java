package io.jdht.net.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.crypto.PublicKey;
import io.jdht.net.noise.pb.NoiseProto.NoiseExtensions;
import io.jdht.net.noise.pb.NoiseProto.NoiseHandshakePayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The libp2p payload inside Noise messages 2 and 3: the sender's identity key and its signature
 * over {@code "noise-libp2p-static-key:" || noise static public key}. This binds the Noise session
 * to a libp2p identity: whoever holds the static key's private half also holds the identity.
 *
 * <p>The only extension we send and read is the stream-muxer list (early data, for inlined muxer
 * negotiation: the responder lists its muxers in message 2, the initiator in message 3); others,
 * known or not, are ignored.
 */
final class HandshakePayload {
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

    /** At most this many muxers of a remote's list are considered; real lists hold one or two. */
    static final int MAX_MUXERS = 16;

    private HandshakePayload() {}

    /** What a verified payload proves: the remote's identity, and the muxers it listed (maybe none). */
    record Proven(SecureSession identity, List<String> streamMuxers) {}

    /**
     * The payload proving that {@code identity} owns the Noise static key {@code noiseStaticPublicKey},
     * listing {@code streamMuxers} as early data unless the list is empty.
     */
    static byte[] create(PrivateKey identity, byte[] noiseStaticPublicKey, List<String> streamMuxers) {
        NoiseHandshakePayload.Builder pb = NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identity.publicKey().marshal()))
                .setIdentitySig(ByteString.copyFrom(identity.sign(signedBytes(noiseStaticPublicKey))));
        if (!streamMuxers.isEmpty()) {
            pb.setExtensions(NoiseExtensions.newBuilder().addAllStreamMuxers(streamMuxers));
        }
        return pb.build().toByteArray();
    }

    /**
     * Checks a received payload against the static key the remote used in the handshake and, if
     * given, the peer we meant to reach; returns the session it proves.
     *
     * @throws NoiseException if the payload is malformed, its signature does not verify, or it
     *     proves a different peer than {@code expected}
     */
    static Proven verify(byte[] payload, byte[] remoteStaticKey, Optional<PeerId> expected) throws NoiseException {
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
        List<String> muxers = pb.hasExtensions() ? pb.getExtensions().getStreamMuxersList() : List.of();
        return new Proven(new SecureSession(peer, key),
                List.copyOf(muxers.subList(0, Math.min(muxers.size(), MAX_MUXERS))));
    }

    private static byte[] signedBytes(byte[] staticKey) {
        byte[] out = new byte[SIGNATURE_PREFIX.length + staticKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, out, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(staticKey, 0, out, SIGNATURE_PREFIX.length, staticKey.length);
        return out;
    }
}
