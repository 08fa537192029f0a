package io.jdht.multiformats;

import java.nio.ByteBuffer;

/**
 * The multiformats unsigned varint: seven bits a byte, least significant group first, the high bit
 * set on every byte but the last.
 *
 * <p>The spec caps a varint at nine bytes (63 bits) and requires the minimal encoding, so a decoder
 * rejects both a tenth byte and a trailing {@code 0x00} continuation ("80 00" for zero). Values are
 * carried in a {@code long} and must not be negative.
 */
public final class Varint {
    /** The longest varint the spec allows. */
    public static final int MAX_BYTES = 9;

    private Varint() {}

    /** How many bytes {@code value} takes when encoded. */
    public static int size(long value) {
        requireNonNegative(value);
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Encodes {@code value} into a new array of exactly {@link #size(long)} bytes. */
    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset} and returns the number of bytes written. */
    public static int write(long value, byte[] out, int offset) {
        requireNonNegative(value);
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i++] = (byte) value;
        return i - offset;
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void write(long value, ByteBuffer out) {
        requireNonNegative(value);
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /** A decoded value and how many bytes it took. */
    public record Decoded(long value, int length) {}

    /** Decodes the varint that starts at {@code offset}. */
    public static Decoded decode(byte[] in, int offset) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= in.length) {
                throw new InvalidMultiformatException("varint is truncated after " + i + " byte(s)");
            }
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new InvalidMultiformatException("varint is not minimally encoded");
                }
                return new Decoded(value, i + 1);
            }
        }
        throw new InvalidMultiformatException("varint is longer than " + MAX_BYTES + " bytes");
    }

    /** Decodes the varint at the buffer's position, advancing it past the varint. */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw new InvalidMultiformatException("varint is truncated after " + i + " byte(s)");
            }
            int b = in.get() & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new InvalidMultiformatException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new InvalidMultiformatException("varint is longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Decodes a varint that must fit an {@code int} no larger than {@code max}: the usual shape of a
     * length prefix, where the limit guards against a peer announcing a huge allocation.
     */
    public static int readLength(ByteBuffer in, int max, String what) {
        long v = read(in);
        if (v > max) {
            throw new InvalidMultiformatException(what + " length " + v + " exceeds the limit of " + max);
        }
        return (int) v;
    }

    private static void requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value must not be negative: " + value);
        }
    }
}
