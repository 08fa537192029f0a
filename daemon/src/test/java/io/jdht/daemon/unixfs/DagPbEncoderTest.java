package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbEncoderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid CHILD = Cid.v0(Multihash.sha2_256(new byte[] {1}));

    @Test
    void linksComeBeforeDataAndLinkFieldsInNumberOrder() {
        byte[] block = new PbNode(List.of(PbLink.of(CHILD, "", 300)), new byte[] {8, 2}).encode();
        String hash = HEX.formatHex(CHILD.toBytes());
        // 12 len { 0a 22 <hash> 12 00 18 ac02 }  0a 02 { 08 02 }
        assertThat(HEX.formatHex(block)).isEqualTo("12" + "29" + "0a22" + hash + "1200" + "18ac02" + "0a02" + "0802");
    }

    @Test
    void absentNameAndTsizeAreLeftOutButAnEmptyNameIsWritten() {
        String hash = HEX.formatHex(CHILD.toBytes());
        assertThat(HEX.formatHex(new PbNode(List.of(new PbLink(CHILD, null, null)), null).encode()))
                .isEqualTo("1224" + "0a22" + hash);
        assertThat(HEX.formatHex(new PbNode(List.of(new PbLink(CHILD, "", null)), null).encode()))
                .isEqualTo("1226" + "0a22" + hash + "1200");
    }

    @Test
    void absentAndEmptyDataDiffer() {
        assertThat(new PbNode(List.of(), null).encode()).isEmpty();
        assertThat(new PbNode(List.of(), new byte[0]).encode()).containsExactly(0x0a, 0x00);
    }

    @Test
    void cidv1HashesAreWrittenInTheirBinaryForm() {
        Cid raw = Cid.v1(Multicodec.RAW, Multihash.sha2_256(new byte[0]));
        byte[] block = new PbNode(List.of(PbLink.of(raw, "a", 0)), null).encode();
        assertThat(HEX.formatHex(block)).isEqualTo("122b" + "0a24" + HEX.formatHex(raw.toBytes()) + "120161" + "1800");
    }

    @Test
    void linksMustBeSortedByNameBytes() {
        PbLink b = PbLink.of(CHILD, "b", 1);
        PbLink a = PbLink.of(CHILD, "a", 1);
        assertThatThrownBy(() -> new PbNode(List.of(b, a), null).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted by name");
        // an absent name sorts as empty, equal names keep their order
        assertThat(new PbNode(List.of(new PbLink(CHILD, null, null), PbLink.of(CHILD, "", 1), a, a, b), null).encode())
                .isNotEmpty();
        // bytes, not UTF-16 units: U+FFFD (ef bf bd) sorts before U+1F600 (f0 9f 98 80)
        assertThat(new PbNode(List.of(PbLink.of(CHILD, "\uFFFD", 1), PbLink.of(CHILD, "\uD83D\uDE00", 1)), null).encode())
                .isNotEmpty();
    }

    @Test
    void negativeTsizeIsRefused() {
        assertThatThrownBy(() -> PbLink.of(CHILD, "", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
