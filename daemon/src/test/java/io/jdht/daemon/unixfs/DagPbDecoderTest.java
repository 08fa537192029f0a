package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbDecoderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid CHILD = Cid.v0(Multihash.sha2_256(new byte[] {1}));
    private static final String HASH = "0a22" + HEX.formatHex(CHILD.toBytes());

    private static PbNode decode(String hex) {
        return DagPbDecoder.decode(HEX.parseHex(hex));
    }

    private static void assertMalformed(String hex, String message) {
        assertThatThrownBy(() -> decode(hex)).isInstanceOf(MalformedNodeException.class).hasMessageContaining(message);
    }

    @Test
    void roundTrips() {
        PbNode node = new PbNode(List.of(
                PbLink.of(CHILD, "", 262158),
                new PbLink(Cid.v1(Multicodec.RAW, Multihash.sha2_256(new byte[0])), null, 0L),
                new PbLink(CHILD, "b", null),
                PbLink.of(CHILD, "caf\u00e9 \uD83D\uDE00", Long.MAX_VALUE)), new byte[] {8, 2, 0x18, 0});
        assertThat(DagPbDecoder.decode(node.encode())).isEqualTo(node);
        assertThat(DagPbDecoder.decode(new byte[0])).isEqualTo(new PbNode(List.of(), null));
        assertThat(DagPbDecoder.decode(new byte[] {0x0a, 0})).isEqualTo(new PbNode(List.of(), new byte[0]));
    }

    @Test
    void acceptsDataBeforeLinksAsOldBlocksHaveIt() {
        PbNode node = decode("0a020801" + "1224" + HASH + "1224" + HASH);
        assertThat(node.links()).hasSize(2);
        assertThat(node.data()).containsExactly(8, 1);
    }

    @Test
    void rejectsLinksOnBothSidesOfData() {
        assertMalformed("1224" + HASH + "0a020801" + "1224" + HASH, "Links appear both before and after Data");
    }

    @Test
    void rejectsDuplicateData() {
        assertMalformed("0a0108" + "0a0108", "Data appears twice");
    }

    @Test
    void rejectsUnknownNodeFieldsAndWireTypes() {
        assertMalformed("1a00", "unknown field 3");
        assertMalformed("0800", "field 1 has wire type 0, expected 2");
        assertMalformed("1500000000", "field 2 has wire type 5");
        assertMalformed("0b", "unsupported wire type 3");
        assertMalformed("0200", "invalid field number 0");
    }

    @Test
    void rejectsLinkFieldsOutOfOrderOrTwice() {
        assertMalformed("1226" + "1200" + HASH, "Hash after Name");
        assertMalformed("1228" + HASH + "1801" + "1200", "Name after Tsize");
        assertMalformed("1248" + HASH + HASH, "Hash appears twice");
        assertMalformed("1228" + HASH + "12001200", "Name appears twice");
    }

    @Test
    void rejectsUnknownLinkFieldsAndWrongWireTypes() {
        assertMalformed("1226" + HASH + "2000", "unknown field 4");
        assertMalformed("1226" + HASH + "1000", "Name has wire type 0, expected 2");
        assertMalformed("1226" + HASH + "1a00", "Tsize has wire type 2, expected 0");
        assertMalformed("1202" + "0801", "Hash has wire type 0, expected 2");
    }

    @Test
    void rejectsLinksWithoutAUsableHash() {
        assertMalformed("1202" + "1200", "has no Hash");
        assertMalformed("1200", "has no Hash");
        assertMalformed("1204" + "0a021220", "Hash is not a CID");
        assertMalformed("1202" + "0a00", "Hash is not a CID");
    }

    @Test
    void rejectsNamesThatAreNotUtf8() {
        assertMalformed("1227" + HASH + "1201ff", "Name is not valid UTF-8");
        assertMalformed("1228" + HASH + "1202c0af", "Name is not valid UTF-8"); // overlong encoding of '/'
    }

    @Test
    void rejectsTruncationAndOverlongLengths() {
        assertMalformed("12", "truncated varint");
        assertMalformed("1225" + HASH, "runs past the end");
        assertMalformed("0a05" + "0102", "runs past the end");
        assertMalformed("0aff", "truncated varint");
        assertMalformed("0a" + "ffffffffffffffffff01", "runs past the end");
        assertMalformed("0a" + "ffffffffffffffffff02", "does not fit 64 bits");
        assertMalformed("0a" + "8080808080808080808000", "varint does not fit 64 bits");
    }

    @Test
    void rejectsTsizeBeyondALong() {
        assertMalformed("122f" + HASH + "18" + "80808080808080808001", "Tsize 9223372036854775808 is larger than 2^63 - 1");
    }

    @Test
    void enforcesTheBlockSizeLimitBeforeReading() {
        byte[] block = new PbNode(List.of(), new byte[100]).encode();
        assertThat(DagPbDecoder.decode(block, new DagPbLimits(102, 10)).data()).hasSize(100);
        assertThatThrownBy(() -> DagPbDecoder.decode(block, new DagPbLimits(101, 10)))
                .isInstanceOf(MalformedNodeException.class)
                .hasMessage("dag-pb block of 102 bytes exceeds the limit of 101");
        assertThatThrownBy(() -> DagPbDecoder.decode(new byte[DagPbLimits.DEFAULT.maxBlockBytes() + 1]))
                .isInstanceOf(MalformedNodeException.class).hasMessageContaining("exceeds the limit of 2097152");
    }

    @Test
    void enforcesTheLinkLimit() {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            links.add(PbLink.of(CHILD, "", i));
        }
        byte[] block = new PbNode(links, null).encode();
        assertThat(DagPbDecoder.decode(block, new DagPbLimits(1 << 20, 5)).links()).hasSize(5);
        assertThatThrownBy(() -> DagPbDecoder.decode(block, new DagPbLimits(1 << 20, 4)))
                .isInstanceOf(MalformedNodeException.class).hasMessageContaining("more than 4 links");
    }
}
