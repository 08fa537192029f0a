package io.jdht.net.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 on the JDK, with keys as the raw 32-byte strings Noise sends. The JDK takes a public key
 * as a number; on the wire it is little-endian with the top bit ignored (RFC 7748), so the bytes
 * are reversed and masked on the way in.
 */
final class X25519 {
    private static final byte[] BASE_POINT = new byte[32];

    static {
        BASE_POINT[0] = 9;
    }

    /** A key pair: the raw private scalar and its public key. */
    record KeyPair(byte[] privateKey, byte[] publicKey) {}

    private X25519() {}

    static KeyPair generate(java.util.random.RandomGenerator random) {
        byte[] priv = new byte[32];
        random.nextBytes(priv);
        return fromPrivate(priv);
    }

    static KeyPair fromPrivate(byte[] priv) {
        return new KeyPair(priv.clone(), agree(priv, BASE_POINT));
    }

    /** The shared secret; refuses the all-zero result a low-order public key produces. */
    static byte[] agree(byte[] priv, byte[] remotePublic) {
        if (remotePublic.length != 32) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey sk = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, priv));
            byte[] le = remotePublic.clone();
            le[31] &= 0x7F;
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = le[31 - i];
            }
            var pk = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(sk);
            ka.doPhase(pk, true);
            byte[] shared = ka.generateSecret();
            int acc = 0;
            for (byte b : shared) {
                acc |= b;
            }
            if (acc == 0) {
                throw new IllegalArgumentException("X25519 produced an all-zero secret (low-order public key)");
            }
            return shared;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("X25519 failed: " + e.getMessage(), e);
        }
    }
}
