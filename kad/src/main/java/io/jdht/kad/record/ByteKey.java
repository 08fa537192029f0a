package io.jdht.kad.record;

import java.util.Arrays;
import java.util.HexFormat;

/** A byte[] map key compared by content (arrays compare by identity); holds its own copy. */
public record ByteKey(byte[] bytes) {
    public ByteKey {
        bytes = bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
