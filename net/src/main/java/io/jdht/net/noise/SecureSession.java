package io.jdht.net.noise;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a Noise handshake: who is at the other end, proven by their signature over the
 * Noise static key, and the stream muxer both sides agreed on inside the handshake, if they both
 * listed muxers (otherwise the muxer is negotiated with multistream-select afterwards). Fired down
 * the pipeline as a user event and given to the handshake future.
 */
public record SecureSession(PeerId remotePeer, PublicKey remoteKey, Optional<String> muxer) {
    public SecureSession {
        Objects.requireNonNull(remotePeer, "remotePeer");
        Objects.requireNonNull(remoteKey, "remoteKey");
        Objects.requireNonNull(muxer, "muxer");
    }

    /** A session whose muxer is still to be negotiated. */
    public SecureSession(PeerId remotePeer, PublicKey remoteKey) {
        this(remotePeer, remoteKey, Optional.empty());
    }

    SecureSession withMuxer(Optional<String> agreed) {
        return new SecureSession(remotePeer, remoteKey, agreed);
    }
}
