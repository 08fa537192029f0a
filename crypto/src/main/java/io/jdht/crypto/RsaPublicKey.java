package io.jdht.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * An RSA public key, encoded as DER PKIX (SubjectPublicKeyInfo). Keys under 1024 or over 8192 bits
 * are refused: the small ones are forgeable, the large ones a cheap way to make us burn CPU.
 */
public final class RsaPublicKey implements PublicKey {
    static final int MIN_BITS = 1024;
    static final int MAX_BITS = 8192;

    private final byte[] der;
    private final RSAPublicKey key;

    private RsaPublicKey(byte[] der, RSAPublicKey key) {
        this.der = der.clone();
        this.key = key;
    }

    public static RsaPublicKey fromRaw(byte[] der) {
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KeyFormatException("RSA public key is not DER PKIX", e);
        }
        int bits = key.getModulus().bitLength();
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new KeyFormatException("RSA key of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
        }
        return new RsaPublicKey(key.getEncoded(), key);
    }

    static RsaPublicKey of(RSAPublicKey key) {
        return new RsaPublicKey(key.getEncoded(), key);
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public byte[] raw() {
        return der.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return JdkSignatures.verify("SHA256withRSA", key, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey k && Arrays.equals(k.der, der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }
}
