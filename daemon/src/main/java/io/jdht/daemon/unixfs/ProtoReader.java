package io.jdht.daemon.unixfs;

import java.util.Arrays;

/**
 * Reads protobuf wire format from a slice of an array, never past its end. Every length is checked
 * against the bytes that remain before anything is allocated, so a length prefix cannot make the
 * reader allocate more than the input holds. Failures are {@link MalformedNodeException}s that start
 * with the name of the message being read.
 */
final class ProtoReader {
    /** The largest field number protobuf allows (2^29 - 1). */
    private static final int MAX_FIELD_NUMBER = (1 << 29) - 1;
    /** A 64-bit varint takes at most ten bytes. */
    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] in;
    private final int end;
    private final String message;
    private int position;

    /** Reads {@code in[from, to)}; {@code message} names what is being read, for error messages. */
    ProtoReader(byte[] in, int from, int to, String message) {
        this.in = in;
        this.position = from;
        this.end = to;
        this.message = message;
    }

    boolean hasMore() {
        return position < end;
    }

    /** A field's key: its number in the high bits and its wire type in the low three. */
    record Tag(int field, int wireType) {}

    Tag readTag() {
        long key = readVarint();
        int wireType = (int) (key & 7);
        long field = key >>> 3;
        if (field == 0 || field > MAX_FIELD_NUMBER) {
            throw malformed("invalid field number " + field);
        }
        if (wireType == 3 || wireType == 4 || wireType > ProtoWriter.I32) {
            throw malformed("field " + field + " has unsupported wire type " + wireType);
        }
        return new Tag((int) field, wireType);
    }

    /** The 64 bits of a varint as they are; a value of 2^63 or more comes back negative. */
    long readVarint() {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (position >= end) {
                throw malformed("truncated varint");
            }
            int b = in[position++] & 0xFF;
            if (i == MAX_VARINT_BYTES - 1 && b > 1) {
                throw malformed("varint does not fit 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformed("varint is longer than " + MAX_VARINT_BYTES + " bytes");
    }

    /**
     * A uint64 that must fit a Java {@code long}: sizes and counts beyond 2^63 - 1 bytes describe no
     * real file, and refusing them keeps every size here a plain non-negative {@code long}.
     */
    long readUnsigned(String field) {
        long value = readVarint();
        if (value < 0) {
            throw malformed(field + " " + Long.toUnsignedString(value) + " is larger than 2^63 - 1");
        }
        return value;
    }

    int readFixed32() {
        if (end - position < 4) {
            throw malformed("truncated fixed32");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (in[position++] & 0xFF) << (8 * i);
        }
        return value;
    }

    /** A length-delimited field's body as a new array. */
    byte[] readBytes() {
        int length = readLength();
        byte[] bytes = Arrays.copyOfRange(in, position, position + length);
        position += length;
        return bytes;
    }

    /** A reader over the next length-delimited field's body (an embedded message); skips past it here. */
    ProtoReader readEmbedded(String embeddedMessage) {
        int length = readLength();
        ProtoReader sub = new ProtoReader(in, position, position + length, embeddedMessage);
        position += length;
        return sub;
    }

    /** Skips the value of a field this reader does not know (only where the format allows unknown fields). */
    void skip(int wireType) {
        switch (wireType) {
            case ProtoWriter.VARINT -> readVarint();
            case ProtoWriter.I64 -> advance(8, "fixed64");
            case ProtoWriter.LEN -> advance(readLength(), "length-delimited field");
            case ProtoWriter.I32 -> advance(4, "fixed32");
            default -> throw malformed("cannot skip wire type " + wireType);
        }
    }

    private void advance(int n, String what) {
        if (end - position < n) {
            throw malformed("truncated " + what);
        }
        position += n;
    }

    private int readLength() {
        long length = readVarint();
        if (length < 0 || length > end - position) {
            throw malformed("length " + Long.toUnsignedString(length) + " runs past the end ("
                    + (end - position) + " byte(s) left)");
        }
        return (int) length;
    }

    MalformedNodeException malformed(String what) {
        return new MalformedNodeException(message + ": " + what);
    }
}
