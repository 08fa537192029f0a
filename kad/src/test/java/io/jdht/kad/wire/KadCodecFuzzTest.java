package io.jdht.kad.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes either decode to a message or throw {@link KadMessageException}; nothing else (another
 * exception, a hang) is allowed. A decoded message re-encodes to bytes that decode to the same
 * message, and re-encoding is then stable. The same holds for the request path, whose result
 * also keeps within the request limits. In the normal build this runs over the seeds in
 * src/test/resources/io/jdht/kad/wire/KadCodecFuzzTestInputs/decode/; with JAZZER_FUZZ=1 it fuzzes.
 */
class KadCodecFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) {
        roundTrips(input, false);
        KadMessage request = roundTrips(input, true);
        if (request != null) {
            assertThat(request.closerPeers()).isEmpty();
            assertThat(request.providerPeers()).hasSizeLessThanOrEqualTo(KadCodec.MAX_REQUEST_PEERS);
            if (request.type() != KadMessage.MessageType.ADD_PROVIDER) {
                assertThat(request.providerPeers()).isEmpty();
            }
        }
    }

    /** The decoded message, or null if the input was refused. */
    private static KadMessage roundTrips(byte[] input, boolean asRequest) {
        KadMessage m;
        try {
            m = decode(input, asRequest);
        } catch (KadMessageException expected) {
            return null;
        }
        byte[] again = KadCodec.encode(m);
        assertThat(again.length).isLessThanOrEqualTo(KadCodec.MAX_MESSAGE_BYTES);
        KadMessage decoded;
        try {
            decoded = decode(again, asRequest);
        } catch (KadMessageException e) {
            throw new AssertionError("a re-encoded message does not decode: " + e.getMessage(), e);
        }
        KadCodecTest.assertSameMessage(decoded, m);
        assertThat(KadCodec.encode(decoded)).isEqualTo(again);
        return m;
    }

    private static KadMessage decode(byte[] input, boolean asRequest) throws KadMessageException {
        return asRequest ? KadCodec.decodeRequest(input) : KadCodec.decode(input);
    }
}
