package io.jdht.kad;

import io.jdht.crypto.PeerId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A point in the DHT's 256-bit key space: the SHA-256 of a peer id's bytes or of a record or
 * provider key. Distance between two points is their XOR, compared as an unsigned big-endian
 * number, so "closer" means "longer common prefix, then smaller remainder".
 */
public final class Key implements Comparable<Key> {
    public static final int BYTES = 32;
    public static final int BITS = 256;

    private final byte[] bits;
    /** The first 8 bytes as one number: most distance comparisons are settled by them alone. */
    private final long high;

    private Key(byte[] bits) {
        this.bits = bits;
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (bits[i] & 0xff);
        }
        this.high = h;
    }

    /** The key of arbitrary DHT key bytes (a record key, a multihash). */
    public static Key of(byte[] raw) {
        return new Key(sha256(raw));
    }

    /** The key of a peer: the SHA-256 of its id's multihash bytes. */
    public static Key of(PeerId peer) {
        PeerKeyCache cache = PEER_KEYS.get();
        int slot = peer.hashCode() & (PeerKeyCache.SLOTS - 1);
        if (peer.equals(cache.peers[slot])) {
            return cache.keys[slot];
        }
        Key key = of(peer.toBytes());
        cache.peers[slot] = peer;
        cache.keys[slot] = key;
        return key;
    }

    /**
     * The keys of peers seen lately on this thread, one per slot by the id's hash: every answer
     * names 20 peers whose keys a lookup and the routing table need, mostly peers seen before, and
     * a SHA-256 per name was the largest cost of a lookup step.
     */
    private static final class PeerKeyCache {
        static final int SLOTS = 16384;
        final PeerId[] peers = new PeerId[SLOTS];
        final Key[] keys = new Key[SLOTS];
    }

    private static final ThreadLocal<PeerKeyCache> PEER_KEYS = ThreadLocal.withInitial(PeerKeyCache::new);

    /** A key from its 32 bytes as they are (no hashing). */
    public static Key fromBits(byte[] bits) {
        if (bits.length != BYTES) {
            throw new IllegalArgumentException("a key has 32 bytes, not " + bits.length);
        }
        return new Key(bits.clone());
    }

    /**
     * Random bytes whose key shares exactly {@code cpl} leading bits with {@code base}: a lookup for
     * them refreshes the bucket at that common prefix length. Found by trying random values, about
     * 2^(cpl+1) on average, so only for small {@code cpl}; empty if {@code maxTries} did not suffice.
     */
    public static java.util.Optional<byte[]> randomPreimage(Key base, int cpl, RandomGenerator random, int maxTries) {
        if (cpl < 0 || cpl >= BITS) {
            throw new IllegalArgumentException("common prefix length must be in [0, 255], not " + cpl);
        }
        MessageDigest sha = SHA256.get();
        byte[] candidate = new byte[BYTES];
        for (int i = 0; i < maxTries; i++) {
            random.nextBytes(candidate);
            if (new Key(sha.digest(candidate)).commonPrefixLength(base) == cpl) {
                return java.util.Optional.of(candidate.clone());
            }
        }
        return java.util.Optional.empty();
    }

    /** The XOR distance to another key. */
    public Distance distance(Key other) {
        byte[] d = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            d[i] = (byte) (bits[i] ^ other.bits[i]);
        }
        return new Distance(d);
    }

    /** How many leading bits this key shares with another (256 if equal). */
    public int commonPrefixLength(Key other) {
        for (int i = 0; i < BYTES; i++) {
            int x = (bits[i] ^ other.bits[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /** Bit {@code index} of the key, 0 the most significant. */
    public boolean bit(int index) {
        return (bits[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    /**
     * The key's first 64 bits as a number. XORed with a target's, it is the first 64 bits of the
     * distance: comparing two of those unsigned orders keys by distance, unless they are equal,
     * when {@link #compareDistance} must decide.
     */
    public long prefix() {
        return high;
    }

    /** Negative if this key is closer to {@code target} than {@code other} is. */
    public int compareDistance(Key other, Key target) {
        long a64 = high ^ target.high;
        long b64 = other.high ^ target.high;
        if (a64 != b64) {
            return Long.compareUnsigned(a64, b64);
        }
        for (int i = 8; i < BYTES; i++) {
            int a = (bits[i] ^ target.bits[i]) & 0xff;
            int b = (other.bits[i] ^ target.bits[i]) & 0xff;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    public byte[] toBytes() {
        return bits.clone();
    }

    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bits, o.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && Arrays.equals(bits, k.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bits, 0, 8) + "…";
    }

    private static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** One digest per thread: MessageDigest.getInstance checks the security policy on every call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    });

    /** An XOR distance, ordered as an unsigned 256-bit number. */
    public record Distance(byte[] bytes) implements Comparable<Distance> {
        @Override
        public int compareTo(Distance o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Distance d && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return HexFormat.of().formatHex(bytes, 0, 8) + "…";
        }
    }
}
