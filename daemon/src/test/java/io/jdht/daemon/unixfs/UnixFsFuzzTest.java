package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The dag-pb and UnixFS Data decoders take any bytes: what they accept survives a round trip
 * through the encoders, and everything else fails with {@link MalformedNodeException} alone.
 */
class UnixFsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void dagPb(byte[] input) {
        PbNode node;
        try {
            node = DagPbDecoder.decode(input);
        } catch (MalformedNodeException expected) {
            return;
        }
        byte[] encoded;
        try {
            encoded = node.encode();
        } catch (IllegalArgumentException unsorted) {
            // a block may hold links out of name order; only new blocks must sort them
            return;
        }
        assertThat(DagPbDecoder.decode(encoded)).isEqualTo(node);
    }

    @FuzzTest(maxDuration = "60s")
    void unixFsData(byte[] input) {
        UnixFsData data;
        try {
            data = UnixFsData.decode(input);
        } catch (MalformedNodeException expected) {
            return;
        }
        assertThat(UnixFsData.decode(data.encode())).isEqualTo(data);
    }
}
