package io.jdht.kad;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A region of the key space: the keys whose first {@code length} bits are {@code bits} (read as
 * an unsigned number). The empty prefix is the whole space. Since closeness is XOR distance, every
 * peer inside a region is closer to every key inside it than any peer outside is: that is what
 * lets the sweeping reprovider serve all the keys of a region from one set of peers.
 *
 * @param bits the prefix's bits, right-aligned (prefix 101 is 5)
 * @param length how many leading bits of a key the prefix fixes, at most {@link #MAX_LENGTH}
 */
record Prefix(long bits, int length) {
    /** Deep enough for any network (2^40 regions); a long holds the bits. */
    static final int MAX_LENGTH = 40;
    static final Prefix ROOT = new Prefix(0, 0);

    Prefix {
        if (length < 0 || length > MAX_LENGTH || bits < 0 || bits >= (1L << length)) {
            throw new IllegalArgumentException("not a prefix: " + bits + "/" + length);
        }
    }

    /** The prefix of this length that {@code key} starts with. */
    static Prefix of(Key key, int length) {
        return new Prefix(leading(key.toBytes(), length), length);
    }

    boolean contains(Key key) {
        return leading(key.toBytes(), length) == bits;
    }

    Prefix child(int bit) {
        return new Prefix((bits << 1) | bit, length + 1);
    }

    Prefix parent() {
        return new Prefix(bits >>> 1, length - 1);
    }

    Prefix sibling() {
        return new Prefix(bits ^ 1, length);
    }

    /** The next prefix of the same length in key order; empty after the last one. */
    Optional<Prefix> next() {
        return bits + 1 < (1L << length) ? Optional.of(new Prefix(bits + 1, length)) : Optional.empty();
    }

    /** Where the region starts in the key space, as a fraction in [0, 1). */
    double position() {
        return length == 0 ? 0 : bits / (double) (1L << length);
    }

    /** The smallest key in the region (the prefix followed by zeros). */
    Key first() {
        byte[] b = new byte[Key.BYTES];
        for (int i = 0; i < length; i++) {
            if ((bits >>> (length - 1 - i) & 1) != 0) {
                b[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return Key.fromBits(b);
    }

    /** The entries of a key-ordered map that fall in this region. */
    <V> NavigableMap<Key, V> within(NavigableMap<Key, V> byKey) {
        NavigableMap<Key, V> from = byKey.tailMap(first(), true);
        return next().map(n -> from.headMap(n.first(), false)).orElse(from);
    }

    /**
     * Random bytes whose SHA-256 lies in the region, to look up when no key of the region is at
     * hand: about 2^length tries, so empty past {@code maxTries} (the caller uses a shallow region).
     */
    Optional<byte[]> randomPreimage(RandomGenerator random, int maxTries) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        byte[] candidate = new byte[Key.BYTES];
        for (int i = 0; i < maxTries; i++) {
            random.nextBytes(candidate);
            if (leading(sha.digest(candidate), length) == bits) {
                return Optional.of(candidate.clone());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        if (length == 0) {
            return "(all)";
        }
        String s = Long.toBinaryString(bits);
        return "0".repeat(length - s.length()) + s;
    }

    private static long leading(byte[] key, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) {
            v = (v << 1) | ((key[i / 8] >>> (7 - i % 8)) & 1);
        }
        return v;
    }
}
