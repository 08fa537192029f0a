package io.jdht.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key: 32 bytes, the default peer identity. */
public final class Ed25519PublicKey implements PublicKey {
    private final byte[] raw;
    private final Ed25519PublicKeyParameters params;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw.clone();
        this.params = new Ed25519PublicKeyParameters(this.raw, 0);
    }

    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new KeyFormatException("an Ed25519 public key is 32 bytes, not " + raw.length);
        }
        try {
            return new Ed25519PublicKey(raw);
        } catch (IllegalArgumentException e) {
            // BouncyCastle refuses bytes that are not a point on the curve with a bare exception
            throw new KeyFormatException("32 bytes that are not an Ed25519 public key: " + e.getMessage());
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, params);
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(k.raw, raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey(" + java.util.HexFormat.of().formatHex(raw) + ")";
    }
}
