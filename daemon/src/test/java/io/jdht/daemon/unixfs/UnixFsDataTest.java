package io.jdht.daemon.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UnixFsDataTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(UnixFsData d) {
        return HEX.formatHex(d.encode());
    }

    private static void assertMalformed(String hex, String message) {
        assertThatThrownBy(() -> UnixFsData.decode(HEX.parseHex(hex)))
                .isInstanceOf(MalformedNodeException.class).hasMessageContaining(message);
    }

    @Test
    void encodesAsKuboDoes() {
        // Type, Data, filesize in field order; the block around it is Kubo's QmZULk… for "hello\n"
        assertThat(hex(UnixFsData.fileLeaf("hello\n".getBytes(UTF_8)))).isEqualTo("0802" + "120668656c6c6f0a" + "1806");
        // an empty file: no Data field at all, but a filesize of zero
        assertThat(hex(UnixFsData.fileLeaf(new byte[0]))).isEqualTo("0802" + "1800");
        assertThat(hex(UnixFsData.directory())).isEqualTo("0801");
        // blocksizes unpacked, one field 4 each
        assertThat(hex(UnixFsData.fileParent(List.of(262144L, 1L)))).isEqualTo("0802" + "18818010" + "20808010" + "2001");
    }

    @Test
    void roundTripsEveryField() {
        UnixFsData full = new UnixFsData(UnixFsType.HAMT_SHARD, new byte[] {1, 2, 3}, OptionalLong.of(7),
                List.of(3L, 4L), OptionalLong.of(0x22), OptionalLong.of(256), OptionalInt.of(0xFFFF_F1ED),
                Optional.of(new UnixFsTime(-1, 999_999_999)));
        assertThat(UnixFsData.decode(full.encode())).isEqualTo(full);
        UnixFsData bare = new UnixFsData(UnixFsType.RAW, new byte[0], OptionalLong.empty(), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.empty());
        assertThat(hex(bare)).isEqualTo("0800");
        assertThat(UnixFsData.decode(bare.encode())).isEqualTo(bare);
    }

    @Test
    void mtimeLeavesAZeroFractionOutAndWritesSecondsAsAPlainVarint() {
        UnixFsData withTime = new UnixFsData(UnixFsType.FILE, new byte[0], OptionalLong.of(0), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.of(0644), Optional.of(new UnixFsTime(5, 0)));
        assertThat(hex(withTime)).isEqualTo("0802" + "1800" + "38a403" + "42020805");
        UnixFsData negative = new UnixFsData(UnixFsType.FILE, new byte[0], OptionalLong.empty(), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.of(new UnixFsTime(-1, 1)));
        assertThat(hex(negative)).isEqualTo("0802" + "4210" + "08ffffffffffffffffff01" + "1501000000");
    }

    @Test
    void acceptsPackedBlocksizes() {
        assertThat(UnixFsData.decode(HEX.parseHex("0802" + "2203010203" + "2004")).blocksizes()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void skipsUnknownFields() {
        UnixFsData d = UnixFsData.decode(HEX.parseHex("0802" + "4801" + "5200" + "5d00000000" + "590000000000000000" + "1801"));
        assertThat(d).isEqualTo(new UnixFsData(UnixFsType.FILE, new byte[0], OptionalLong.of(1), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.empty()));
    }

    @Test
    void requiresAKnownType() {
        assertMalformed("1800", "has no Type (field 1), which is required");
        assertMalformed("", "has no Type");
        assertMalformed("0806", "unknown Type 6");
        assertMalformed("0a00", "Type (field 1) has wire type 2, expected 0");
    }

    @Test
    void rejectsRepeatedSingularFields() {
        assertMalformed("08020802", "Type appears twice");
        assertMalformed("080218001800", "filesize appears twice");
        assertMalformed("0802" + "1200" + "1200", "Data appears twice");
        assertMalformed("0805" + "2800" + "2800", "hashType appears twice");
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertMalformed("0805" + "30818008", "fanout 131073 exceeds the limit of 1024");
        assertMalformed("0802" + "388080808010", "mode 4294967296 does not fit 32 bits");
        assertMalformed("0802" + "18" + "80808080808080808001", "filesize 9223372036854775808 is larger than 2^63 - 1");
        assertMalformed("0802" + "20" + "ffffffffffffffffff01", "blocksize 18446744073709551615 is larger");
        assertMalformed("0802" + "2201", "runs past the end");
        assertMalformed("0802" + "2a00", "hashType (field 5) has wire type 2, expected 0");
        assertMalformed("0802" + "25" + "00000000", "blocksizes (field 4) has wire type 5, expected 0 or 2");
    }

    @Test
    void checksTheMtime() {
        assertMalformed("0802" + "4207" + "0801" + "1500000000", "FractionalNanoseconds 0 is outside 1 to 999999999");
        assertMalformed("0802" + "4207" + "0801" + "1500ca9a3b", "FractionalNanoseconds 1000000000 is outside");
        assertMalformed("0802" + "4205" + "1501000000", "mtime: has no Seconds");
        assertMalformed("0802" + "4202" + "1001", "FractionalNanoseconds (field 2) has wire type 0, expected 5");
        assertMalformed("0802" + "4203" + "0801", "runs past the end");
    }

    @Test
    void rejectsTruncationAndSizeBeyondTheLimit() {
        assertMalformed("08", "truncated varint");
        assertMalformed("0802" + "1205" + "0102", "runs past the end");
        assertMalformed("0802" + "5d0000", "truncated fixed32");
        assertMalformed("0802" + "1f", "unsupported wire type 7");
        assertThatThrownBy(() -> UnixFsData.decode(new byte[UnixFsDataDecoder.MAX_BYTES + 1]))
                .isInstanceOf(MalformedNodeException.class).hasMessageContaining("exceed the limit of 2097152");
    }

    @Test
    void refusesNegativeSizesAndOutOfRangeNanos() {
        assertThatThrownBy(() -> UnixFsData.fileParent(List.of(-1L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnixFsData.fileParent(List.of(Long.MAX_VALUE, 1L))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> new UnixFsTime(0, 1_000_000_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
