package io.jdht.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * An ECDSA private key, encoded as a DER SEC 1 {@code ECPrivateKey} (with the named curve and the
 * public point), as go-libp2p writes it.
 */
public final class EcdsaPrivateKey implements PrivateKey {
    private final ECPrivateKey key;
    private final EcdsaPublicKey publicKey;
    private final ASN1ObjectIdentifier curve;

    private EcdsaPrivateKey(ECPrivateKey key, ECPublicKey pub, ASN1ObjectIdentifier curve) {
        this.key = key;
        this.publicKey = EcdsaPublicKey.of(pub);
        this.curve = curve;
    }

    static EcdsaPrivateKey fromRaw(byte[] der) {
        try {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
            if (!(sec1.getParametersObject() instanceof ASN1ObjectIdentifier oid)) {
                throw new KeyFormatException("ECDSA private key does not name its curve");
            }
            X9ECParameters x9 = ECNamedCurveTable.getByOID(oid);
            if (x9 == null) {
                throw new KeyFormatException("ECDSA private key is on an unknown curve " + oid);
            }
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(oid.getId()));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            BigInteger d = sec1.getKey();
            if (d.signum() <= 0 || d.compareTo(x9.getN()) >= 0) {
                // a scalar outside [1, n) is no key (found by fuzzing: it could not be encoded again)
                throw new KeyFormatException("ECDSA private key scalar is not in [1, n) for its curve");
            }
            var q = x9.getG().multiply(d).normalize();
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(new ECPrivateKeySpec(d, spec));
            ECPublicKey pub = (ECPublicKey) kf.generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), spec));
            return new EcdsaPrivateKey(priv, pub, oid);
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            // BouncyCastle's ASN.1 reports a field of the wrong tagging (an implicit [0] where the
            // parameters are explicit) as an IllegalStateException (found by fuzzing)
            if (e instanceof KeyFormatException k) {
                throw k;
            }
            throw new KeyFormatException("ECDSA private key is not DER SEC 1", e);
        }
    }

    static EcdsaPrivateKey generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            var pair = g.generateKeyPair();
            return new EcdsaPrivateKey((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic(),
                    new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA key generation failed", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
    }

    @Override
    public EcdsaPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        return JdkSignatures.sign("SHA256withECDSA", key, data);
    }

    @Override
    public byte[] raw() {
        int bits = key.getParams().getOrder().bitLength();
        try {
            var pub = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(publicKey.raw()).getPublicKeyData();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, key.getS(), new DERBitString(pub.getBytes()), curve)
                    .getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
