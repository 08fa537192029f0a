package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every decoder either returns a value that re-encodes to what it read, or throws the one
 * documented exception, {@link InvalidMultiformatException}; anything else (another exception, a
 * hang, a failed assertion) is a finding. In the normal build these run over the seed corpus in
 * src/test/resources/io/jdht/multiformats/MultiformatsFuzzTestInputs/&lt;method&gt;/; with
 * JAZZER_FUZZ=1 they fuzz.
 *
 * <p>Text targets take raw bytes and read them as UTF-8, so that a seed file is simply the text.
 */
class MultiformatsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void varint(byte[] input) {
        try {
            Varint.Decoded d = Varint.decode(input, 0);
            // minimal encoding is enforced, so the value re-encodes to exactly the bytes read
            assertThat(Varint.encode(d.value())).isEqualTo(Arrays.copyOf(input, d.length()));
            ByteBuffer in = ByteBuffer.wrap(input);
            assertThat(Varint.read(in)).isEqualTo(d.value());
            assertThat(in.position()).isEqualTo(d.length());
        } catch (InvalidMultiformatException expected) {
            // truncated, longer than nine bytes, or not minimal
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multibaseText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Multibase.Decoded d = Multibase.decodeWithBase(text);
            String again = d.base().encode(d.data());
            assertThat(Multibase.decode(again)).isEqualTo(d.data());
        } catch (InvalidMultiformatException expected) {
            // unknown prefix, a character outside the alphabet, a length no data encodes to, or too long
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multihashBytes(byte[] input) {
        try {
            Multihash mh = Multihash.decode(input);
            assertThat(mh.toBytes()).isEqualTo(input);
            assertThat(Multihash.fromBase58(mh.toBase58())).isEqualTo(mh);
        } catch (InvalidMultiformatException expected) {
            // truncated, trailing bytes, or a digest over the limit
        }
    }

    @FuzzTest(maxDuration = "60s")
    void cidText(byte[] input) {
        try {
            Cid c = Cid.parse(new String(input, StandardCharsets.UTF_8));
            assertThat(Cid.parse(c.toString())).isEqualTo(c);
            assertThat(Cid.decode(c.toBytes())).isEqualTo(c);
        } catch (InvalidMultiformatException expected) {
            // not a CID
        }
    }

    @FuzzTest(maxDuration = "60s")
    void cidBytes(byte[] input) {
        try {
            Cid c = Cid.decode(input);
            assertThat(c.toBytes()).isEqualTo(input);
            assertThat(Cid.parse(c.toString())).isEqualTo(c);
        } catch (InvalidMultiformatException expected) {
            // not a binary CID
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multiaddrText(byte[] input) {
        try {
            Multiaddr ma = Multiaddr.parse(new String(input, StandardCharsets.UTF_8));
            // the printed form is canonical: it parses back to the same value, as do the bytes
            assertThat(Multiaddr.parse(ma.toString())).isEqualTo(ma);
            assertThat(Multiaddr.decode(ma.toBytes())).isEqualTo(ma);
        } catch (InvalidMultiformatException expected) {
            // not a multiaddr
        }
    }

    @FuzzTest(maxDuration = "60s")
    void multiaddrBytes(byte[] input) {
        try {
            Multiaddr ma = Multiaddr.decode(input);
            assertThat(ma.toBytes()).isEqualTo(input);
            assertThat(Multiaddr.parse(ma.toString())).isEqualTo(ma);
        } catch (InvalidMultiformatException expected) {
            // not a binary multiaddr
        }
    }
}
