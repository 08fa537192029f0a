package io.jdht.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** A secp256k1 public key, encoded as a 33-byte compressed point (65-byte uncompressed accepted). */
public final class Secp256k1PublicKey implements PublicKey {
    private final ECPoint point;

    private Secp256k1PublicKey(ECPoint point) {
        this.point = point;
    }

    static Secp256k1PublicKey of(ECPoint point) {
        return new Secp256k1PublicKey(point.normalize());
    }

    public static Secp256k1PublicKey fromRaw(byte[] raw) {
        if (raw.length != 33 && raw.length != 65) {
            throw new KeyFormatException("a secp256k1 public key is 33 (or 65) bytes, not " + raw.length);
        }
        try {
            ECPoint p = Secp256k1Curve.X9.getCurve().decodePoint(raw);
            if (p.isInfinity() || !p.isValid()) {
                throw new KeyFormatException("secp256k1 public key is not a valid curve point");
            }
            return new Secp256k1PublicKey(p.normalize());
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("secp256k1 public key is not a valid curve point", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
        return point.getEncoded(true);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        BigInteger[] rs = decodeDer(signature);
        if (rs == null) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, Secp256k1Curve.DOMAIN));
        return verifier.verifySignature(sha256(data), rs[0], rs[1]);
    }

    /** (r, s) from a DER signature, or null if it is not one. */
    private static BigInteger[] decodeDer(byte[] der) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2 || !Arrays.equals(p.getEncoded("DER"), der)) {
                return null;
            }
            return new BigInteger[] {
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
            };
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PublicKey k && k.point.equals(point);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw());
    }
}
