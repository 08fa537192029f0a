package io.jdht.multiformats;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * A multihash: {@code varint(code) varint(length) digest}. The digest may be a truncated hash (the
 * length says how much of it is kept), or, for the identity code, the data itself.
 *
 * @param code the hash function's multicodec code
 * @param digest the digest bytes (copied in and out: the record is immutable)
 */
public record Multihash(int code, byte[] digest) {
    /**
     * Longest digest accepted when decoding. The longest real hash is 64 bytes; identity
     * multihashes carry small public keys (an RSA peer id is hashed, never inlined), so 128 bytes
     * covers every legitimate case.
     */
    public static final int MAX_DIGEST_LENGTH = 128;

    private static final Map<Integer, String> JDK_ALGORITHMS = Map.of(
            Multicodec.SHA1, "SHA-1",
            Multicodec.SHA2_256, "SHA-256",
            Multicodec.SHA2_512, "SHA-512",
            Multicodec.SHA2_384, "SHA-384",
            Multicodec.SHA2_224, "SHA-224",
            Multicodec.SHA3_224, "SHA3-224",
            Multicodec.SHA3_256, "SHA3-256",
            Multicodec.SHA3_384, "SHA3-384",
            Multicodec.SHA3_512, "SHA3-512");

    public Multihash {
        if (code < 0) {
            throw new InvalidMultiformatException("multihash code must not be negative: " + code);
        }
        if (digest.length > MAX_DIGEST_LENGTH) {
            throw new InvalidMultiformatException(
                    "multihash digest of " + digest.length + " bytes exceeds the limit of " + MAX_DIGEST_LENGTH);
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public static Multihash of(int code, byte[] digest) {
        return new Multihash(code, digest);
    }

    /** The identity multihash: the data itself, untouched. */
    public static Multihash identity(byte[] data) {
        return new Multihash(Multicodec.IDENTITY, data);
    }

    public static Multihash sha2_256(byte[] data) {
        return digest(Multicodec.SHA2_256, data);
    }

    /** Hashes {@code data} with the function {@code code} names, keeping the whole digest. */
    public static Multihash digest(int code, byte[] data) {
        if (code == Multicodec.IDENTITY) {
            return identity(data);
        }
        return new Multihash(code, messageDigest(code).digest(data));
    }

    /** Hashes and keeps the first {@code bits / 8} bytes of the digest, as truncated multihashes do. */
    public static Multihash digest(int code, int bits, byte[] data) {
        byte[] full = digest(code, data).digest;
        if (bits % 8 != 0 || bits <= 0 || bits / 8 > full.length) {
            throw new IllegalArgumentException("cannot keep " + bits + " bits of a " + full.length * 8 + "-bit digest");
        }
        return new Multihash(code, Arrays.copyOf(full, bits / 8));
    }

    /** Whether this digest is what {@code data} hashes to (for identity: whether it is {@code data}). */
    public boolean matches(byte[] data) {
        if (code == Multicodec.IDENTITY) {
            return Arrays.equals(digest, data);
        }
        byte[] full = messageDigest(code).digest(data);
        return digest.length <= full.length && MessageDigest.isEqual(digest, Arrays.copyOf(full, digest.length));
    }

    private static MessageDigest messageDigest(int code) {
        String algorithm = JDK_ALGORITHMS.get(code);
        if (algorithm == null) {
            throw new IllegalArgumentException("hash function 0x" + Integer.toHexString(code) + " is not supported");
        }
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    /** The binary form. */
    /** The length of {@link #toBytes()}, without making it. */
    public int byteLength() {
        return Varint.size(code) + Varint.size(digest.length) + digest.length;
    }

    public byte[] toBytes() {
        byte[] out = new byte[byteLength()];
        int n = Varint.write(code, out, 0);
        n += Varint.write(digest.length, out, n);
        System.arraycopy(digest, 0, out, n, digest.length);
        return out;
    }

    /** Decodes a byte array that holds exactly one multihash. */
    public static Multihash decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Multihash mh = read(in);
        if (in.hasRemaining()) {
            throw new InvalidMultiformatException("multihash is followed by " + in.remaining() + " unexpected byte(s)");
        }
        return mh;
    }

    /** Reads one multihash at the buffer's position and advances past it. */
    public static Multihash read(ByteBuffer in) {
        long code = Varint.read(in);
        if (code > Integer.MAX_VALUE) {
            throw new InvalidMultiformatException("multihash code " + code + " is out of range");
        }
        int length = Varint.readLength(in, MAX_DIGEST_LENGTH, "multihash digest");
        if (in.remaining() < length) {
            throw new InvalidMultiformatException(
                    "multihash digest is truncated: " + in.remaining() + " of " + length + " bytes");
        }
        byte[] digest = new byte[length];
        in.get(digest);
        return new Multihash((int) code, digest);
    }

    public String toBase58() {
        return Multibase.BASE58BTC.encodeRaw(toBytes());
    }

    public static Multihash fromBase58(String text) {
        return decode(Multibase.BASE58BTC.decodeRaw(text));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toBase58();
    }

    /** Hex of the binary form, for logs and tests. */
    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }
}
