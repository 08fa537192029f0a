package io.jdht.net.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.random.RandomGenerator;
import javax.crypto.KeyAgreement;

/**
 * X25519 on the JDK, with keys as the raw 32-byte strings Noise sends.
 *
 * <p>The JDK takes a private key as the raw 32 bytes (it clamps the scalar itself, as RFC 7748
 * says) but a public key as a number, the u-coordinate. On the wire that coordinate is 32 bytes
 * little-endian whose top bit must be ignored, so incoming bytes are masked and reversed before
 * they become a {@link BigInteger}. Values at or above the field prime are accepted and reduced,
 * as RFC 7748 asks.
 */
final class X25519 {
    static final int KEY_LENGTH = 32;

    /** A key pair: the raw private scalar and its public key. */
    record KeyPair(byte[] privateKey, byte[] publicKey) {}

    private X25519() {}

    static KeyPair generate(RandomGenerator random) {
        byte[] priv = new byte[KEY_LENGTH];
        random.nextBytes(priv);
        return fromPrivate(priv);
    }

    static KeyPair fromPrivate(byte[] priv) {
        byte[] basePoint = new byte[KEY_LENGTH];
        basePoint[0] = 9;
        return new KeyPair(priv.clone(), agree(priv, basePoint));
    }

    /**
     * The shared secret of {@code priv} and {@code remotePublic}. Refuses the all-zero result that
     * a low-order public key produces: Noise requires it, since such a "secret" is known to anyone.
     *
     * @throws IllegalArgumentException for a key of the wrong length or a low-order public key
     */
    static byte[] agree(byte[] priv, byte[] remotePublic) {
        if (priv.length != KEY_LENGTH || remotePublic.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes, got a private key of " + priv.length
                    + " and a public key of " + remotePublic.length);
        }
        byte[] shared;
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey sk = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, priv));
            PublicKey pk = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, toCoordinate(remotePublic)));
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(sk);
            ka.doPhase(pk, true);
            shared = ka.generateSecret();
        } catch (GeneralSecurityException e) {
            // the JDK itself refuses small-order points ("Point has small order")
            throw new IllegalArgumentException("X25519 refused the remote public key: " + e.getMessage(), e);
        }
        int acc = 0;
        for (byte b : shared) {
            acc |= b;
        }
        if (acc == 0) {
            throw new IllegalArgumentException("X25519 produced an all-zero secret (low-order public key)");
        }
        return shared;
    }

    /** Little-endian bytes with the top bit masked off, as the number the JDK wants. */
    private static BigInteger toCoordinate(byte[] littleEndian) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = littleEndian[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian);
    }
}
