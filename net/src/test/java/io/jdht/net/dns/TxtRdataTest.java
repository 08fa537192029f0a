package io.jdht.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TxtRdataTest {
    @Test
    void joinsTheCharacterStringsOfOneRecord() {
        assertThat(TxtRdata.decode(new byte[] {2, 'a', 'b', 0, 1, 'c'})).isEqualTo("abc");
        assertThat(TxtRdata.decode(new byte[] {0})).isEmpty();
        assertThat(TxtRdata.decode(new byte[0])).isEmpty();
    }

    @Test
    void aStringRunningPastTheEndIsRefused() {
        assertThatThrownBy(() -> TxtRdata.decode(new byte[] {2, 'a', 'b', 5, 'c'}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character-string of 5 bytes at offset 3 runs past the end of the 5 bytes");
    }

    @Test
    void moreThanARecordCanHoldIsRefused() {
        assertThatThrownBy(() -> TxtRdata.decode(new byte[TxtRdata.MAX_LENGTH + 1]))
                .hasMessageContaining("exceeds 65535");
    }
}
