package io.jdht.net.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's CipherState for ChaChaPoly: a 32-byte key and a 64-bit counter nonce.
 *
 * <p>The 96-bit ChaCha20-Poly1305 nonce is 4 zero bytes followed by the counter in little-endian
 * order. The counter only goes up, and only when a message was sealed or opened successfully (a
 * message that fails authentication does not use up a nonce, as the Noise spec says). The value
 * 2^64 − 1 is reserved by Noise, so the state refuses to go past 2^64 − 2 messages: a session that
 * gets there must end rather than reuse a nonce.
 *
 * <p>One {@link Cipher} instance is kept per state and re-initialised per message; the JDK's array
 * methods are used because its ChaCha20 and Poly1305 intrinsics work on arrays. Not thread-safe:
 * a state belongs to one direction of one channel.
 */
final class CipherState {
    static final int TAG_LENGTH = 16;
    static final int KEY_LENGTH = 32;
    private static final byte[] NO_AD = new byte[0];
    /** 2^64 − 1 as an unsigned long: reserved by Noise, never used as a nonce. */
    private static final long RESERVED_NONCE = -1L;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] iv = new byte[12];
    private long nonce;

    CipherState(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a ChaChaPoly key is 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks ChaCha20-Poly1305", e);
        }
    }

    /** Noise's SetNonce: for test vectors and for testing exhaustion; the protocol never calls it. */
    void setNonce(long unsignedNonce) {
        this.nonce = unsignedNonce;
    }

    /** The next nonce to be used, as an unsigned 64-bit value. */
    long nonce() {
        return nonce;
    }

    private void prepare(int mode, byte[] ad) throws NoiseException {
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException("nonce exhausted after 2^64 - 1 messages: the session must end");
        }
        long n = nonce;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(iv));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            // only reachable if the same key and nonce were used to encrypt twice, which the counter rules out
            throw new IllegalStateException("ChaCha20-Poly1305 refused key or nonce " + Long.toUnsignedString(n), e);
        }
        if (ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }

    /**
     * Seals {@code length} bytes of {@code in} at {@code offset} into {@code out} at
     * {@code outOffset}, followed by the 16-byte tag. {@code out} must have room for
     * {@code length + 16} bytes. Returns the number of bytes written.
     */
    int encrypt(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        prepare(Cipher.ENCRYPT_MODE, ad);
        int written;
        try {
            written = cipher.doFinal(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
        return written;
    }

    /**
     * Opens {@code length} bytes of ciphertext (tag included) into {@code out} at {@code outOffset},
     * which needs room for {@code length - 16} bytes. Returns the plaintext length.
     *
     * @throws NoiseException if the ciphertext is shorter than a tag or fails authentication
     */
    int decrypt(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        if (length < TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + length + " bytes is shorter than its 16-byte tag");
        }
        prepare(Cipher.DECRYPT_MODE, ad);
        int written;
        try {
            written = cipher.doFinal(in, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new NoiseException("message failed authentication (bad MAC)");
        } catch (GeneralSecurityException e) {
            throw new NoiseException("decryption failed: " + e.getMessage(), e);
        }
        nonce++;
        return written;
    }

    /**
     * Starts sealing a transport message (no associated data) whose plaintext lies in several
     * pieces: pass each to {@link #encryptPart} in order, then call {@link #finishEncrypt}. Saves
     * gathering the pieces into one array first; ChaCha20-Poly1305 encrypts as it goes.
     */
    void beginEncrypt() throws NoiseException {
        prepare(Cipher.ENCRYPT_MODE, NO_AD);
    }

    /**
     * Encrypts the next {@code length} bytes of the message into {@code out} at {@code outOffset},
     * which must have room for {@code length + 16} bytes (the cipher asks for room for the tag).
     * Returns the number of bytes written: {@code length}.
     */
    int encryptPart(byte[] in, int offset, int length, byte[] out, int outOffset) {
        try {
            return cipher.update(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /** Writes the message's tag at {@code outOffset} and uses up the nonce; returns 16. */
    int finishEncrypt(byte[] out, int outOffset) {
        int written;
        try {
            written = cipher.doFinal(out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nonce++;
        return written;
    }

    /** Transport form: no associated data. */
    int encrypt(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        return encrypt(NO_AD, in, offset, length, out, outOffset);
    }

    /** Transport form: no associated data. */
    int decrypt(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        return decrypt(NO_AD, in, offset, length, out, outOffset);
    }

    /** Noise's EncryptWithAd, returning a new array of {@code plaintext.length + 16} bytes. */
    byte[] encrypt(byte[] ad, byte[] plaintext) throws NoiseException {
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        encrypt(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Noise's DecryptWithAd, returning the plaintext. */
    byte[] decrypt(byte[] ad, byte[] ciphertext) throws NoiseException {
        byte[] out = new byte[Math.max(0, ciphertext.length - TAG_LENGTH)];
        decrypt(ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }
}
