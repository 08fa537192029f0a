package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Every decoder either returns a value that re-encodes to what it read, or throws the one
 * documented exception. In the normal build these run over the seed corpus in
 * src/test/resources; with JAZZER_FUZZ=1 they fuzz.
 */
class MultiformatsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void varint(byte[] input) {
        try {
            long v = Varint.read(ByteBuffer.wrap(input));
            byte[] again = Varint.encode(v);
            assertThat(java.util.Arrays.copyOf(input, again.length)).isEqualTo(again);
        } catch (InvalidMultiformatException expected) {
            // truncated, overlong or not minimal
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multibase(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            Multibase.Decoded d = Multibase.decodeWithBase(text);
            assertThat(d.base().decodeRaw(d.base().encodeRaw(d.data()))).isEqualTo(d.data());
        } catch (InvalidMultiformatException expected) {
            // not multibase text
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multihash(byte[] input) {
        try {
            Multihash mh = Multihash.decode(input);
            assertThat(mh.toBytes()).isEqualTo(input);
        } catch (InvalidMultiformatException expected) {
            // malformed
        }
    }

    @FuzzTest(maxDuration = "60s")
    void cid(FuzzedDataProvider data) {
        boolean text = data.consumeBoolean();
        try {
            if (text) {
                Cid c = Cid.parse(data.consumeRemainingAsString());
                assertThat(Cid.parse(c.toString())).isEqualTo(c);
            } else {
                byte[] bytes = data.consumeRemainingAsBytes();
                Cid c = Cid.decode(bytes);
                assertThat(c.toBytes()).isEqualTo(bytes);
            }
        } catch (InvalidMultiformatException expected) {
            // malformed
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multiaddr(FuzzedDataProvider data) {
        boolean text = data.consumeBoolean();
        try {
            if (text) {
                Multiaddr ma = Multiaddr.parse(data.consumeRemainingAsString());
                assertThat(Multiaddr.decode(ma.toBytes())).isEqualTo(ma);
            } else {
                Multiaddr ma = Multiaddr.decode(data.consumeRemainingAsBytes());
                assertThat(Multiaddr.decode(ma.toBytes())).isEqualTo(ma);
            }
        } catch (InvalidMultiformatException expected) {
            // malformed
        }
    }
}
