package io.jdht.net.noise;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The Noise XX handshake pattern, with no I/O:
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * Each side calls {@link #writeMessage} and {@link #readMessage} in turn (initiator: write, read,
 * write; responder: read, write, read), then {@link #split()} for the transport keys. This is
 * Noise's HandshakeState specialised to the one pattern libp2p uses; the keys come in from the
 * caller, so tests can run the handshake from fixed keys and compare it with published vectors.
 */
final class XXHandshake {
    private static final int DH_LEN = 32;

    private final boolean initiator;
    private final X25519.KeyPair s;
    private final X25519.KeyPair e;
    private final SymmetricState state = new SymmetricState();
    private byte[] re;
    private byte[] rs;
    private int step;

    /** A handshake with the empty prologue libp2p uses. */
    XXHandshake(boolean initiator, X25519.KeyPair staticKey, X25519.KeyPair ephemeralKey) {
        this(initiator, new byte[0], staticKey, ephemeralKey);
    }

    /** A handshake with a prologue: both sides must use the same one or message 2 fails to authenticate. */
    XXHandshake(boolean initiator, byte[] prologue, X25519.KeyPair staticKey, X25519.KeyPair ephemeralKey) {
        this.initiator = initiator;
        this.s = staticKey;
        this.e = ephemeralKey;
        state.mixHash(prologue);
    }

    /**
     * A libp2p handshake with fresh static and ephemeral keys drawn from {@code random}: libp2p lets
     * the Noise static key change per session, since the identity signature is what authenticates it.
     */
    static XXHandshake create(boolean initiator, RandomGenerator random) {
        return new XXHandshake(initiator, X25519.generate(random), X25519.generate(random));
    }

    byte[] localStaticPublicKey() {
        return s.publicKey().clone();
    }

    /** The remote's static key, known after message 2 (initiator) or 3 (responder). */
    byte[] remoteStaticPublicKey() {
        if (rs == null) {
            throw new IllegalStateException("the remote static key is not known yet (step " + step + ")");
        }
        return rs.clone();
    }

    boolean isComplete() {
        return step == 3;
    }

    byte[] writeMessage(byte[] payload) throws NoiseException {
        boolean myTurn = initiator ? (step == 0 || step == 2) : step == 1;
        if (!myTurn) {
            throw new IllegalStateException("not our turn to write (step " + step + ")");
        }
        byte[] out;
        switch (step) {
            case 0 -> {
                state.mixHash(e.publicKey());
                out = concat(e.publicKey(), state.encryptAndHash(payload));
            }
            case 1 -> {
                state.mixHash(e.publicKey());
                state.mixKey(dh(e, re));
                byte[] encryptedStatic = state.encryptAndHash(s.publicKey());
                state.mixKey(dh(s, re));
                out = concat(e.publicKey(), encryptedStatic, state.encryptAndHash(payload));
            }
            default -> {
                byte[] encryptedStatic = state.encryptAndHash(s.publicKey());
                state.mixKey(dh(s, re));
                out = concat(encryptedStatic, state.encryptAndHash(payload));
            }
        }
        step++;
        return out;
    }

    byte[] readMessage(byte[] message) throws NoiseException {
        boolean theirTurn = initiator ? step == 1 : (step == 0 || step == 2);
        if (!theirTurn) {
            throw new IllegalStateException("not our turn to read (step " + step + ")");
        }
        byte[] payload;
        switch (step) {
            case 0 -> {
                need(message, DH_LEN, 1);
                re = Arrays.copyOf(message, DH_LEN);
                state.mixHash(re);
                payload = state.decryptAndHash(Arrays.copyOfRange(message, DH_LEN, message.length));
            }
            case 1 -> {
                need(message, DH_LEN + DH_LEN + CipherState.TAG_LENGTH, 2);
                re = Arrays.copyOf(message, DH_LEN);
                state.mixHash(re);
                state.mixKey(dh(e, re));
                rs = state.decryptAndHash(Arrays.copyOfRange(message, DH_LEN, 2 * DH_LEN + CipherState.TAG_LENGTH));
                state.mixKey(dh(e, rs));
                payload = state.decryptAndHash(
                        Arrays.copyOfRange(message, 2 * DH_LEN + CipherState.TAG_LENGTH, message.length));
            }
            default -> {
                need(message, DH_LEN + CipherState.TAG_LENGTH, 3);
                rs = state.decryptAndHash(Arrays.copyOf(message, DH_LEN + CipherState.TAG_LENGTH));
                state.mixKey(dh(e, rs));
                payload = state.decryptAndHash(
                        Arrays.copyOfRange(message, DH_LEN + CipherState.TAG_LENGTH, message.length));
            }
        }
        step++;
        return payload;
    }

    /** Transport keys: {@code [send, receive]} from this side's point of view. */
    CipherState[] split() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake is not complete");
        }
        byte[][] keys = state.split();
        CipherState i2r = new CipherState(keys[0]);
        CipherState r2i = new CipherState(keys[1]);
        return initiator ? new CipherState[] {i2r, r2i} : new CipherState[] {r2i, i2r};
    }

    byte[] handshakeHash() {
        return state.handshakeHash();
    }

    private static byte[] dh(X25519.KeyPair local, byte[] remotePublic) throws NoiseException {
        try {
            return X25519.agree(local.privateKey(), remotePublic);
        } catch (IllegalArgumentException ex) {
            throw new NoiseException("Diffie-Hellman failed: " + ex.getMessage(), ex);
        }
    }

    private static void need(byte[] message, int min, int number) throws NoiseException {
        if (message.length < min) {
            throw new NoiseException("handshake message " + number + " is " + message.length
                    + " bytes, shorter than the " + min + " it must have");
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
