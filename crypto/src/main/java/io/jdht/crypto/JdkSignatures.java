package io.jdht.crypto;

import java.security.GeneralSecurityException;
import java.security.Signature;

/** Signing and verifying with the JDK's providers, for RSA and ECDSA keys. */
final class JdkSignatures {
    private JdkSignatures() {}

    static byte[] sign(String algorithm, java.security.PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " signing failed", e);
        }
    }

    static boolean verify(String algorithm, java.security.PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }
}
