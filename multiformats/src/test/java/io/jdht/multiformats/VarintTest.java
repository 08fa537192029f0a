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
    void readLengthEnforcesTheLimit() {
        assertThatThrownBy(() -> Varint.readLength(ByteBuffer.wrap(Varint.encode(5000)), 4096, "block"))
                .hasMessage("block length 5000 exceeds the limit of 4096");
        assertThat(Varint.readLength(ByteBuffer.wrap(Varint.encode(4096)), 4096, "block")).isEqualTo(4096);
    }
}
