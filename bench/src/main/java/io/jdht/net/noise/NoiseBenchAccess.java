package io.jdht.net.noise;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The bench module's door to the Noise handshake, whose classes the net module keeps package
 * private. It lives in the bench jar under the net module's package name (the two share a
 * classpath, not a module), so the net module's API stays as small as it is for callers.
 * Nothing but the micro benchmarks ({@code io.jdht.bench.micro}) may use it.
 */
public final class NoiseBenchAccess {
    /** Both sides list yamux in their payloads, as a host does. */
    private static final java.util.List<String> MUXERS = java.util.List.of("/yamux/1.0.0");

    private NoiseBenchAccess() {}

    /** What one full handshake leaves both sides with. */
    public record Outcome(SecureSession atInitiator, SecureSession atResponder, byte[] handshakeHash) {}

    /**
     * One libp2p Noise XX handshake between two identities, both sides in this thread, in the
     * order NoiseHandshakeHandler runs it: fresh X25519 static and ephemeral keys on each side,
     * three messages, each side's payload signed by its identity and checked by the other (the
     * initiator also checks it reached {@code expectedResponder}), then the transport keys.
     */
    public static Outcome handshake(PrivateKey initiator, PrivateKey responder, PeerId expectedResponder,
            RandomGenerator random) throws NoiseException {
        XXHandshake i = XXHandshake.create(true, random);
        XXHandshake r = XXHandshake.create(false, random);
        r.readMessage(i.writeMessage(new byte[0]));
        byte[] m2 = r.writeMessage(HandshakePayload.create(responder, r.localStaticPublicKey(), MUXERS));
        SecureSession atInitiator = HandshakePayload.verify(i.readMessage(m2), i.remoteStaticPublicKey(),
                Optional.of(expectedResponder)).identity();
        byte[] m3 = i.writeMessage(HandshakePayload.create(initiator, i.localStaticPublicKey(), MUXERS));
        SecureSession atResponder = HandshakePayload.verify(r.readMessage(m3), r.remoteStaticPublicKey(), Optional.empty())
                .identity();
        CipherState[] ik = i.split();
        CipherState[] rk = r.split();
        // one transport message each way would be more than a handshake; the hashes prove both agree
        byte[] hash = i.handshakeHash();
        if (!java.util.Arrays.equals(hash, r.handshakeHash()) || ik.length != 2 || rk.length != 2) {
            throw new NoiseException("the two sides ended the handshake in different states");
        }
        return new Outcome(atInitiator, atResponder, hash);
    }

    /** The project's X25519 agreement (the JDK's XDH, with its key parsing and the all-zero check). */
    public static byte[] x25519(byte[] privateKey, byte[] remotePublicKey) {
        return X25519.agree(privateKey, remotePublicKey);
    }

    /** The public key of a private scalar, as the project computes it. */
    public static byte[] x25519PublicKey(byte[] privateKey) {
        return X25519.fromPrivate(privateKey).publicKey();
    }
}
