package io.jdht.kad.record;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough DAG-CBOR for the {@code data} document of an IPNS record: a top-level map with text
 * keys whose values IPNS reads are byte strings or unsigned integers. Other values (extension
 * fields, which IPNS must ignore) are walked over and kept only as {@link Value.Other}.
 *
 * <p>Reading is bounded: every length is checked against the bytes that remain before anything
 * is allocated, nesting is limited to {@link #MAX_DEPTH}, and the forms DAG-CBOR forbids
 * (indefinite lengths, undefined and other simple values, tags other than 42, duplicate keys)
 * are refused. Integer encodings are not required to be minimal on input: the signature covers
 * the raw bytes, so accepting them changes nothing that is signed.
 *
 * <p>Writing produces canonical DAG-CBOR: minimal integer heads and map keys sorted by encoded
 * length, then bytewise, which is what makes a signed document reproducible.
 */
final class DagCbor {
    /** Levels of data items below the top-level map; more than IPNS extensions need, and it bounds the recursion. */
    static final int MAX_DEPTH = 16;

    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_NEGATIVE = 1;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int MAJOR_SIMPLE = 7;
    /** DAG-CBOR's only tag: a CID link. */
    private static final long TAG_CID = 42;

    /** A value of the top-level map, as far as IPNS cares. */
    sealed interface Value {
        /** A byte string. */
        record Bytes(byte[] bytes) implements Value {}

        /** An unsigned integer; the long holds all 64 bits (compare with {@link Long#compareUnsigned}). */
        record Unsigned(long value) implements Value {}

        /** A text string. */
        record Text(String text) implements Value {}

        /** Anything else: read, checked for well-formedness, not kept. */
        record Other(int majorType) implements Value {}
    }

    /** Malformed or unsupported CBOR; the message says where. */
    static final class CborException extends Exception {
        private static final long serialVersionUID = 1L;

        CborException(String message) {
            super(message);
        }
    }

    private DagCbor() {}

    /**
     * Reads one map with text keys that spans all of {@code bytes}.
     *
     * @return the entries in the order they were read
     */
    static Map<String, Value> readMap(byte[] bytes) throws CborException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int initial = readByte(in);
        if (initial >>> 5 != MAJOR_MAP) {
            throw new CborException("expected a map, found major type " + (initial >>> 5));
        }
        long count = readArgument(in, initial);
        // Each entry takes at least two bytes, so a count beyond that cannot be honest.
        if (Long.compareUnsigned(count, in.remaining() / 2) > 0) {
            throw new CborException("map claims " + Long.toUnsignedString(count) + " entries in " + in.remaining() + " bytes");
        }
        Map<String, Value> entries = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            int keyInitial = readByte(in);
            if (keyInitial >>> 5 != MAJOR_TEXT) {
                throw new CborException("map key is not a text string (major type " + (keyInitial >>> 5) + ")");
            }
            String key = readText(in, keyInitial);
            Value value = readValue(in);
            if (entries.putIfAbsent(key, value) != null) {
                throw new CborException("duplicate map key '" + key + "'");
            }
        }
        if (in.hasRemaining()) {
            throw new CborException(in.remaining() + " byte(s) follow the map");
        }
        return Collections.unmodifiableMap(entries);
    }

    private static Value readValue(ByteBuffer in) throws CborException {
        int initial = readByte(in);
        int major = initial >>> 5;
        return switch (major) {
            case MAJOR_UNSIGNED -> new Value.Unsigned(readArgument(in, initial));
            case MAJOR_BYTES -> new Value.Bytes(readPayload(in, initial));
            case MAJOR_TEXT -> new Value.Text(readText(in, initial));
            default -> {
                skipAfterHead(in, initial, 1);
                yield new Value.Other(major);
            }
        };
    }

    /** Walks over one data item whose initial byte has been read. */
    private static void skipAfterHead(ByteBuffer in, int initial, int depth) throws CborException {
        if (depth > MAX_DEPTH) {
            throw new CborException("nesting deeper than " + MAX_DEPTH);
        }
        int major = initial >>> 5;
        switch (major) {
            case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> readArgument(in, initial);
            case MAJOR_BYTES, MAJOR_TEXT -> {
                int length = payloadLength(in, initial);
                in.position(in.position() + length);
            }
            case MAJOR_ARRAY, MAJOR_MAP -> {
                long count = readArgument(in, initial);
                int itemsPerEntry = major == MAJOR_MAP ? 2 : 1;
                if (Long.compareUnsigned(count, in.remaining() / itemsPerEntry) > 0) {
                    throw new CborException("container claims " + Long.toUnsignedString(count) + " entries in " + in.remaining() + " bytes");
                }
                for (long i = 0; i < count * itemsPerEntry; i++) {
                    skipAfterHead(in, readByte(in), depth + 1);
                }
            }
            case MAJOR_TAG -> {
                long tag = readArgument(in, initial);
                if (tag != TAG_CID) {
                    throw new CborException("tag " + Long.toUnsignedString(tag) + " is not allowed in DAG-CBOR");
                }
                skipAfterHead(in, readByte(in), depth + 1);
            }
            default -> skipSimple(in, initial & 0x1f);
        }
    }

    private static void skipSimple(ByteBuffer in, int info) throws CborException {
        switch (info) {
            case 20, 21, 22 -> { /* false, true, null */ }
            case 25 -> skipBytes(in, 2);
            case 26 -> skipBytes(in, 4);
            case 27 -> skipBytes(in, 8);
            default -> throw new CborException("simple value " + info + " is not allowed in DAG-CBOR");
        }
    }

    private static void skipBytes(ByteBuffer in, int n) throws CborException {
        if (in.remaining() < n) {
            throw new CborException("truncated");
        }
        in.position(in.position() + n);
    }

    private static String readText(ByteBuffer in, int initial) throws CborException {
        byte[] utf8 = readPayload(in, initial);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CborException("text string is not valid UTF-8");
        }
    }

    private static byte[] readPayload(ByteBuffer in, int initial) throws CborException {
        byte[] payload = new byte[payloadLength(in, initial)];
        in.get(payload);
        return payload;
    }

    /** The length of a byte or text string, checked against what remains. */
    private static int payloadLength(ByteBuffer in, int initial) throws CborException {
        long length = readArgument(in, initial);
        if (Long.compareUnsigned(length, in.remaining()) > 0) {
            throw new CborException("string of " + Long.toUnsignedString(length) + " bytes but only " + in.remaining() + " remain");
        }
        return (int) length;
    }

    /** The head's argument (value, length or count) as 64 unsigned bits. */
    private static long readArgument(ByteBuffer in, int initial) throws CborException {
        int info = initial & 0x1f;
        if (info < 24) {
            return info;
        }
        int size = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 31 -> throw new CborException("indefinite lengths are not allowed in DAG-CBOR");
            default -> throw new CborException("reserved additional information " + info);
        };
        if (in.remaining() < size) {
            throw new CborException("truncated");
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (in.get() & 0xff);
        }
        return value;
    }

    private static int readByte(ByteBuffer in) throws CborException {
        if (!in.hasRemaining()) {
            throw new CborException("truncated");
        }
        return in.get() & 0xff;
    }

    // ---- writing ----

    /**
     * Encodes a map of text keys to byte strings ({@code byte[]}) and unsigned integers
     * ({@code Long}, all 64 bits), keys in canonical order.
     */
    static byte[] writeMap(Map<String, ?> entries) {
        List<byte[]> keys = new ArrayList<>();
        Map<String, Object> byEncodedKey = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            keys.add(e.getKey().getBytes(StandardCharsets.UTF_8));
            byEncodedKey.put(e.getKey(), e.getValue());
        }
        // Canonical order: shorter keys first, then bytewise (as RFC 7049 and DAG-CBOR define it).
        keys.sort((a, b) -> a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeHead(out, MAJOR_MAP, keys.size());
        for (byte[] key : keys) {
            writeHead(out, MAJOR_TEXT, key.length);
            out.writeBytes(key);
            Object value = byEncodedKey.get(new String(key, StandardCharsets.UTF_8));
            switch (value) {
                case byte[] b -> {
                    writeHead(out, MAJOR_BYTES, b.length);
                    out.writeBytes(b);
                }
                case Long l -> writeHead(out, MAJOR_UNSIGNED, l);
                default -> throw new IllegalArgumentException("unsupported CBOR value " + value.getClass().getSimpleName());
            }
        }
        return out.toByteArray();
    }

    /** A head with the shortest argument encoding; {@code argument} is unsigned. */
    private static void writeHead(ByteArrayOutputStream out, int major, long argument) {
        int type = major << 5;
        if (argument >= 0 && argument < 24) {
            out.write(type | (int) argument);
        } else if (argument >= 0 && argument <= 0xff) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument >= 0 && argument <= 0xffff) {
            out.write(type | 25);
            writeBigEndian(out, argument, 2);
        } else if (argument >= 0 && argument <= 0xffff_ffffL) {
            out.write(type | 26);
            writeBigEndian(out, argument, 4);
        } else {
            out.write(type | 27);
            writeBigEndian(out, argument, 8);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
