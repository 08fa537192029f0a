package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarintTest {
    @ParameterizedTest
    @CsvSource({"0,00", "1,01", "127,7f", "128,8001", "255,ff01", "300,ac02", "16384,808001",
        "9223372036854775807,ffffffffffffffff7f"})
    void encodesTheSpecExamples(long value, String hex) {
        assertThat(HexFormat.of().formatHex(Varint.encode(value))).isEqualTo(hex);
        Varint.Decoded d = Varint.decode(HexFormat.of().parseHex(hex), 0);
        assertThat(d.value()).isEqualTo(value);
        assertThat(d.length()).isEqualTo(hex.length() / 2);
        assertThat(Varint.size(value)).isEqualTo(hex.length() / 2);
    }

    @Test
    void rejectsNonMinimalTruncatedAndOverlongInput() {
        assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x80, 0x00}, 0))
                .isInstanceOf(InvalidMultiformatException.class).hasMessageContaining("minimal");
        assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x80}, 0))
                .isInstanceOf(InvalidMultiformatException.class).hasMessageContaining("truncated");
        byte[] ten = new byte[10];
        java.util.Arrays.fill(ten, (byte) 0xFF);
        assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(ten)))
                .isInstanceOf(InvalidMultiformatException.class).hasMessageContaining("longer than 9");
        assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizesAtEachSevenBitBoundary() {
        for (int bytes = 1; bytes <= 9; bytes++) {
            long largest = bytes == 9 ? Long.MAX_VALUE : (1L << (7 * bytes)) - 1;
            assertThat(Varint.size(largest)).isEqualTo(bytes);
            assertThat(Varint.encode(largest)).hasSize(bytes);
            assertThat(Varint.decode(Varint.encode(largest), 0).value()).isEqualTo(largest);
            if (bytes < 9) {
                assertThat(Varint.size(largest + 1)).isEqualTo(bytes + 1);
            }
        }
    }

    @Test
    void writesAndReadsAtOffsetsAndBufferPositions() {
        byte[] out = new byte[12];
        int n = Varint.write(300, out, 3);
        assertThat(n).isEqualTo(2);
        assertThat(Varint.decode(out, 3)).isEqualTo(new Varint.Decoded(300, 2));
        ByteBuffer buf = ByteBuffer.allocate(20);
        Varint.write(1, buf);
        Varint.write(Long.MAX_VALUE, buf);
        buf.put((byte) 0x55).flip();
        assertThat(Varint.read(buf)).isEqualTo(1);
        assertThat(Varint.read(buf)).isEqualTo(Long.MAX_VALUE);
        assertThat(buf.remaining()).isEqualTo(1); // the varint reader stops at the last byte of the value
        assertThatThrownBy(() -> Varint.write(-5, ByteBuffer.allocate(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ninthByteMayNotContinueOrOverflow() {
        // nine bytes with the continuation bit on the ninth: would need a tenth byte, beyond the spec's cap
        byte[] nineContinuing = HexFormat.of().parseHex("ffffffffffffffffff01");
        assertThatThrownBy(() -> Varint.decode(nineContinuing, 0)).hasMessageContaining("longer than 9");
        // nine bytes with a zero last byte are not minimal
        assertThatThrownBy(() -> Varint.decode(HexFormat.of().parseHex("808080808080808000"), 0))
                .hasMessageContaining("minimal");
        assertThatThrownBy(() -> Varint.decode(new byte[] {1}, 1)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(HexFormat.of().parseHex("ffff"))))
                .hasMessageContaining("truncated after 2");
    }

    @Test
    void readLengthEnforcesTheLimit() {
        assertThatThrownBy(() -> Varint.readLength(ByteBuffer.wrap(Varint.encode(Long.MAX_VALUE)), Integer.MAX_VALUE, "frame"))
                .hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> Varint.readLength(ByteBuffer.wrap(Varint.encode(5000)), 4096, "block"))
                .hasMessage("block length 5000 exceeds the limit of 4096");
        assertThat(Varint.readLength(ByteBuffer.wrap(Varint.encode(4096)), 4096, "block")).isEqualTo(4096);
    }
}
