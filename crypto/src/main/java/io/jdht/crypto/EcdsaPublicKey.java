package io.jdht.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** An ECDSA public key (P-256, P-384 or P-521), encoded as DER PKIX; signatures are DER over SHA-256. */
public final class EcdsaPublicKey implements PublicKey {
    private final byte[] der;
    private final ECPublicKey key;

    private EcdsaPublicKey(byte[] der, ECPublicKey key) {
        this.der = der.clone();
        this.key = key;
    }

    public static EcdsaPublicKey fromRaw(byte[] der) {
        try {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            return new EcdsaPublicKey(key.getEncoded(), key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KeyFormatException("ECDSA public key is not DER PKIX on a supported curve", e);
        }
    }

    static EcdsaPublicKey of(ECPublicKey key) {
        return new EcdsaPublicKey(key.getEncoded(), key);
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public byte[] raw() {
        return der.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return JdkSignatures.verify("SHA256withECDSA", key, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPublicKey k && Arrays.equals(k.der, der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }
}
