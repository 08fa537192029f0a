package io.jdht.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key. Its libp2p encoding is the 32-byte seed followed by the 32-byte public
 * key; the old 96-byte form (public key twice) is accepted when both copies agree.
 */
public final class Ed25519PrivateKey implements PrivateKey {
    private final Ed25519PrivateKeyParameters params;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(byte[] seed) {
        this.params = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = Ed25519PublicKey.fromRaw(params.generatePublicKey().getEncoded());
    }

    /** The key whose seed is these 32 bytes; the same seed always gives the same identity. */
    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new KeyFormatException("an Ed25519 seed is 32 bytes, not " + seed.length);
        }
        return new Ed25519PrivateKey(seed);
    }

    public static Ed25519PrivateKey generate(SecureRandom random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return new Ed25519PrivateKey(seed);
    }

    static Ed25519PrivateKey fromRaw(byte[] data) {
        if (data.length != 64 && data.length != 96) {
            throw new KeyFormatException("an Ed25519 private key is 64 bytes, not " + data.length);
        }
        if (data.length == 96 && !Arrays.equals(data, 32, 64, data, 64, 96)) {
            throw new KeyFormatException("96-byte Ed25519 private key holds two different public keys");
        }
        Ed25519PrivateKey key = new Ed25519PrivateKey(Arrays.copyOf(data, 32));
        if (!MessageDigest.isEqual(key.publicKey.raw(), Arrays.copyOfRange(data, 32, 64))) {
            throw new KeyFormatException("Ed25519 private key's public half does not match its seed");
        }
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, params);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public byte[] raw() {
        byte[] out = new byte[64];
        params.encode(out, 0);
        System.arraycopy(publicKey.raw(), 0, out, 32, 32);
        return out;
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey(public " + publicKey + ")";
    }
}
