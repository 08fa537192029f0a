package io.jdht.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 private key: a 32-byte scalar. Signatures are deterministic (RFC 6979) ECDSA over
 * the SHA-256 of the data, DER-encoded with the low-s form Bitcoin requires.
 */
public final class Secp256k1PrivateKey implements PrivateKey {
    private final BigInteger d;
    private final Secp256k1PublicKey publicKey;

    private Secp256k1PrivateKey(BigInteger d) {
        this.d = d;
        this.publicKey = Secp256k1PublicKey.of(Secp256k1Curve.DOMAIN.getG().multiply(d));
    }

    static Secp256k1PrivateKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new KeyFormatException("a secp256k1 private key is 32 bytes, not " + raw.length);
        }
        BigInteger d = new BigInteger(1, raw);
        if (d.signum() == 0 || d.compareTo(Secp256k1Curve.DOMAIN.getN()) >= 0) {
            throw new KeyFormatException("secp256k1 private key is out of range");
        }
        return new Secp256k1PrivateKey(d);
    }

    static Secp256k1PrivateKey generate(SecureRandom random) {
        BigInteger n = Secp256k1Curve.DOMAIN.getN();
        BigInteger d;
        do {
            d = new BigInteger(256, random);
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        return new Secp256k1PrivateKey(d);
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public Secp256k1PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, Secp256k1Curve.DOMAIN));
        BigInteger[] rs = signer.generateSignature(Secp256k1PublicKey.sha256(data));
        BigInteger n = Secp256k1Curve.DOMAIN.getN();
        BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(s));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] raw() {
        return BigIntegers.asUnsignedByteArray(32, d);
    }
}
