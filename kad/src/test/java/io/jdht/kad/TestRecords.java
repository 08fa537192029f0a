package io.jdht.kad;

import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.RecordValidator;
import java.time.Instant;
import java.util.List;

/** Record validation for tests: the usual namespaces, plus {@code /v/} and {@code /x/} for opaque values. */
public final class TestRecords {
    private TestRecords() {}

    /** Takes any value and keeps the one already held, like an unvalidated store. */
    public static final RecordValidator OPAQUE = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value, Instant now) {}

        @Override
        public int select(byte[] key, List<byte[]> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values to select from");
            }
            return 0;
        }
    };

    /** {@code pk} and {@code ipns} as a node has them, and {@code v} and {@code x} taking anything. */
    public static NamespacedValidator validator() {
        return NamespacedValidator.builder().register("v", OPAQUE).register("x", OPAQUE).build();
    }
}
