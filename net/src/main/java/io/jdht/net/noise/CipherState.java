package io.jdht.net.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's CipherState for ChaChaPoly: a key and a 64-bit counter nonce. The nonce is 4 zero bytes
 * then the counter in little-endian, and is never reused: the counter only goes up, and the state
 * refuses to go past 2^64 − 1. One {@link Cipher} instance is kept and re-initialised per message.
 */
final class CipherState {
    static final int TAG_LENGTH = 16;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] iv = new byte[12];
    private long nonce;

    CipherState(byte[] key) {
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks ChaCha20-Poly1305", e);
        }
    }

    private void init(int mode) throws NoiseException {
        if (nonce == -1L) {
            throw new NoiseException("nonce exhausted: the session must be rekeyed or closed");
        }
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(iv));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts {@code plaintext} (all remaining bytes) into {@code out}, appending the 16-byte tag. */
    void encrypt(byte[] ad, ByteBuffer plaintext, ByteBuffer out) throws NoiseException {
        init(Cipher.ENCRYPT_MODE);
        try {
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            cipher.doFinal(plaintext, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts and authenticates {@code ciphertext} (tag included) into {@code out}. */
    void decrypt(byte[] ad, ByteBuffer ciphertext, ByteBuffer out) throws NoiseException {
        if (ciphertext.remaining() < TAG_LENGTH) {
            throw new NoiseException("ciphertext shorter than its authentication tag");
        }
        init(Cipher.DECRYPT_MODE);
        try {
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            cipher.doFinal(ciphertext, out);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new NoiseException("message failed authentication (bad MAC)");
        } catch (GeneralSecurityException e) {
            throw new NoiseException("decryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Array form of {@link #encrypt(byte[], ByteBuffer, ByteBuffer)} with no associated data: the
     * JDK's fastest path (its ChaCha20 and Poly1305 intrinsics work on arrays).
     * Returns the number of bytes written ({@code length + 16}).
     */
    int encrypt(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        init(Cipher.ENCRYPT_MODE);
        try {
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Array form of {@link #decrypt(byte[], ByteBuffer, ByteBuffer)}; returns the plaintext length. */
    int decrypt(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        if (length < TAG_LENGTH) {
            throw new NoiseException("ciphertext shorter than its authentication tag");
        }
        init(Cipher.DECRYPT_MODE);
        try {
            return cipher.doFinal(in, offset, length, out, outOffset);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new NoiseException("message failed authentication (bad MAC)");
        } catch (GeneralSecurityException e) {
            throw new NoiseException("decryption failed: " + e.getMessage(), e);
        }
    }

    byte[] encrypt(byte[] ad, byte[] plaintext) throws NoiseException {
        ByteBuffer out = ByteBuffer.allocate(plaintext.length + TAG_LENGTH);
        encrypt(ad, ByteBuffer.wrap(plaintext), out);
        return out.array();
    }

    byte[] decrypt(byte[] ad, byte[] ciphertext) throws NoiseException {
        ByteBuffer out = ByteBuffer.allocate(Math.max(0, ciphertext.length - TAG_LENGTH));
        decrypt(ad, ByteBuffer.wrap(ciphertext), out);
        return out.array();
    }
}
