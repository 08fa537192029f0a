package io.jdht.net.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's SymmetricState with SHA-256: the chaining key, the handshake hash that binds every
 * message sent so far, and the cipher once a key has been mixed in. Before that, "encryption" is
 * the identity, as the Noise spec says.
 */
final class SymmetricState {
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

    private byte[] ck;
    private byte[] h;
    private CipherState cipher;

    SymmetricState() {
        byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
        h = name.length <= 32 ? Arrays.copyOf(name, 32) : sha256(name);
        ck = h.clone();
    }

    void mixHash(byte[] data) {
        h = sha256(h, data);
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial);
        ck = out[0];
        cipher = new CipherState(out[1]);
    }

    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] c = cipher == null ? plaintext.clone() : cipher.encrypt(h, plaintext);
        mixHash(c);
        return c;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] p = cipher == null ? ciphertext.clone() : cipher.decrypt(h, ciphertext);
        mixHash(ciphertext);
        return p;
    }

    boolean hasKey() {
        return cipher != null;
    }

    /** The two transport keys: the first for initiator-to-responder traffic, the second for the reverse. */
    byte[][] split() {
        return hkdf(ck, new byte[0]);
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    /** HKDF with HMAC-SHA256 producing two 32-byte outputs, as Noise defines it. */
    static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
        byte[] temp = hmac(chainingKey, ikm);
        byte[] out1 = hmac(temp, new byte[] {1});
        byte[] in2 = Arrays.copyOf(out1, 33);
        in2[32] = 2;
        byte[] out2 = hmac(temp, in2);
        return new byte[][] {out1, out2};
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
