package io.jdht.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

/** An RSA private key, encoded as PKCS#1 DER; signs with RSASSA-PKCS1-v1_5 over SHA-256. */
public final class RsaPrivateKey implements PrivateKey {
    private final RSAPrivateCrtKey key;
    private final RsaPublicKey publicKey;

    private RsaPrivateKey(RSAPrivateCrtKey key, RsaPublicKey publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    static RsaPrivateKey fromRaw(byte[] pkcs1) {
        try {
            var asn = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(pkcs1);
            KeyFactory kf = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) kf.generatePrivate(new RSAPrivateCrtKeySpec(
                    asn.getModulus(), asn.getPublicExponent(), asn.getPrivateExponent(), asn.getPrime1(),
                    asn.getPrime2(), asn.getExponent1(), asn.getExponent2(), asn.getCoefficient()));
            RSAPublicKey pub = (RSAPublicKey) kf.generatePublic(new RSAPublicKeySpec(asn.getModulus(), asn.getPublicExponent()));
            return new RsaPrivateKey(priv, RsaPublicKey.fromRaw(pub.getEncoded()));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new KeyFormatException("RSA private key is not PKCS#1 DER", e);
        }
    }

    static RsaPrivateKey generate(int bits, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            var pair = g.generateKeyPair();
            return new RsaPrivateKey((RSAPrivateCrtKey) pair.getPrivate(), RsaPublicKey.of((RSAPublicKey) pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public RsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        return JdkSignatures.sign("SHA256withRSA", key, data);
    }

    @Override
    public byte[] raw() {
        try {
            return new org.bouncycastle.asn1.pkcs.RSAPrivateKey(
                            key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(), key.getPrimeP(),
                            key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(), key.getCrtCoefficient())
                    .getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
