package io.jdht.daemon.unixfs;

/**
 * Writes protobuf fields into an array sized in advance. dag-pb needs its fields in an order that
 * is not the field-number order a generated protobuf encoder uses (links before data), so the
 * encoders here write each field themselves; this class holds the wire-format details they share.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    private final byte[] out;
    private int position;

    /** A writer for exactly {@code size} bytes; {@link #toByteArray()} checks they were all written. */
    ProtoWriter(int size) {
        this.out = new byte[size];
    }

    /** Bytes a varint of {@code value} takes; a negative value (an int64 below zero) takes ten. */
    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    /** Bytes a varint field takes, tag included. */
    static int varintFieldSize(int field, long value) {
        return tagSize(field) + varintSize(value);
    }

    /** Bytes a length-delimited field of {@code length} bytes takes, tag and length included. */
    static int lengthDelimitedFieldSize(int field, int length) {
        return tagSize(field) + varintSize(length) + length;
    }

    void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[position++] = (byte) value;
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    void varintField(int field, long value) {
        tag(field, VARINT);
        varint(value);
    }

    void bytesField(int field, byte[] bytes) {
        tag(field, LEN);
        varint(bytes.length);
        raw(bytes);
    }

    /** Starts a length-delimited field whose body of {@code length} bytes the caller writes next. */
    void lengthDelimitedHeader(int field, int length) {
        tag(field, LEN);
        varint(length);
    }

    void fixed32Field(int field, int value) {
        tag(field, I32);
        for (int i = 0; i < 4; i++) {
            out[position++] = (byte) (value >>> (8 * i));
        }
    }

    void raw(byte[] bytes) {
        System.arraycopy(bytes, 0, out, position, bytes.length);
        position += bytes.length;
    }

    byte[] toByteArray() {
        if (position != out.length) {
            throw new IllegalStateException("encoder wrote " + position + " of the " + out.length + " bytes it sized");
        }
        return out;
    }
}
