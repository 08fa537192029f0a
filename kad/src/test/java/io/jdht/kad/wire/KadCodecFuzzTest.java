package io.jdht.kad.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes either decode to a message or throw {@link KadMessageException}; nothing else (another
 * exception, a hang) is allowed. A decoded message re-encodes to bytes that decode to the same
 * message, and re-encoding is then stable. In the normal build this runs over the seeds in
 * src/test/resources/io/jdht/kad/wire/KadCodecFuzzTestInputs/decode/; with JAZZER_FUZZ=1 it fuzzes.
 */
class KadCodecFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        KadMessage m;
        try {
            m = KadCodec.decode(input);
        } catch (KadMessageException expected) {
            return;
        }
        byte[] again = KadCodec.encode(m);
        assertThat(again.length).isLessThanOrEqualTo(KadCodec.MAX_MESSAGE_BYTES);
        KadMessage decoded;
        try {
            decoded = KadCodec.decode(again);
        } catch (KadMessageException e) {
            throw new AssertionError("a re-encoded message does not decode: " + e.getMessage(), e);
        }
        KadCodecTest.assertSameMessage(decoded, m);
        assertThat(KadCodec.encode(decoded)).isEqualTo(again);
    }
}
